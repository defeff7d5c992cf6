"""Loaded with `-p tests.env` before Django reads its settings: the test environment."""
import os
import tempfile

os.environ.setdefault("HOLDSPACE_SECRET_KEY", "test-only-secret-" + "x" * 60)
os.environ.setdefault("HOLDSPACE_KEY_SECRET", "test-only-key-secret-" + "k" * 60)
# Cheap key stretching in tests only; production cost is measured in bench/.
os.environ.setdefault("HOLDSPACE_ARGON2_TIME_COST", "1")
os.environ.setdefault("HOLDSPACE_ARGON2_MEMORY_KIB", "64")
os.environ.setdefault("HOLDSPACE_SSL_REDIRECT", "0")
os.environ.setdefault("HOLDSPACE_SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("HOLDSPACE_SECURE_COOKIES", "0")
os.environ.setdefault("HOLDSPACE_STATIC_MANIFEST", "0")
os.environ.setdefault("HOLDSPACE_HSTS_SECONDS", "31536000")
os.environ.setdefault("HOLDSPACE_VAR_DIR", tempfile.mkdtemp(prefix="holdspace-test-"))
os.makedirs(os.path.join(os.environ["HOLDSPACE_VAR_DIR"], "static"), exist_ok=True)
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Each worker of a parallel run keeps its public pages apart, in a folder or a Redis database of its own: its pages
# show its own database, and clearing them between tests must not empty another worker's.
# (The workers inherit the environment of the process that started them, so each sets its own here.)
if os.environ.get("PYTEST_XDIST_WORKER") or "HOLDSPACE_PUBLIC_CACHE_DIR" not in os.environ:
    os.environ["HOLDSPACE_PUBLIC_CACHE_DIR"] = os.path.join(
        os.environ["HOLDSPACE_VAR_DIR"], "cache", "public-" + os.environ.get("PYTEST_XDIST_WORKER", "main"))
if os.environ.get("HOLDSPACE_CACHE_URL", "").startswith("redis://") and os.environ.get("PYTEST_XDIST_WORKER"):
    _base = os.environ["HOLDSPACE_CACHE_URL"].rsplit("/", 1)[0]
    os.environ["HOLDSPACE_CACHE_URL"] = f"{_base}/{1 + int(os.environ['PYTEST_XDIST_WORKER'].removeprefix('gw')) % 15}"
