"""A papermill engine that runs notebooks in a kernel the caller owns.

Registered with papermill as ``trafficking-kernel``, so papermill still injects the
parameters, records its metadata and raises ``PapermillExecutionError`` when a cell fails;
only the kernel's lifetime changes. The caller passes a started :class:`Kernel`
(``kernel=``), the page's slug and output folder; before the notebook runs, the kernel is
reset to a fresh kernel's state (see :mod:`analysis.report.kernelside`). The same engine runs
fresh kernels too (the builder's ``--fresh-kernels``): the caller then passes a new kernel
for every notebook.
"""

from __future__ import annotations

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines
from papermill.log import logger

ENGINE_NAME = "trafficking-kernel"
INJECTED_CELL_ID = "injected-parameters"


def stable_cell_ids(nb) -> None:
    """Give papermill's injected-parameters cell a fixed id (it gets a random one), so two
    runs of a notebook give identical files."""
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = INJECTED_CELL_ID


class OwnedKernelEngine(Engine):
    """Execute a notebook in the kernel passed as ``kernel=`` (see module docstring)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, *, kernel, page_slug, page_output_dir,
                                 log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        stable_cell_ids(nb_man.nb)
        kernel.prepare(page_slug, page_output_dir)
        client = PapermillNotebookClient(
            nb_man, km=kernel.km, kernel_name=kernel_name, timeout=execution_timeout,
            startup_timeout=start_timeout, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file)
        client.kc = kernel.kc  # reuse the caller's client: nothing is started or stopped
        client.execute(cleanup_kc=False)
        kernel.finish()
        return nb_man.nb


def register() -> None:
    """Make the engine known to papermill (idempotent)."""
    papermill_engines.register(ENGINE_NAME, OwnedKernelEngine)
