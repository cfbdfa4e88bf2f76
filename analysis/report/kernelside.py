"""Code the report builder runs inside its kernels, between notebooks (never in the builder).

A warm kernel runs many notebooks. :func:`warm_up` imports the heavy libraries and loads the
validated data once; :func:`prepare` puts the kernel back into the state a fresh kernel
would be in before each notebook (empty user namespace, execution counter at 1, matplotlib
figures closed and settings restored, pandas options and warning filters restored) and sets
the page context; :func:`finish` clears it. Caches of loaded data are keyed on file content
(see :mod:`analysis.load`), so keeping them is safe.
"""

from __future__ import annotations

import gc
import os
import warnings

_snapshot: dict[str, object] = {}


def warm_up() -> None:
    """Import what the notebooks use and load the data package (taking over what the last
    kernel saved, see :mod:`analysis.report.warm_state`), then snapshot the global settings
    that :func:`prepare` restores."""
    import matplotlib.pyplot  # noqa: F401  (the inline backend applies its settings here)

    from analysis.checks import loaders as load  # noqa: F401
    from analysis.places import maps
    from analysis.report import warm_state

    restored = warm_state.restore()
    before = _held() if restored else None
    load.validate_package()
    maps.country_shapes()
    if _held() != before:
        warm_state.save()
    _saved.update(_held())
    _take_snapshot()
    _collect()


_saved: dict[str, int] = {}  # what the warm state on disk held when this kernel last read or wrote it


def _held() -> dict[str, int]:
    from analysis.package import load
    from analysis.places import maps

    return {"tables": load.cached_tables(), "geometry": len(maps.geometry_snapshot())}


def _save_warm_state() -> None:
    """Save the warm state again when this kernel computed something since (a map projection
    on its first page of that map, a table edited in the meantime)."""
    from analysis.report import warm_state

    if _held() != _saved:
        warm_state.save()
        _saved.update(_held())


def _take_snapshot() -> None:
    import matplotlib

    _snapshot["rc"] = dict(matplotlib.rcParams)
    _snapshot["warnings"] = list(warnings.filters)


def prepare(slug: str | None, output_dir: str | None, cwd: str) -> None:
    """Reset the kernel's state before a notebook and set the page being built (``None``:
    no page context, as in JupyterLab)."""
    from IPython import get_ipython

    from analysis import pages

    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # user namespace, output history, execution count
    if "rc" in _snapshot:  # a warm kernel: undo what earlier notebooks changed
        import matplotlib
        import matplotlib.pyplot as plt
        import pandas as pd

        plt.close("all")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_snapshot["rc"])
            pd.reset_option("all")
        warnings.filters[:] = _snapshot["warnings"]
    os.chdir(cwd)
    if slug is None:
        pages.end_page()
    else:
        pages.begin_page(slug, output_dir)


def finish() -> None:
    """After a notebook: no page context, no figures left, memory returned."""
    from analysis import pages

    pages.end_page()
    try:
        import matplotlib.pyplot as plt

        plt.close("all")
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    if _saved:  # a warm kernel: keep what the page added (a map projection) for the next one
        _save_warm_state()
    _collect()


def _collect() -> None:
    """Collect the notebook's garbage, then freeze what survives (imported modules, the caches
    of validated tables and memberships) so later collections skip it. Without the freeze,
    every collection, here and in the shell's reset, walks the whole heap: on a warm kernel
    that had built a few hundred pages, about a third of a second per page."""
    gc.collect()
    gc.freeze()
