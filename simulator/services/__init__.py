"""Kaltura services, one module each. Importing the package registers every service, action and seed step."""

import importlib
import pkgutil

import simulator.objects  # noqa: F401  (types first: actions refer to them by name)


def _load_all() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}")


_load_all()
