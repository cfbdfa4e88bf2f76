"""Provenance of a build: package version, git commit, data hash, and a citation line.

Every page carries it (and its ``.json`` sidecar), so a figure quoted in a paper can be
traced to the code and data that produced it. Any date shown is the commit's date (or
``SOURCE_DATE_EPOCH`` when set), never the wall clock, so rebuilding the same commit gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from functools import cache

from analysis.package import paths

# Paths whose uncommitted changes can change a page.
TRACKED_INPUTS = ("analysis", "data", "notebooks", "pyproject.toml", "requirements.lock")


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=paths.PROJECT_ROOT, capture_output=True, text=True,
                                timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


@cache
def package_version() -> str:
    """The version in ``pyproject.toml``."""
    with open(paths.PROJECT_ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def build_date(commit: str | None) -> str | None:
    """ISO date (UTC) of ``SOURCE_DATE_EPOCH`` if set, else of the commit; None if neither."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None and commit is not None:
        epoch = _git("log", "-1", "--format=%ct", commit)
    if not epoch:
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()


def build_provenance(data_hash: str) -> dict[str, object]:
    """What every page of this build shares: package, version, commit (``None`` outside a
    git checkout), ``tree_dirty`` (uncommitted changes under analysis/, data/, notebooks/ or
    the dependency pins), the commit's date and the data package's SHA-256."""
    commit = _git("rev-parse", "HEAD")
    dirty = None
    if commit is not None:
        status = _git("status", "--porcelain", "--", *TRACKED_INPUTS)
        dirty = bool(status) if status is not None else None
    return {
        "package": "trafficking-operations",
        "version": package_version(),
        "commit": commit,
        "commit_short": commit[:10] if commit else None,
        "commit_date": build_date(commit),
        "tree_dirty": dirty,
        "data_hash": data_hash,
        "data_hash_short": data_hash[:12],
    }


def page_provenance(build: dict[str, object], slug: str, title: str, parameters: dict[str, str]) -> dict:
    """``build`` plus the page's slug, parameters and a ready 'How to cite this page' line."""
    commit = build["commit_short"] or "no git commit"
    if build["tree_dirty"]:
        commit += " with uncommitted changes"
    dated = f", {build['commit_date']}" if build["commit_date"] else ""
    cite = (f"trafficking-operations contributors. \u201c{title}.\u201d trafficking-operations "
            f"{build['version']} (commit {commit}{dated}; data package sha256:{build['data_hash_short']}), "
            f"page reports/{slug}.html. Cite the original source of each figure as well.")
    return {**build, "page": slug, "parameters": dict(parameters), "cite": cite}
