from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from holdspace.accounts.models import ThrottleBucket
from holdspace.accounts.throttle import client_address, keyed_hash, throttled
from holdspace.env import parse_rate

pytestmark = pytest.mark.django_db


def test_counts_exactly_up_to_the_rate_per_bucket(clock):
    results = [throttled(scope="t", bucket="alice", rate="3/m") for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert throttled(scope="t", bucket="bob", rate="3/m") is False
    assert throttled(scope="other", bucket="alice", rate="3/m") is False


def test_no_bucket_keeps_what_it_was_keyed_by():
    throttled(scope="login-account", bucket="someone@example.org", rate="5/m")
    keys = list(ThrottleBucket.objects.values_list("key", flat=True))
    assert keys and all("example.org" not in key for key in keys)
    assert keys[0] != keyed_hash("login-account", "someone@example.org")  # the window is mixed in too


def test_flooding_other_buckets_does_not_reset_one(clock):
    for _ in range(3):
        throttled(scope="t", bucket="victim", rate="3/m")
    for number in range(400):
        throttled(scope="t", bucket=f"junk-{number}", rate="3/m")
    assert throttled(scope="t", bucket="victim", rate="3/m") is True


def test_a_new_window_starts_a_new_count(clock):
    results = [throttled(scope="t", bucket="alice", rate="2/m") for _ in range(3)]
    clock.shift(timedelta(seconds=59))
    assert results == [False, False, True] and throttled(scope="t", bucket="alice", rate="2/m") is True
    clock.shift(timedelta(seconds=1))  # the next minute
    assert throttled(scope="t", bucket="alice", rate="2/m") is False


def test_client_address_through_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert client_address(request) == "10.0.0.1"
    settings.HOLDSPACE_TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.9"


def test_rates_are_checked():
    assert parse_rate("5/m") == (5, 60)
    with pytest.raises(ImproperlyConfigured):
        parse_rate("five a minute")


# Issue 15, item 10: an IPv6 client is counted by its /64, whatever address of it he uses.
def test_ipv6_clients_are_counted_by_their_64(clock):
    from holdspace.accounts.throttle import client_group, client_key

    def request(address):
        return RequestFactory().get("/", REMOTE_ADDR=address)

    assert client_group("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert client_group("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert client_group("2001:db8:1:3::1") != client_group("2001:db8:1:2::1")
    assert client_group("::ffff:198.51.100.7") == client_group("198.51.100.7") == "198.51.100.7"
    results = [throttled(scope="t", bucket=client_key(request(f"2001:db8:1:2::{n:x}")), rate="3/m")
               for n in range(1, 6)]
    assert results == [False, False, False, True, True]
    assert throttled(scope="t", bucket=client_key(request("2001:db8:1:3::1")), rate="3/m") is False


# Issue 15, item 17: the table's keys cannot be traced back to what they count by anyone holding the
# database and the settings; once the window is over, by nobody.
def test_a_window_over_leaves_no_way_to_trace_its_keys(clock, settings):
    from holdspace.accounts import throttle

    address = "198.51.100.23"
    bucket = throttle.keyed_hash("client", address)  # what client_key gives for it
    throttled(scope="receipt", bucket=bucket, rate="10/h")
    stored = ThrottleBucket.objects.get().key
    window = throttle._window(3600)
    # Nothing computed from the settings and the address gives the stored key, as the old keys were.
    for guess in (keyed_hash("receipt", bucket, str(window)), keyed_hash("receipt", bucket, "3600", str(window))):
        assert guess != stored
    secret_file = settings.HOLDSPACE_THROTTLE_SECRET_DIR / f"3600-{window}"
    assert secret_file.exists() and (secret_file.stat().st_mode & 0o077) == 0  # the server's user alone reads it

    clock.shift(timedelta(hours=1))
    throttled(scope="receipt", bucket="someone else", rate="10/h")  # the next window begins
    assert not secret_file.exists() and not any(cached[2] == window for cached in throttle._window_secrets)
    assert not ThrottleBucket.objects.filter(key=stored).exists()  # its counts went with it
    # Asking for the ended window's key again can only make a new secret: the stored key is out of reach.
    assert throttle._bucket_key(scope="receipt", bucket=bucket, period=3600, window=window) != stored


def test_the_daily_upkeep_ends_what_an_idle_server_kept_of_its_last_window(clock, settings):
    from holdspace.site.upkeep import daily_upkeep_run

    throttled(scope="receipt", bucket="b", rate="10/h")
    clock.shift(timedelta(hours=1))
    assert daily_upkeep_run()["throttle_windows_ended"] == 2  # the row and the secret's file
    assert not ThrottleBucket.objects.exists() and not any(settings.HOLDSPACE_THROTTLE_SECRET_DIR.iterdir())


def test_every_worker_counts_under_the_same_window_secret(clock, settings):
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from holdspace.accounts import throttle

    window = throttle._window(3600)
    program = (  # the other process keeps this test's time too
        f"import time_machine; time_machine.travel({time.time()}, tick=False).start(); "
        "import django; django.setup(); from holdspace.accounts.throttle import _bucket_key; "
        f"print(_bucket_key(scope='receipt', bucket='b', period=3600, window={window}))"
    )
    env = dict(os.environ, HOLDSPACE_THROTTLE_SECRET_DIR=str(settings.HOLDSPACE_THROTTLE_SECRET_DIR),
               DJANGO_SETTINGS_MODULE="holdspace.settings")
    other = subprocess.run([sys.executable, "-c", program], cwd=Path(__file__).resolve().parent.parent, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    # Another process made the window's secret: this one reads it and counts in the same row.
    assert throttle._bucket_key(scope="receipt", bucket="b", period=3600, window=window) == other
    throttled(scope="receipt", bucket="b", rate="2/h")
    throttle._window_secrets.clear()  # as a worker that never saw this window
    assert throttled(scope="receipt", bucket="b", rate="2/h") is False
    assert throttled(scope="receipt", bucket="b", rate="2/h") is True
    assert ThrottleBucket.objects.get().key == other


# Issue 15, item 10: others' wrong tries shrink a client's allowance, never to nothing.
def test_wrong_tries_from_everywhere_shrink_each_allowance_down_to_a_floor(clock):
    from holdspace.accounts.throttle import Guessing, guess_right, guess_spent, guess_start, guess_wrong

    guessing = Guessing(scope="code", client_rate="10/h", global_rate="100/h", floor=2)
    assert guessing.allowance() == 10
    for number in range(50):  # 50 clients, 4 wrong tries each: 200 wrong in all
        for _ in range(4):
            assert guess_start(guessing, client=f"guesser-{number}")
            guess_wrong(guessing)
    assert guessing.allowance() == 5  # 10 × 100 / 200
    assert guess_start(guessing, client="guesser-0") and not guess_start(guessing, client="guesser-0")
    for _ in range(2000):
        guess_wrong(guessing)
    assert guessing.allowance() == 2
    # A fresh client with the right code: the try opens and is given back.
    assert not guess_spent(guessing, client="reporter")
    for _ in range(5):
        assert guess_start(guessing, client="reporter")
        guess_right(guessing, client="reporter")
    assert guess_start(guessing, client="reporter") and guess_start(guessing, client="reporter")
    assert guess_spent(guessing, client="reporter") and not guess_start(guessing, client="reporter")
