"""Re-execute the committed notebook templates (``make notebooks``), writing only those whose
content changed.

nbval compares the outputs stored in ``notebooks/*.ipynb`` with a fresh run, so after a change
to the data or to ``analysis/`` the templates are re-executed with their default parameters,
each in a fresh kernel, as a researcher would in JupyterLab. Run-time metadata (timings) is
dropped, and a file is rewritten only when its bytes would change, so an unchanged notebook
keeps its content (and makes no page stale).
"""

from __future__ import annotations

from pathlib import Path

from analysis.package import paths


def refresh(names: list[str] | None = None) -> list[Path]:
    """Re-execute the templates (all, or those named); return the files that changed."""
    import nbformat
    import papermill

    from analysis.report import engine
    from analysis.report.build import LOG_DIR
    from analysis.report.kernel import Kernel
    from analysis.report.worker import _strip_run_metadata

    engine.register()
    changed = []
    templates = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    if names:
        templates = [t for t in templates if t.name in names or t.stem in names]
    for path in templates:
        kernel = Kernel(LOG_DIR / "kernel-notebooks.log").start()
        try:
            nb = papermill.execute_notebook(
                str(path), None, engine_name=engine.ENGINE_NAME, kernel_name="python3",
                progress_bar=False, request_save_on_cell_execute=False, kernel=kernel,
                page_slug=None, page_output_dir=None)
        finally:
            kernel.shutdown()
        nb.metadata.pop("papermill", None)
        _strip_run_metadata(nb)
        text = nbformat.writes(nb) + "\n"
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
            print(f"{path.name}: outputs changed, rewritten", flush=True)
        else:
            print(f"{path.name}: unchanged", flush=True)
    return changed
