"""Run inside Holdspace's settings: prepare a signed-in session and count queries per page."""
import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from holdspace.accounts.models import User  # noqa: E402


def queries(client: Client, url: str) -> int:
    client.get(url)  # warm caches, as a running server would have
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def main() -> None:
    email = sys.argv[1]
    member = Client(HTTP_HOST="127.0.0.1")
    member.force_login(User.objects.get(email=email))
    # A separate session for the load run, so the probe's requests leave it untouched.
    load = Client(HTTP_HOST="127.0.0.1")
    load.force_login(User.objects.get(email=email))
    print(
        json.dumps(
            {
                "session": load.cookies[settings.SESSION_COOKIE_NAME].value,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "queries": {"landing": queries(Client(HTTP_HOST="127.0.0.1"), "/"), "dashboard": queries(member, "/home/")},
            }
        )
    )


if __name__ == "__main__":
    main()
