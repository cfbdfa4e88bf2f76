"""The builder checks the whole data package once, before it plans anything.

Every build command (``build``, ``build --dry-run``, ``one``, ``list``) first runs the intake
checks (:mod:`analysis.package.intake`: standard library, fast) and then the validator
(:func:`analysis.checks.loaders.validate_package`) on the data folder, so a bad package stops the
build with the validator's one-line problems, before a grid is computed, a kernel started
or the index rewritten. A package found valid is remembered in ``build/`` under the digest
of its files and of the code: an unchanged project is not validated again (and does not
import pandas to find that nothing needs building).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from analysis.package import intake, paths

VERDICT_CACHE = paths.PROJECT_ROOT / "build" / "data-verdict.json"


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"


def _remembered(key: dict) -> bool:
    try:
        return json.loads(VERDICT_CACHE.read_text(encoding="utf-8")) == key
    except (OSError, ValueError):
        return False


def _remember(key: dict) -> None:
    try:
        VERDICT_CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = VERDICT_CACHE.with_name(f"{VERDICT_CACHE.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(key), encoding="utf-8")
        partial.replace(VERDICT_CACHE)
    except OSError:
        pass  # only a cache


def problems(data_dir: Path, code: str) -> str | None:
    """Why the package in ``data_dir`` cannot be built from ('N data problem(s):' then one
    line per problem), or None when it is valid."""
    found = intake.examine(data_dir)
    if found.problems:
        return str(intake.IntakeError(found.problems))
    key = {"data": found.digest, "code": code, "data_dir": str(Path(data_dir).resolve())}
    if _remembered(key):
        return None
    from analysis.checks import package_rules
    from analysis.checks.loaders import validate_package
    from analysis.package.errors import DataValidationError

    try:
        validate_package(data_dir)
        rule_problems = package_rules.problems(data_dir)
        if rule_problems:
            raise DataValidationError(rule_problems)
    except DataValidationError as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 - any fault of the validator is a data problem here
        return f"1 data problem(s):\n  - {data_dir}: the package could not be checked ({_one_line(error)})"
    _remember(key)
    return None


def report_problem(data_dir: Path, code: str) -> str | None:
    """The message the builder prints for an invalid package, or None."""
    found = problems(data_dir, code)
    return None if found is None else f"error: the data package is not valid, no report was built:\n{found}"
