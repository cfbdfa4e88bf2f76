"""What a warm kernel has read and computed, kept on disk so the next kernel starts warm.

A report kernel's warm-up (:func:`analysis.report.kernelside.warm_up`) validates the whole
data package and decodes the map geometry: about 0.7 s of every kernel start, and most of
the time ``make report`` waits for. The kernel then saves what it holds (the validated
tables, :func:`analysis.package.load.cache_snapshot`, and the geometry,
:func:`analysis.places.maps.geometry_snapshot`) to ``build/kernel-warm-state.pickle``, and
the next kernel takes it over before validating.

Nothing here decides what is valid. A restored table is used only while every file its
validation read still has the digest it had then (the package's own cache rule), so an
edited data file is read and checked again, and the package's rules spanning tables run at
every warm-up. The file is used only by the same code (the digest of ``analysis/`` and the
pins, :func:`analysis.report.fingerprint.code_digest`) under the same Python; anything else,
an unreadable file included, is ignored and replaced. It is a pickle written by this
project's own kernels into its ``build/`` folder: trust it as you trust the checkout.
"""

from __future__ import annotations

import os
import pickle
import sys
from functools import cache

from analysis.package import paths

STATE_FILE = paths.PROJECT_ROOT / "build" / "kernel-warm-state.pickle"


@cache
def _version() -> dict[str, str]:
    from analysis.report.fingerprint import code_digest

    return {"code": code_digest(), "python": sys.version}


def restore() -> bool:
    """Take over the saved state if it was written by this code; True when it was."""
    from analysis.package import load
    from analysis.places import maps

    try:
        with open(STATE_FILE, "rb") as handle:
            state = pickle.load(handle)
        if not isinstance(state, dict) or state.get("version") != _version():
            return False
        load.restore_cache(state["tables"])
        maps.restore_geometry(state["geometry"])
    except Exception:  # noqa: BLE001 - only a cache: a missing, old or broken file is rebuilt
        return False
    return True


def save() -> None:
    """Write what this process holds (for the data package in the default folder)."""
    from analysis.package import load
    from analysis.places import maps

    state = {"version": _version(), "tables": load.cache_snapshot(), "geometry": maps.geometry_snapshot()}
    partial = STATE_FILE.with_name(f"{STATE_FILE.name}.{os.getpid()}.partial")
    try:
        STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(STATE_FILE)
    except OSError:
        partial.unlink(missing_ok=True)  # only a cache
