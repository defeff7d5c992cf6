"""Run inside Holdspace's settings: the demo network grown to a number of member organisations and people, with
what its accountability page and its assessment results count; then the queries each page runs, in-process.

    python bench/seed_accountability.py 200 20000

Grows the demo's North Shore network to ORGANISATIONS member organisations sharing MEMBERS people (each
organisation with its own administrator), with the network's code in force and signed by three in four member
organisations and most of the network's own people; two closed assessment rounds that everyone in the network and
its member organisations could answer (two in three did, some with comments), the later one compared with the
earlier; action points in every state; partners' concerns answered on time, late and not yet. Run again with larger
numbers, it adds what is missing and seeds the rounds again at the new size.

Prints JSON: the id of the latest round, and the queries of the public accountability page (figures counted
afresh) and of that round's results page for the demo member (of a member organisation).
"""
import json
import random
import statistics
import sys
import time
from datetime import timedelta

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from holdspace.accounts.models import User  # noqa: E402
from holdspace.assessments import services as assessments  # noqa: E402
from holdspace.assessments.models import ActionPoint, AnswerSheet, AssessmentRound, Comment, Participation  # noqa: E402
from holdspace.assessments.questionnaire import DIMENSIONS, QUESTION_KEYS, dimension_rank  # noqa: E402
from holdspace.concerns.models import Concern, ConcernEntry  # noqa: E402
from holdspace.conduct import services as conduct  # noqa: E402
from holdspace.conduct.models import Signature  # noqa: E402
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role  # noqa: E402
from holdspace.site.demo import DEMO_DOMAIN  # noqa: E402
from holdspace.web.templatetags.kept import kept_forget  # noqa: E402

NETWORK = "north-shore-network"
MEMBER = f"member@{DEMO_DOMAIN}"
BATCH = 2000
NETWORK_STAFF = 40  # the network's own people, bound by its code


def _grow_organisations(network: Organisation, count: int, founder) -> list[Organisation]:
    have = NetworkMembership.objects.filter(network=network).count()
    new = [Organisation(name=f"Bench organisation {n}", slug=f"bench-org-{n}",
                        description="A fictional member organisation for the benchmark.")
           for n in range(have, count)]
    Organisation.objects.bulk_create(new, batch_size=BATCH)
    created = list(Organisation.objects.filter(slug__in=[o.slug for o in new]))
    NetworkMembership.objects.bulk_create(NetworkMembership(network=network, organisation=o) for o in created)
    return [link.organisation for link in NetworkMembership.objects.filter(network=network)
            .select_related("organisation").order_by("pk")]


def _grow_people(network: Organisation, organisations: list[Organisation], members: int) -> None:
    password = make_password(None)  # nobody signs in as these people
    have = User.objects.filter(email__startswith="bench-person-").count()
    for start in range(have, members, BATCH):
        people = User.objects.bulk_create(
            User(email=f"bench-person-{n}@{DEMO_DOMAIN}", display_name=f"Person {n}", password=password)
            for n in range(start, min(start + BATCH, members)))
        people = list(User.objects.filter(email__in=[p.email for p in people]))
        roles = []
        for person in people:
            number = int(person.email.split("-")[2].split("@")[0])
            organisation = organisations[number % len(organisations)]
            roles.append(Membership(user=person, organisation=organisation, role=Role.MEMBER))
            if number < len(organisations):  # the first person of each organisation administers it
                roles.append(Membership(user=person, organisation=organisation, role=Role.ORG_ADMIN))
            if number < NETWORK_STAFF:
                roles.append(Membership(user=person, organisation=network, role=Role.MEMBER))
        Membership.objects.bulk_create(roles, batch_size=BATCH, ignore_conflicts=True)


def _signatures(network: Organisation, organisations: list[Organisation]) -> None:
    version = conduct.in_force(network)
    signed = set(version.signatures.exclude(on_behalf_of=None).values_list("on_behalf_of_id", flat=True))
    admins = dict(Membership.objects.filter(organisation__in=organisations, role=Role.ORG_ADMIN)
                  .values_list("organisation_id", "user_id"))
    Signature.objects.bulk_create(
        Signature(version=version, signed_by_id=admins[o.pk], on_behalf_of=o)
        for n, o in enumerate(organisations) if n % 4 != 3 and o.pk not in signed and o.pk in admins)
    staff = Membership.objects.filter(organisation=network).values_list("user_id", flat=True).distinct()
    signed_people = set(version.signatures.exclude(person=None).values_list("person_id", flat=True))
    Signature.objects.bulk_create(Signature(version=version, signed_by_id=p, person_id=p)
                                  for n, p in enumerate(staff) if n % 5 and p not in signed_people)


def _round(network: Organisation, founder, rng: random.Random, *, title: str, people: list[int], lean: int):
    opened = assessments.round_open(organisation=network, actor=founder, title=title,
                                    closes_on=timezone.localdate() + timedelta(days=30), min_answers=5)
    answering = people[: len(people) * 2 // 3]
    for start in range(0, len(answering), BATCH):
        chunk = answering[start:start + BATCH]
        with transaction.atomic():
            Participation.objects.bulk_create(Participation(round=opened, person_id=p) for p in chunk)
            AnswerSheet.objects.bulk_create(AnswerSheet(round=opened, scores={
                key: (None if rng.random() < 0.08 else max(1, min(5, round(rng.gauss(3 + lean, 1)))))
                for key in QUESTION_KEYS}) for _ in chunk)
            Comment.objects.bulk_create(
                Comment(round=opened, dimension=dimension.key, rank=dimension_rank(dimension.key),
                        text="A fictional comment for the benchmark: what works here, and what does not yet.")
                for _ in chunk[::10] for dimension in rng.sample(DIMENSIONS, 1))
    return assessments.round_close(assessment_round=opened, actor=founder)


def _action_points(network: Organisation, rounds: list[AssessmentRound], founder, rng: random.Random) -> None:
    ActionPoint.objects.filter(organisation=network).delete()
    today = timezone.localdate()
    statuses = [s for s, _ in ActionPoint.Status.choices]
    ActionPoint.objects.bulk_create(
        ActionPoint(organisation=network, round=rounds[n % 2], title=f"Action point {n}", owner=founder,
                    due_on=today + timedelta(days=rng.randint(-60, 120)), status=rng.choice(statuses),
                    created_by=founder)
        for n in range(60))


def _concerns(network: Organisation, rng: random.Random) -> None:
    partner = User.objects.get(email=f"partner@{DEMO_DOMAIN}")
    Membership.objects.get_or_create(user=partner, organisation=network, role=Role.PARTNER_REP)
    if Concern.objects.filter(organisation=network).exists():
        return
    now = timezone.now()
    for n in range(40):
        raised = now - timedelta(days=rng.randint(1, 360))
        answered = raised + timedelta(days=rng.randint(2, 45)) if n % 4 else None
        if answered and answered > now:
            answered = None
        concern = Concern.objects.create(
            organisation=network, raised_by=partner, partner_name="Women's Voice Collective (fictional)",
            title=f"Concern {n}", raised_at=raised, respond_by=raised + timedelta(days=30),
            status=Concern.Status.ANSWERED if answered else Concern.Status.WAITING, first_answered_at=answered,
            answered_on_time=None if answered is None else answered <= raised + timedelta(days=30))
        ConcernEntry.objects.create(concern=concern, author=partner, kind=ConcernEntry.Kind.CONCERN,
                                    text="A fictional concern for the benchmark.", created_at=raised)


def _queries(client: Client, url: str) -> int:
    cache.clear()  # counted afresh, as the first reader after the figures' minute would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def _uncached_ms(client: Client, url: str, runs: int = 21) -> float:
    """The median time of the page with every figure counted afresh, in this process: the cost under load when
    the minute's cache does not help (many organisations' pages read once each)."""
    timings = []
    for _ in range(runs):
        cache.clear()
        kept_forget()  # a round's scores, kept once drawn, are drawn again too
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def main(organisation_count: int, member_count: int) -> None:
    rng = random.Random(6)
    network = Organisation.objects.get(slug=NETWORK)
    founder = User.objects.get(email=f"network-admin@{DEMO_DOMAIN}")
    organisations = _grow_organisations(network, organisation_count, founder)
    _grow_people(network, organisations, member_count)
    _signatures(network, organisations)
    AssessmentRound.objects.filter(organisation=network).delete()
    taking_part = list(Membership.objects.filter(organisation__in=[network, *organisations])
                       .values_list("user_id", flat=True).distinct().order_by("user_id"))
    member = User.objects.get(email=MEMBER)
    taking_part = [p for p in taking_part if p != member.pk]  # the visitor reads the results, he did not answer
    earlier = _round(network, founder, rng, title="Self-assessment, last year", people=taking_part, lean=-1)
    AssessmentRound.objects.filter(pk=earlier.pk).update(closed_at=timezone.now() - timedelta(days=365))
    latest = _round(network, founder, rng, title="Self-assessment, this year", people=taking_part, lean=0)
    _action_points(network, [earlier, latest], founder, rng)
    _concerns(network, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    reader = Client(HTTP_HOST="127.0.0.1")
    reader.force_login(member)
    page, results = f"/o/{NETWORK}/accountability/", f"/organisations/{NETWORK}/assessments/{latest.pk}/"
    print(json.dumps({
        "round_id": latest.pk,
        "organisations": NetworkMembership.objects.filter(network=network).count(),
        "members": Membership.objects.filter(organisation__in=organisations).values("user_id").distinct().count(),
        "answers": latest.answer_count,
        "queries": {
            "accountability_page": _queries(Client(HTTP_HOST="127.0.0.1"), page),
            "assessment_results": _queries(reader, results),
        },
        "uncached_ms": {
            "accountability_page": _uncached_ms(Client(HTTP_HOST="127.0.0.1"), page),
            "assessment_results": _uncached_ms(reader, results),
        },
    }))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
