"""Kernel stderr: routine shutdown and debugger noise is dropped, real errors are kept."""

from analysis.report.kernel import Kernel


def test_new_stderr_drops_routine_noise_and_keeps_errors(tmp_path):
    log = tmp_path / "kernel.log"
    kernel = Kernel(log)
    log.write_text("KeyboardInterrupt caught in kernel\n"
                   "0.00s - Debugger warning: It seems that frozen modules are being used, which may\n"
                   "0.00s - make the debugger miss breakpoints. Please pass -Xfrozen_modules=off\n"
                   "\n"
                   "MemoryError: cannot allocate\n")
    assert kernel.new_stderr() == "MemoryError: cannot allocate"
    assert kernel.new_stderr() == ""  # only what was written since the last call
    with open(log, "a") as handle:
        handle.write("KeyboardInterrupt caught in kernel\nSegmentation fault in extension\n")
    assert kernel.new_stderr() == "Segmentation fault in extension"
