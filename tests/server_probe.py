"""A WSGI application for tests/test_server_config.py, served by gunicorn with the production settings: each worker
says whether it began with a database connection of the first process's, and how much of what was loaded there the
garbage collector leaves alone."""
import gc
import json
import os
import time

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holdspace.settings")
get_wsgi_application()  # Django loaded, as holdspace.wsgi loads it
from django.db import connection  # noqa: E402

connection.ensure_connection()  # as an application that read something while loading would
LOADED_IN = os.getpid()


def application(environ, start_response):
    time.sleep(0.2)  # answers that overlap go to different workers
    body = json.dumps({"pid": os.getpid(), "loaded_in": LOADED_IN, "connection_open": connection.connection is not None,
                       "frozen": gc.get_freeze_count()}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
