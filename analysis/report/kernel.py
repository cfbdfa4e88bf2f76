"""A kernel owned by a build worker: started once, reused for many notebooks.

Kernels talk to the worker over ZeroMQ's IPC transport (Unix sockets in a private folder),
so parallel kernel starts cannot collide on TCP ports (the ``Address already in use``
failures reported for papermill and snakemake). A start that fails anyway is retried.
The kernel's stdout and stderr go to a log file; :meth:`Kernel.new_stderr` returns what it
wrote since the last call, without routine shutdown noise, so real kernel errors can be shown
with the name of the report that caused them.
"""

from __future__ import annotations

import os
import re
import signal
import tempfile
import time
import uuid
from pathlib import Path

from jupyter_core.utils import run_sync

from analysis.package import paths

KERNEL_NAME = "python3"
START_ATTEMPTS = 3
START_TIMEOUT = 60
# The builder's code runs in the kernel without binding names in the user's namespace.
KERNELSIDE = "__import__('analysis.report.kernelside', fromlist=['_'])"
# Lines a healthy kernel prints that say nothing about a report.
ROUTINE_STDERR = re.compile(
    r"KeyboardInterrupt caught in kernel"
    r"|Debugger warning|frozen modules|PYDEVD_DISABLE_FILE_VALIDATION|-Xfrozen_modules"
    r"|make the debugger miss breakpoints|^\s*$"
)


class KernelError(RuntimeError):
    """The kernel could not be started, or code the builder ran in it failed (``ename`` and
    ``evalue`` then hold the kernel's exception name and message)."""

    def __init__(self, message: str, ename: str | None = None, evalue: str | None = None):
        super().__init__(message)
        self.ename = ename
        self.evalue = evalue if evalue is not None else message


MAX_SOCKET_DIR = 48  # Unix socket paths are limited to about 100 bytes


def _socket_dir() -> Path:
    """A short private folder for connection files and IPC sockets: in the temporary folder,
    or in /tmp when that path is too long for a Unix socket."""
    folder = Path(tempfile.gettempdir()) / f"trafficking-kernels-{os.getuid()}"
    if len(str(folder)) > MAX_SOCKET_DIR:
        folder = Path("/tmp") / f"trafficking-kernels-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


class Kernel:
    """An IPython kernel with the ``python3`` kernelspec of the project's environment."""

    def __init__(self, log_path: Path, cwd: Path = paths.NOTEBOOKS_DIR):
        self.log_path = Path(log_path)
        self.cwd = Path(cwd)
        self.km = None
        self.kc = None
        self.pid: int | None = None
        self._log_offset = 0

    def launch(self, warm: bool = False) -> Kernel:
        """Start the kernel process without waiting for it. With ``warm``, the kernel imports
        what the notebooks use and loads the data while it starts (see :mod:`kernelside`),
        so that work overlaps with whatever the caller does before :meth:`connect`."""
        from jupyter_client.manager import AsyncKernelManager

        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        base = _socket_dir() / f"kernel-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc")
        km.connection_file = f"{base}.json"
        km.ip = f"{base}-ipc"
        arguments = ["--HistoryManager.hist_file=:memory:"]
        if warm:
            arguments.append(f"--IPKernelApp.exec_lines={KERNELSIDE}.warm_up()")
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        with open(self.log_path, "ab") as log:  # the kernel process keeps its own copy
            try:
                run_sync(km.start_kernel)(extra_arguments=arguments, cwd=str(self.cwd), env=env,
                                          stdout=log, stderr=log)
            except Exception:
                self._discard(km)
                raise
        self.km = km
        self.pid = getattr(km.provisioner, "pid", None)
        return self

    def connect(self) -> Kernel:
        """Wait until the launched kernel answers (after its warm-up, if any)."""
        kc = self.km.client()
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=START_TIMEOUT)
        kc.allow_stdin = False
        self.kc = kc
        self._log_offset = self.log_path.stat().st_size
        return self

    def start(self, warm: bool = False) -> Kernel:
        """Launch and connect; retried on failure (e.g. a socket collision), and a kernel that
        started but never answered is stopped before the next attempt."""
        last_error = None
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                if self.km is None:
                    self.launch(warm)
                return self.connect()
            except Exception as error:  # noqa: BLE001 - any start failure is retried, then reported
                last_error = error
                self.shutdown()
                time.sleep(0.2 * attempt)
        raise KernelError(f"could not start a {KERNEL_NAME} kernel after {START_ATTEMPTS} attempts: {last_error}")

    def run(self, code: str, timeout: float = 300) -> None:
        """Run ``code`` silently (no output, no history, no execution count); raise
        :class:`KernelError` with the kernel's error if it fails."""
        reply = run_sync(self.kc.execute_interactive)(code, silent=True, store_history=False,
                                                      timeout=timeout, output_hook=lambda msg: None)
        content = reply["content"]
        if content.get("status") != "ok":
            ename, evalue = content.get("ename"), content.get("evalue")
            raise KernelError(f"{ename}: {evalue}", ename, evalue)

    def prepare(self, slug: str | None, output_dir: Path | None) -> None:
        """Reset the kernel to a fresh kernel's state; set the page being built (``None``: no
        page, as in JupyterLab)."""
        args = ", ".join(repr(None if a is None else str(a)) for a in (slug, output_dir, self.cwd))
        self.run(f"{KERNELSIDE}.prepare({args})")

    def finish(self) -> None:
        self.run(f"{KERNELSIDE}.finish()")

    def is_alive(self) -> bool:
        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def new_stderr(self) -> str:
        """What the kernel wrote to its log since the last call, routine noise removed."""
        if not self.log_path.exists():
            return ""
        with open(self.log_path, "rb") as log:
            log.seek(self._log_offset)
            data = log.read()
            self._log_offset = log.tell()
        lines = data.decode("utf-8", errors="replace").splitlines()
        return "\n".join(line for line in lines if not ROUTINE_STDERR.search(line))

    def shutdown(self) -> None:
        """Stop the kernel (politely, then by force) and remove its files."""
        if self.km is None:
            return
        km, self.km = self.km, None
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - fall back to killing the process
            self.kill()
        self._discard(km)

    def kill(self) -> None:
        """Kill the kernel's process group at once (safe from a signal handler)."""
        if self.pid is not None:
            try:
                os.killpg(self.pid, signal.SIGKILL)  # kernels run in their own session
            except (ProcessLookupError, PermissionError):
                pass

    @staticmethod
    def _discard(km) -> None:
        for path in (km.connection_file,):
            Path(path).unlink(missing_ok=True)
        try:
            km.cleanup_ipc_files()
        except Exception:  # noqa: BLE001 - best effort
            pass
