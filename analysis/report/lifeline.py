"""Processes of a build end with the process that started them, however it ends.

A build worker and a kernel each call :func:`die_with_parent` as they start. On Linux the
kernel itself then delivers a signal when the parent dies, even by ``kill -9``
(``prctl(PR_SET_PDEATHSIG)``, set through ctypes); everywhere, a daemon thread also checks
once a second that the parent is still the same process, and ends this one if not. The
parent's pid is passed down (:data:`PARENT_ENV`), so a parent that died before the child
got this far is noticed at once.

Standard library only: imported by workers and kernels as they start.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

#: Environment variable naming the pid of the process a kernel must not outlive.
PARENT_ENV = "TRAFFICKING_BUILD_PARENT_PID"
PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def _set_parent_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent dies; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _end(signum: int) -> None:
    os.kill(os.getpid(), signum)
    if signum != signal.SIGKILL:  # a handler may have caught it; SIGKILL cannot be
        threading.Timer(5.0, os.kill, (os.getpid(), signal.SIGKILL)).start()


def die_with_parent(parent_pid: int | None = None, signum: int = signal.SIGKILL) -> None:
    """End this process with ``signum`` when ``parent_pid`` (default: the current parent)
    dies. If it is already gone (this process was re-parented), end now."""
    expected = os.getppid() if parent_pid is None else int(parent_pid)
    _set_parent_death_signal(signum)
    if os.getppid() != expected:
        _end(signum)
        return

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(POLL_SECONDS):
            if os.getppid() != expected:
                _end(signum)
                return

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def from_environment() -> None:
    """In a kernel: :func:`die_with_parent` for the pid in :data:`PARENT_ENV`, if set (a
    kernel started by JupyterLab has none and is left alone)."""
    value = os.environ.get(PARENT_ENV, "")
    if value.isdigit():
        die_with_parent(int(value))
