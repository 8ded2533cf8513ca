"""`binome …` with one fault that a test sets off: once the file named by BINOME_TEST_FAULT_FILE
exists, a managed thread of the container of BINOME_TEST_FAULT_SERVICE raises, as an extension's
thread does when it hits a bug. nameko then kills that container ("thread exited with error")
while the process, and any other container in it, lives on.

    python tests/e2e/dying_service.py run [SERVICE] …   (the arguments of `binome`)
"""
import os
import sys
import time

from binome import cli, runner

real_start = runner.start


def _raise_once_told():
    while not os.path.exists(os.environ["BINOME_TEST_FAULT_FILE"]):
        time.sleep(0.05)  # a green sleep: eventlet has patched time by now
    raise RuntimeError("injected fault: this thread hit a bug")


def _start_with_fault(config, names, *args, **kwargs):
    services = real_start(config, names, *args, **kwargs)
    for container in services.containers:
        if container.service_name == os.environ["BINOME_TEST_FAULT_SERVICE"]:
            container.spawn_managed_thread(_raise_once_told, identifier="injected fault")
    return services


runner.start = _start_with_fault

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
