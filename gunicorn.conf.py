"""The production server's settings: `gunicorn -c gunicorn.conf.py` (README, "Production").

No log it writes names a client: the access log is off and its logger never
writes one, and the error log passes through a filter that removes addresses
(holdspace/web/server_logs.py). A test starts gunicorn with this file, and the
benchmarks run the server they measure with it (bench/run.py).
"""
import gc
import os

from holdspace.env import env_int

wsgi_app = "holdspace.wsgi"
bind = "127.0.0.1:8000"  # behind the TLS-terminating proxy on the same host
accesslog = None
errorlog = "-"
logger_class = "holdspace.web.server_logs.AddresslessLogger"


def _cores() -> int:
    """The cores this process may run on (a container's share, not the whole host's), where the system says."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# Two workers a core, as the benchmarks run it (bench/README.md): a sync worker's core idles while it waits for the
# database. Gunicorn's own default is a single worker, which leaves every core but one idle.
workers = env_int("HOLDSPACE_WORKERS", default=2 * _cores(), minimum=1)
# The application is loaded once, in the first process, and each worker is a copy of it: the workers share the
# memory it took to load (a third less in all with four workers, bench/README.md). Being loaded once, new code
# takes a restart: a HUP makes new workers of the code already loaded.
preload_app = True


def pre_fork(server, worker) -> None:
    """Before each worker is made: no database connection crosses into it (each worker opens its own), and what
    the loaded application holds is set apart from the garbage collector, which otherwise walks all of it in
    every worker now and then, and copies the memory it walks."""
    from django.db import connections

    connections.close_all()
    gc.freeze()
