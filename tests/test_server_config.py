"""The production server's settings (gunicorn.conf.py): how many workers, and workers made from one loaded
application without its database connection, its loaded objects set apart from the garbage collector."""
import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
CONFIG = str(ROOT / "gunicorn.conf.py")


def test_two_workers_a_core_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("HOLDSPACE_WORKERS", raising=False)
    assert runpy.run_path(CONFIG)["workers"] == 2 * len(os.sched_getaffinity(0))  # the cores it may run on
    monkeypatch.setenv("HOLDSPACE_WORKERS", "3")
    assert runpy.run_path(CONFIG)["workers"] == 3
    for wrong in ("many", "0"):
        monkeypatch.setenv("HOLDSPACE_WORKERS", wrong)
        with pytest.raises(ImproperlyConfigured, match="HOLDSPACE_WORKERS"):
            runpy.run_path(CONFIG)


def test_each_worker_is_a_copy_of_the_loaded_application_without_its_database_connection(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="holdspace.settings",
               DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}", HOLDSPACE_WORKERS="2")
    log = tmp_path / "server.log"
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", CONFIG, "tests.server_probe:application",
                               "--bind", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60  # how long a busy machine may take to start Django, not a measurement
        while time.monotonic() < deadline and server.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)

        def ask(_):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                return json.loads(response.read())

        assert server.poll() is None, log.read_text()  # it started
        answers = []
        # Overlapping requests, each held 0.2 s, until both workers have answered (a busy machine may start the
        # second one late: a limit, not a measurement).
        while time.monotonic() < deadline + 60 and len({answer["pid"] for answer in answers}) < 2:
            with ThreadPoolExecutor(4) as pool:
                answers += pool.map(ask, range(4))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len({answer["pid"] for answer in answers}) == 2, log.read_text()
    for answer in answers:
        assert answer["loaded_in"] == server.pid != answer["pid"]  # loaded once, in the first process
        assert answer["connection_open"] is False  # its connection was closed before any worker was made
        assert answer["frozen"] > 10_000  # Django and Holdspace, as loaded, out of the collector's walks
