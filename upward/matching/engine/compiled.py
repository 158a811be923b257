"""scipy's compiled solvers, without the import cost of the packages around them.

``from scipy.optimize import linear_sum_assignment`` imports all of scipy's optimisers
(linprog, HiGHS, ...), and ``from scipy.sparse.csgraph import ...`` imports
``scipy.sparse.linalg`` and ``scipy.linalg`` on the way (its Laplacian needs them): together
about 0.2 s of a command-line run that is otherwise 0.3 s of start-up. The functions the
engine uses live in small compiled modules that need only numpy and ``scipy.sparse``, so
they are loaded from their files directly. Python keeps one copy of an extension module
per process, so a later ordinary import of the package gets these same modules. If scipy
ever lays its files out differently, the ordinary import is used instead.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import scipy

__all__ = ["lsap", "matching", "maximum_flow"]


@cache
def _extension(package: str, name: str) -> ModuleType:
    """``package.name`` (a compiled module of scipy), loaded without ``package``."""
    full = f"{package}.{name}"
    try:
        folder = Path(scipy.__file__).parent.joinpath(*package.split(".")[1:])
        path = str(next(folder.glob(f"{name}.*")))
        loader = importlib.machinery.ExtensionFileLoader(full, path)
        spec = importlib.util.spec_from_file_location(full, path, loader=loader)
        if spec is None:  # pragma: no cover - depends on scipy's layout
            raise ImportError(full)
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
        return module
    except Exception:  # pragma: no cover - depends on scipy's layout
        return importlib.import_module(full)


def lsap() -> Any:
    """``scipy.optimize.linear_sum_assignment``."""
    return _extension("scipy.optimize", "_lsap").linear_sum_assignment


def matching() -> ModuleType:
    """The module of ``maximum_bipartite_matching`` and
    ``min_weight_full_bipartite_matching`` (``scipy.sparse.csgraph``)."""
    return _extension("scipy.sparse.csgraph", "_matching")


def maximum_flow(*args: Any, **kwargs: Any) -> Any:
    """``scipy.sparse.csgraph.maximum_flow``."""
    return _extension("scipy.sparse.csgraph", "_flow").maximum_flow(*args, **kwargs)
