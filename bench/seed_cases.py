"""Run inside Holdspace's settings: give the demo handlers of Riverside many cases.

Each case is encrypted for real (its own data key, sealed to the handler's
public key); to keep seeding to minutes, all cases share one receipt wrapping
(each has its own lookup hash), which matters to no benchmark here.

    python bench/seed_cases.py 50000
"""
import random
import sys
from datetime import timedelta

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from holdspace.crypto.boxes import new_data_key, seal_to  # noqa: E402
from holdspace.crypto.receipts import receipt_lookup_hash, receipt_new, receipt_normalise  # noqa: E402
from holdspace.organisations.models import Organisation  # noqa: E402
from holdspace.reports.access import keyholders  # noqa: E402
from holdspace.reports.content import ReportContent, content_lock  # noqa: E402
from holdspace.reports.models import Case, CaseKey, CaseStage  # noqa: E402
from holdspace.reports.pathways import Pathway, Stage  # noqa: E402
from holdspace.reports.submission import receipt_wrap, reference_new  # noqa: E402

BATCH = 2000


def main(count: int) -> None:
    organisation = Organisation.objects.get(slug="riverside-circle")
    holders = keyholders(organisation, excluded=set())
    shared = receipt_wrap(receipt_normalise(receipt_new()), data_key=new_data_key())
    rng = random.Random(3)
    now = timezone.now()
    pathways = list(Pathway.values)
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        cases, keys, stages = [], [], []
        for _ in range(size):
            received = now - timedelta(days=rng.uniform(0, 720))
            closed = rng.random() < 0.7
            days_to_close = rng.uniform(5, 120)
            data_key = new_data_key()
            case = Case(
                reference=reference_new(), organisation=organisation, handling_organisation=organisation,
                kind="complaint", pathway=rng.choice(pathways), received_at=received, reporter_activity_at=received,
                status=Case.Status.CLOSED if closed else Case.Status.OPEN,
                closed_at=received + timedelta(days=days_to_close) if closed else None,
                days_to_close=days_to_close if closed else None,
                outcome="recorded" if closed else "",
                stage=Stage.ACKNOWLEDGE, stage_due_at=None if closed else received + timedelta(days=3),
                content=content_lock(data_key, content=ReportContent(what="A fictional report for the benchmark.")),
                **{**shared, "receipt_lookup": receipt_lookup_hash(receipt_normalise(receipt_new()))},
            )
            cases.append((case, data_key))
        with transaction.atomic():
            Case.objects.bulk_create([case for case, _ in cases])
            for case, data_key in cases:
                keys += [CaseKey(case=case, user_id=user_id, sealed=seal_to(public_key, secret=data_key))
                         for user_id, public_key in holders]
                stages.append(CaseStage(case=case, stage=Stage.ACKNOWLEDGE, started_at=case.received_at,
                                        due_at=case.received_at + timedelta(days=3),
                                        completed_at=case.closed_at))
            CaseKey.objects.bulk_create(keys)
            CaseStage.objects.bulk_create(stages)
        made += size
    with connection.cursor() as cursor:  # fresh statistics, as a running database keeps them
        cursor.execute("ANALYZE")
    print(f"{made} cases")


if __name__ == "__main__":
    main(int(sys.argv[1]))
