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
    """Import what the notebooks use and load the data package, then snapshot the global
    settings that :func:`prepare` restores."""
    import matplotlib.pyplot  # noqa: F401  (the inline backend applies its settings here)

    from analysis.checks import loaders as load  # noqa: F401
    from analysis.places import maps

    load.validate_package()
    maps.country_shapes()
    _take_snapshot()
    _collect()


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
    _collect()


def _collect() -> None:
    """Collect the notebook's garbage, then freeze what survives (imported modules, the caches
    of validated tables and memberships) so later collections skip it. Without the freeze,
    every collection, here and in the shell's reset, walks the whole heap: on a warm kernel
    that had built a few hundred pages, about a third of a second per page."""
    gc.collect()
    gc.freeze()
