"""Run inside Holdspace's settings: many open circles for the finder, each with sessions and members.

    python bench/seed_circles.py 10000
"""
import random
import sys
from datetime import timedelta

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from holdspace.circles.models import Circle, CircleMember, CircleSession  # noqa: E402
from holdspace.circles.services import next_session_refresh  # noqa: E402
from holdspace.organisations.models import Organisation  # noqa: E402

CITIES = ["Riverside", "Harbour", "Northfield", "Eastbay", "Lakeview", "Hillcrest", "Southport", "Westmoor"]


def main(count: int) -> None:
    rng = random.Random(5)
    organisations = list(Organisation.objects.all())
    now = timezone.now()
    member = Organisation.objects.get(slug="riverside-circle").memberships.first().user
    for start in range(0, count, 2000):
        circles = [
            Circle(
                organisation=rng.choice(organisations), name=f"Circle {number}", slug=f"bench-circle-{number}",
                kind=rng.choice(["group", "series", "workshop"]), city=rng.choice(CITIES), online=rng.random() < 0.2,
                language=rng.choice(["en", "es"]), schedule="monthly, 3 hours", capacity=12,
                description="A fictional circle for the benchmark.",
            )
            for number in range(start, min(start + 2000, count))
        ]
        with transaction.atomic():
            Circle.objects.bulk_create(circles)
            CircleSession.objects.bulk_create(
                CircleSession(circle=circle, starts_at=now + timedelta(days=rng.uniform(-30, 60)))
                for circle in circles
                for _ in range(3)
            )
            CircleMember.objects.bulk_create(
                CircleMember(circle=circle, user=member, status="member") for circle in circles[::3]
            )
    next_session_refresh()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{count} circles")


if __name__ == "__main__":
    main(int(sys.argv[1]))
