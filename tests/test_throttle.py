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
