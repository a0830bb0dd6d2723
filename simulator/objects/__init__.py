"""The Kaltura vocabulary. Importing this package registers every object type, enum and error it declares."""

import importlib
import pkgutil

from simulator.objects import core, errors, model  # noqa: F401  (core first: other modules build on its types)


def _load_all() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}")


_load_all()
