"""SQLite storage, one module per aggregate. Importing the package registers every aggregate's tables."""

import importlib
import pkgutil


def _load_all() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}")


_load_all()
