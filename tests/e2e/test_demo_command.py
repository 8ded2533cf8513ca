"""`binome demo` on its own, on a machine where no broker and no database server answer."""
import os
import subprocess
import sys
from pathlib import Path

from support import free_port


def test_binome_demo_runs_the_journey_without_rabbitmq_or_postgresql(tmp_path):
    nowhere = {"AMQP_URI": "pyamqp://guest:guest@127.0.0.1:1//",
               "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nothing",
               "EMAIL_URL": "smtp://127.0.0.1:1"}
    binome = Path(sys.executable).parent / "binome"
    done = subprocess.run([str(binome), "demo", "--url", f"http://127.0.0.1:{free_port()}"],
                          env={**os.environ, **nowhere}, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("No Binôme at") and "started an embedded one" in lines[0]
    assert sum("Email with invite.ics delivered" in line for line in lines) == 2
    assert lines[-1] == "Journey complete: both people are booked and told."
