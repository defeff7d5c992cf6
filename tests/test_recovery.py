"""Cases that cannot be lost: no change leaves an open case nobody can read, and an organisation's recovery ring
lets two people (never one) give a handler back the keys to cases nobody's key opens."""
import pytest
from django.urls import reverse

from holdspace.reports.access import is_excluded, respondent_of
from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import CannotOpen, open_sealed
from holdspace.crypto.sharing import seed_combine, seed_split, shared_key_from_seed, shared_key_new
from holdspace.keys.services import personal_key_create, personal_key_unlock
from holdspace.organisations.models import Membership, Role
from holdspace.organisations.services import reporting_line_set, roles_set
from holdspace.reports import recovery
from holdspace.reports.handling import case_read, conflict_declare, data_key_open
from holdspace.reports.models import Case, CaseKey, RecoveryPart, RecoveryRequest, RecoveryShare
from holdspace.reports.upkeep import retention_run
from holdspace.web.refusals import Refusal
from tests.conftest import PASSWORD, unlock_case_key
from tests.reports_helpers import CANARY, handler_keys, parts_dealt, report_file, submit


# The sharing itself.

def test_any_two_shares_rebuild_the_key_and_one_alone_does_not():
    key = shared_key_new()
    shares = seed_split(key.seed, threshold=2, count=4)
    for first in range(4):
        for second in range(first + 1, 4):
            assert shared_key_from_seed(seed_combine([shares[first], shares[second]])).public_key == key.public_key
    with pytest.raises(CannotOpen):
        seed_combine([shares[0]])
    with pytest.raises(CannotOpen):
        seed_combine([shares[0], shares[0]])
    other = seed_split(shared_key_new().seed, threshold=2, count=4)
    assert shared_key_from_seed(seed_combine([shares[0], other[1]])).public_key != key.public_key


# The world these tests share: Riverside's administrators Ada, Otto (also a handler) and Mateo (made one here),
# its handler Hana; a report about Otto, so that Hana alone holds its key.

@pytest.fixture
def ringed(world):
    from holdspace.accounts.models import Authenticator

    Membership.objects.create(user=world.mateo, organisation=world.riverside, role=Role.ORG_ADMIN)
    Authenticator.objects.create(user=world.mateo, name="authenticator", confirmed=True)
    keys = handler_keys(world, "hana", "otto", "ada", "mateo")
    parts_dealt(world, keys, by="hana", with_="otto")  # the ring was made at Otto's key; Ada and Mateo join it
    case, receipt = submit(world, respondent=world.otto)
    return case, keys


def test_a_report_is_sealed_to_the_ring_made_when_two_people_hold_keys(world, ringed):
    case, keys = ringed
    ring = recovery.ring_of(world.riverside)
    assert ring is not None and recovery.is_covered(case, ring=ring)
    assert set(RecoveryShare.objects.filter(ring=ring).values_list("user_id", flat=True)) == {
        world.hana.pk, world.otto.pk, world.ada.pk, world.mateo.pk}
    # Each share opens with its holder's key only, and two of them open the case's data key.
    shares = {share.user_id: open_sealed(keys[name], sealed=bytes(share.sealed))
              for name in ("ada", "mateo") for share in RecoveryShare.objects.filter(user=world.people[name])}
    ring_key = shared_key_from_seed(seed_combine(list(shares.values())))
    data_key = open_sealed(ring_key.private_key, sealed=bytes(case.recovery_sealed))
    assert data_key == data_key_open(case, user=world.hana, private_key=keys["hana"])
    with pytest.raises(CannotOpen):
        open_sealed(keys["hana"], sealed=bytes(RecoveryShare.objects.get(user=world.ada).sealed))


def test_no_ring_with_one_key_holder_and_it_is_made_with_the_second(world):
    handler_keys(world, "hana")
    submit(world)
    assert recovery.ring_of(world.riverside) is None
    handler_keys(world, "ada")  # her first key: the ring can now be made
    assert recovery.ring_of(world.riverside) is not None
    assert RecoveryShare.objects.filter(ring__organisation=world.riverside).count() == 2


# 1. No action leaves an open case with no person able to read it.

def test_removing_the_only_handlers_role_is_refused_without_a_ring_and_keeps_her_key(world, client_for):
    handler_keys(world, "hana")
    case, _ = submit(world)
    response = client_for("ada", sudo=True).post(reverse("organisations:person", args=["riverside", world.hana.pk]),
                                                 {"roles": [Role.MEMBER]})
    assert response.status_code == 400
    assert "nobody could read" in response.content.decode()
    assert Membership.objects.filter(user=world.hana, role=Role.CASE_HANDLER).exists()
    assert CaseKey.objects.filter(case=case, user=world.hana).exists()


def test_removing_a_role_is_allowed_once_a_colleague_holds_the_key(world):
    keys = handler_keys(world, "hana", "otto")
    case, _ = submit(world)
    roles_set(organisation=world.riverside, user=world.hana, roles={Role.MEMBER}, actor=world.ada)
    assert not CaseKey.objects.filter(case=case, user=world.hana).exists()
    assert data_key_open(case, user=world.otto, private_key=keys["otto"])


def test_removing_a_role_is_allowed_when_the_ring_covers_the_case(world, ringed):
    case, _ = ringed
    roles_set(organisation=world.riverside, user=world.hana, roles={Role.MEMBER}, actor=world.ada)
    assert not CaseKey.objects.filter(case=case).exists()
    assert [found.pk for found in recovery.cases_without_reader(world.riverside, viewer=world.ada)] == [case.pk]
    # Ada and Mateo still hold parts; Hana holds no role that keeps one.
    assert not RecoveryShare.objects.filter(user=world.hana).exists()


def test_an_administrator_leaving_the_ring_is_refused_when_it_alone_reaches_a_case(world, ringed):
    case, _ = ringed
    roles_set(organisation=world.riverside, user=world.hana, roles={Role.MEMBER}, actor=world.ada)
    # Otto is excluded from the case: Ada and Mateo are the two parts that reach it.
    with pytest.raises(Refusal) as refused:
        roles_set(organisation=world.riverside, user=world.mateo, roles={Role.MEMBER}, actor=world.ada)
    assert refused.value.code == "cases_left_unreadable"
    assert RecoveryShare.objects.filter(user=world.mateo).exists()


def test_the_only_handler_cannot_make_a_new_key_without_a_ring(world):
    handler_keys(world, "hana")
    submit(world)
    with pytest.raises(Refusal) as refused:
        personal_key_create(world.hana, password=PASSWORD)
    assert refused.value.code == "last_key_holder"


def test_deleting_the_only_handlers_account_is_refused(world):
    from holdspace.accounts.personal_data import deletion_blocks

    handler_keys(world, "hana")
    submit(world)
    assert "only_case_reader" in deletion_blocks(world.hana)


def test_a_reporting_line_that_would_exclude_the_only_reader_is_refused(world):
    handler_keys(world, "hana")
    case, _ = submit(world, respondent=world.otto)
    with pytest.raises(Refusal) as refused:
        reporting_line_set(organisation=world.riverside, person=world.hana, manager=world.otto, actor=world.ada)
    assert refused.value.code == "cases_left_unreadable"
    assert CaseKey.objects.filter(case=case, user=world.hana).exists()
    assert not is_excluded(case, user=world.hana)


def test_declaring_a_conflict_as_the_last_handler_is_refused(world):
    handler_keys(world, "hana")
    case, _ = submit(world)
    with pytest.raises(Refusal) as refused:
        conflict_declare(case, actor=world.hana)
    assert refused.value.code == "last_handler"


def test_retention_never_purges_an_open_case(world, clock):
    from datetime import timedelta

    handler_keys(world, "hana")
    case, _ = submit(world)
    Case.objects.filter(pk=case.pk).update(purge_after=case.received_at - timedelta(days=1))  # as if it were due
    assert retention_run(now=case.received_at + timedelta(days=3650)).purged == 0
    assert Case.objects.filter(pk=case.pk).exists()


# 2. Two people recover a case after its only handler lost her password and her recovery code.

def test_two_people_give_a_handler_back_a_case_after_she_lost_her_key(world, ringed):
    case, keys = ringed
    # Hana lost her password and her recovery code: after a reset she makes a new key pair, which the ring allows.
    personal_key_create(world.hana, password=PASSWORD)
    hana = personal_key_unlock(world.hana, password=PASSWORD)
    assert not CaseKey.objects.filter(case=case).exists()
    request = recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                      kind=RecoveryRequest.Kind.CASES, recipient_id=world.hana.pk,
                                      case_ids=[case.pk])
    # Her part waits sealed to Mateo alone: not to Otto (the case is about him), not to Hana (no part now).
    assert set(RecoveryPart.objects.filter(request=request).values_list("user_id", flat=True)) == {world.mateo.pk}
    with pytest.raises(Refusal) as refused:
        recovery.recovery_complete(request=request, actor=world.ada, private_key=keys["ada"])
    assert refused.value.code == "own_recovery"
    assert recovery.recovery_complete(request=request, actor=world.mateo, private_key=keys["mateo"]) == 1
    data_key = data_key_open(case, user=world.hana, private_key=hana)
    assert CANARY in case_read(case, user=world.hana, data_key=data_key).content.what
    # Her new key gets a part only through a dealing two people agree to, which names her as new.
    assert not RecoveryShare.objects.filter(user=world.hana).exists()
    deal = recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                   kind=RecoveryRequest.Kind.DEAL)
    assert world.hana.pk in deal.deal_to
    recovery.recovery_complete(request=deal, actor=world.mateo, private_key=keys["mateo"])
    assert RecoveryShare.objects.filter(user=world.hana).exists()
    # The log names both people, never the content.
    entry = AuditEntry.objects.get(action="case.recovered")
    assert entry.actor_id == world.mateo.pk and entry.details["started_by"] == world.ada.pk
    assert CANARY not in str(list(AuditEntry.objects.values_list("details", flat=True)))
    assert not RecoveryRequest.objects.exists() and not RecoveryPart.objects.exists()


def test_a_request_cannot_be_completed_with_parts_dealt_again_since(world, ringed):
    case, keys = ringed
    with pytest.raises(Refusal) as refused:  # everyone who should hold a part holds one
        recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                kind=RecoveryRequest.Kind.DEAL)
    assert refused.value.code == "nothing_to_deal"
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    handler_keys(world, "felix")
    first = recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                    kind=RecoveryRequest.Kind.DEAL)
    second = recovery.recovery_start(organisation=world.riverside, actor=world.hana, private_key=keys["hana"],
                                     kind=RecoveryRequest.Kind.DEAL)
    recovery.recovery_complete(request=first, actor=world.mateo, private_key=keys["mateo"])
    # Dealing again withdrew the other request: its part belongs to shares nobody holds any more.
    assert not RecoveryRequest.objects.filter(pk=second.pk).exists()


# 3. The person a case is about never takes part in recovering it, nor learns of it here.

def test_the_respondent_cannot_start_complete_or_receive_a_recovery_of_his_case(world, ringed):
    case, keys = ringed
    roles_set(organisation=world.riverside, user=world.hana, roles={Role.MEMBER}, actor=world.ada)
    assert recovery.cases_without_reader(world.riverside, viewer=world.otto) == []
    with pytest.raises(Refusal) as refused:
        recovery.recovery_start(organisation=world.riverside, actor=world.otto, private_key=keys["otto"],
                                kind=RecoveryRequest.Kind.CASES, recipient_id=world.otto.pk, case_ids=[case.pk])
    assert refused.value.code == "excluded_from_recovery"
    with pytest.raises(Refusal) as refused:
        recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                kind=RecoveryRequest.Kind.CASES, recipient_id=world.otto.pk, case_ids=[case.pk])
    assert refused.value.code == "excluded_from_recovery"
    Membership.objects.create(user=world.hana, organisation=world.riverside, role=Role.CASE_HANDLER)
    request = recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                      kind=RecoveryRequest.Kind.CASES, recipient_id=world.hana.pk,
                                      case_ids=[case.pk])
    assert recovery.requests_open(world.riverside, viewer=world.otto) == []
    with pytest.raises(Refusal) as refused:
        recovery.recovery_complete(request=request, actor=world.otto, private_key=keys["otto"])
    assert refused.value.code in {"not_asked", "excluded_from_recovery"}
    assert not CaseKey.objects.filter(case=case).exists()


def test_a_policy_change_leaves_open_cases_under_the_policy_they_were_received_under(world, clock):
    from datetime import timedelta

    from holdspace.reports.handling import respondent_may_be_told
    from holdspace.reports.policy import policy_update

    handler_keys(world, "hana")
    case, _ = submit(world)
    case.respondent_consent = False
    due = case.stage_due_at
    # Otto, an administrator the case might be about, changes every rule he can.
    policy_update(organisation=world.riverside, actor=world.otto, stage_days={"acknowledge": 60},
                  retention_days=1, reminder_days_before=1, respondent_notice_required=True,
                  route_leaders_to_network=False)
    case.refresh_from_db()
    case.respondent_consent = False
    assert not respondent_may_be_told(case)
    from holdspace.reports.handling import stage_complete

    data_key = data_key_open(case, user=world.hana, private_key=personal_key_unlock(world.hana, password=PASSWORD))
    stage_complete(case, actor=world.hana, data_key=data_key, note="")
    case.refresh_from_db()
    later, _ = submit(world)
    assert later.stage_due_at - later.received_at == timedelta(days=60)
    assert case.policy["retention_days"] == 365 and later.policy["retention_days"] == 1
    assert due is not None


# The page.

def test_the_recovery_page_from_start_to_finish(world, ringed, client_for):
    case, keys = ringed
    personal_key_create(world.hana, password=PASSWORD)
    page = reverse("reports:recovery", args=["riverside"])
    ada = client_for("ada", case_key=True)
    listed = ada.get(page).content.decode()
    assert case.reference in listed and CANARY not in listed
    # Otto, whom it is about, sees neither the case nor, later, the request.
    assert case.reference not in client_for("otto", case_key=True).get(page).content.decode()
    refused = ada.post(reverse("reports:recovery_start", args=["riverside"]),
                       {"start-recipient": "", "start-cases": [case.pk]})
    assert refused.status_code == 400 and 'checked' in refused.content.decode()
    response = ada.post(reverse("reports:recovery_start", args=["riverside"]),
                        {"start-recipient": world.hana.pk, "start-cases": [case.pk]})
    assert response.status_code == 302
    request = RecoveryRequest.objects.get()
    assert str(case.reference) not in client_for("otto", case_key=True).get(page).content.decode()
    mateo = client_for("mateo", case_key=True)
    assert "Give my part and complete" in mateo.get(page).content.decode()
    assert mateo.post(reverse("reports:recovery_complete", args=["riverside"]),
                      {"request": request.pk}).status_code == 302
    hana = unlock_case_key(client_for("hana"), world.hana)
    opened = hana.get(reverse("reports:case_report", args=["riverside", case.reference]))
    assert opened.status_code == 200 and CANARY in opened.content.decode()


def test_a_step_on_the_page_without_an_unlocked_key_goes_to_the_key_page(world, ringed, client_for):
    response = client_for("ada").post(reverse("reports:recovery_deal", args=["riverside"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("keys:key"))
    assert not RecoveryRequest.objects.exists()


# The migration that brought the ring and the kept policy: a case received before it still opens, and keeps the
# policy its organisation had.

def test_a_case_received_before_the_ring_keeps_its_policy_and_still_opens(transactional_db, world):
    from django.db import connection

    from holdspace.reports.access import policy_for
    from tests.migrations_helpers import latest, migrate_to
    from holdspace.reports.submission import receipt_open

    keys = handler_keys(world, "hana")
    policy = policy_for(world.riverside)
    policy.retention_days, policy.stage_days = 30, {"acknowledge": 9}
    policy.save()
    case, receipt = submit(world, respondent=world.otto)
    # Taken back to before the ring, the kept policy and the tags: the respondent and the excluded are account ids
    # again, as the old code stored them.
    migrate_to([("reports", "0003_personal_keys_move_to_keys")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT respondent_id FROM reports_case WHERE id = %s", [case.pk])
        assert cursor.fetchone()[0] == world.otto.pk
        cursor.execute("SELECT user_id FROM reports_caseexclusion WHERE case_id = %s", [case.pk])
        assert world.otto.pk in {row[0] for row in cursor.fetchall()}
    migrate_to(latest())

    again = Case.objects.get(pk=case.pk)
    assert again.policy == {"stage_days": {"acknowledge": 9}, "retention_days": 30,
                            "respondent_notice_required": False}
    assert respondent_of(again) == world.otto and is_excluded(again, user=world.otto)
    assert not is_excluded(again, user=world.hana)
    opened, data_key = receipt_open(receipt)
    assert opened.pk == case.pk
    assert data_key_open(again, user=world.hana, private_key=keys["hana"]) == data_key


# 4. Who reported opens only with a second person's share.

def test_no_single_handler_opens_who_reported_even_with_a_release_marked_approved(world, ringed):
    from holdspace.reports.content import ReporterIdentity
    from holdspace.reports.handling import identity_decide, identity_read, identity_request
    from holdspace.reports.models import IdentityPart, IdentityRelease, IdentitySeal

    _, keys = ringed
    case, _ = submit(world, respondent=world.otto,
                     identity=ReporterIdentity(name=f"{CANARY} name", contact="reporter@example.org"))
    assert case.identity_ring_sealed is not None and not IdentitySeal.objects.filter(case=case).exists()
    data_key = data_key_open(case, user=world.hana, private_key=keys["hana"])
    release = identity_request(case, actor=world.hana, data_key=data_key, reason="to offer support",
                               private_key=keys["hana"])
    # Her part waits for Ada and Mateo; never for Otto, whom the case is about.
    assert set(IdentityPart.objects.filter(release=release).values_list("user_id", flat=True)) == {
        world.ada.pk, world.mateo.pk}
    # A release marked approved by a slip of the code (or by someone with the database) opens nothing.
    IdentityRelease.objects.filter(pk=release.pk).update(approved=True)
    assert identity_read(case, user=world.hana, private_key=keys["hana"]) is None
    IdentityRelease.objects.filter(pk=release.pk).update(approved=None)
    with pytest.raises(Refusal) as refused:
        identity_decide(case, actor=world.otto, release_id=release.pk, approve=True, private_key=keys["otto"])
    assert refused.value.code == "excluded"
    identity_decide(case, actor=world.mateo, release_id=release.pk, approve=True, private_key=keys["mateo"])
    assert identity_read(case, user=world.hana, private_key=keys["hana"]).name == f"{CANARY} name"
    assert not IdentityPart.objects.exists()


def test_with_one_handler_an_administrator_approves_on_the_recovery_page(world, client_for):
    from holdspace.reports.content import ReporterIdentity

    handler_keys(world, "hana", "ada")  # the only handler, and an administrator: two holders of the ring
    case, _ = submit(world, identity=ReporterIdentity(name=f"{CANARY} name", contact="reporter@example.org"))
    case_url = reverse("reports:case_report", args=["riverside", case.reference])
    hana = client_for("hana", case_key=True)
    assert f"{CANARY} name" not in hana.get(case_url).content.decode()
    asked = hana.post(reverse("reports:case_identity", args=["riverside", case.reference]),
                      {"identity-reason": "to arrange support she asked for"})
    assert asked.status_code == 302
    ada = client_for("ada", case_key=True)
    page = ada.get(reverse("reports:recovery", args=["riverside"])).content.decode()
    assert "to arrange support she asked for" in page and case.reference in page
    from holdspace.reports.models import IdentityRelease

    release = IdentityRelease.objects.get()
    assert ada.post(reverse("reports:recovery_identity", args=["riverside"]),
                    {"release": release.pk, "decision": "approve"}).status_code == 302
    assert f"{CANARY} name" in hana.get(case_url).content.decode()


def test_a_case_from_before_the_ring_moves_who_reported_to_the_ring_when_covered(world):
    from holdspace.reports.content import ReporterIdentity
    from holdspace.reports.models import IdentitySeal

    keys = handler_keys(world, "hana")
    case, _ = submit(world, identity=ReporterIdentity(name=f"{CANARY} name", contact="reporter@example.org"))
    assert IdentitySeal.objects.filter(case=case, user=world.hana).exists()  # one key holder: no ring to seal to
    handler_keys(world, "ada")
    assert recovery.cases_to_cover(world.riverside, user=world.hana) == 1
    assert recovery.cases_cover(organisation=world.riverside, user=world.hana, private_key=keys["hana"]) == 1
    case.refresh_from_db()
    assert case.identity_ring_sealed is not None and recovery.is_covered(case, ring=recovery.ring_of(world.riverside))
    assert not IdentitySeal.objects.filter(case=case).exists()
    assert recovery.cases_to_cover(world.riverside, user=world.hana) == 0


# Item 17: what is kept of when a report arrived is its hour.

def test_a_reports_arrival_is_kept_to_the_hour(world, clock):
    from datetime import timedelta

    from holdspace.reports.models import CaseStage

    handler_keys(world, "hana", "ada")
    clock.shift(timedelta(minutes=37, seconds=12))  # 10:37:12
    case, _ = submit(world, files=[report_file()])
    hour = case.received_at.replace(minute=0, second=0, microsecond=0)
    assert case.received_at == hour and case.received_at.hour == 10 and case.reporter_activity_at == hour
    assert CaseStage.objects.get(case=case).started_at == hour
    assert set(case.attachments.values_list("created_at", flat=True)) == {hour}
    assert AuditEntry.objects.get(action="case.received").at == hour


# 5. A copy of the database does not say who a case is about.

def test_a_database_copy_does_not_say_who_a_case_is_about(world):
    from django.db import connection

    handler_keys(world, "hana")
    case, _ = submit(world, respondent=world.otto)
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, "reports_case")}
        exclusion_columns = {column.name for column in
                             connection.introspection.get_table_description(cursor, "reports_caseexclusion")}
        cursor.execute("SELECT * FROM reports_case WHERE id = %s", [case.pk])
        row = [str(value) for value in cursor.fetchone()]
        cursor.execute("SELECT * FROM reports_caseexclusion WHERE case_id = %s", [case.pk])
        exclusion_rows = [[str(value) for value in found] for found in cursor.fetchall()]
    assert "respondent_id" not in columns and "user_id" not in exclusion_columns
    # Otto is named only by a tag no one computes without the key secret.
    assert case.respondent_tag and case.respondent_tag not in {str(world.otto.pk), world.otto.email}
    assert world.otto.email not in " ".join(row)
    assert exclusion_rows and all(str(world.otto.pk) not in found[2:] for found in exclusion_rows)
    # The checks at request time still find him: he cannot see it, and the handlers see his name.
    assert is_excluded(case, user=world.otto) and respondent_of(case) == world.otto


# What an adversarial review of the ring found, kept fixed.

def test_a_part_sealed_to_a_holder_does_not_open_with_her_key_alone(world, ringed):
    """With a copy of the database and her own key, a holder holds her share and the parts sealed to her: were a
    part openable with her key alone, the two would rebuild the ring's key without a second person."""
    from holdspace.reports.content import ReporterIdentity
    from holdspace.reports.handling import identity_request
    from holdspace.reports.models import IdentityPart
    from holdspace.reports.recovery import part_open

    _, keys = ringed
    other, _ = submit(world, identity=ReporterIdentity(name="Dana", contact="dana@example.org"))
    data_key = data_key_open(other, user=world.hana, private_key=keys["hana"])
    identity_request(other, actor=world.hana, data_key=data_key, reason="support", private_key=keys["hana"])
    part = IdentityPart.objects.get(user=world.otto)
    with pytest.raises(CannotOpen):
        open_sealed(keys["otto"], sealed=bytes(part.sealed))
    assert len(part_open(keys["otto"], part=bytes(part.sealed))) == 18  # the server, with its key, can


def test_a_new_holder_gets_a_part_only_through_a_dealing_that_names_him(world, ringed):
    case, keys = ringed
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    handler_keys(world, "felix")
    roles_set(organisation=world.riverside, user=world.hana, roles={Role.MEMBER}, actor=world.ada)
    Membership.objects.create(user=world.hana, organisation=world.riverside, role=Role.CASE_HANDLER)
    request = recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                      kind=RecoveryRequest.Kind.CASES, recipient_id=world.hana.pk,
                                      case_ids=[case.pk])
    recovery.recovery_complete(request=request, actor=world.mateo, private_key=keys["mateo"])
    assert not RecoveryShare.objects.filter(user=world.felix).exists()  # nothing dealt on the side


def test_who_reported_is_not_released_to_an_asker_who_lost_the_role(world, ringed):
    from holdspace.reports.content import ReporterIdentity
    from holdspace.reports.handling import identity_decide, identity_request
    from holdspace.reports.models import IdentityRelease

    _, keys = ringed
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    other, _ = submit(world, identity=ReporterIdentity(name="Dana", contact="dana@example.org"))
    data_key = data_key_open(other, user=world.hana, private_key=keys["hana"])
    release = identity_request(other, actor=world.hana, data_key=data_key, reason="support",
                               private_key=keys["hana"])
    roles_set(organisation=world.riverside, user=world.hana, roles={Role.MEMBER}, actor=world.ada)
    assert not IdentityRelease.objects.filter(pk=release.pk).exists()
    with pytest.raises(Refusal) as refused:
        identity_decide(other, actor=world.mateo, release_id=release.pk, approve=True, private_key=keys["mateo"])
    assert refused.value.code == "unknown_release"


def test_who_reported_before_the_ring_goes_with_a_grant_and_is_never_left_with_nobody(world):
    from holdspace.reports.content import ReporterIdentity
    from holdspace.reports.handling import case_grant
    from holdspace.reports.models import IdentitySeal

    keys = handler_keys(world, "hana")
    case, _ = submit(world, identity=ReporterIdentity(name="Dana", contact="dana@example.org"))
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys.update(handler_keys(world, "felix", "ada"))  # the ring is made, not yet covering the case
    parts_dealt(world, keys, by="hana", with_="felix")  # Ada, whose key came later, gets her part
    data_key = data_key_open(case, user=world.hana, private_key=keys["hana"])
    case_grant(case, actor=world.hana, data_key=data_key, to=world.felix, private_key=keys["hana"])
    case.refresh_from_db()
    assert case.identity_ring_sealed is not None and not IdentitySeal.objects.filter(case=case).exists()
    personal_key_create(world.hana, password=PASSWORD)  # allowed: Felix, and Ada and Felix on the ring, reach it all


def test_a_reporting_line_here_looks_only_at_cases_here(world):
    handler_keys(world, "hana", "omar")
    Membership.objects.create(user=world.otto, organisation=world.harbour, role=Role.MEMBER)
    harbour_case, _ = submit(world, world.harbour)
    from holdspace.reports.people import person_tag

    Case.objects.filter(pk=harbour_case.pk).update(respondent_tag=person_tag(world.otto))
    Membership.objects.create(user=world.omar, organisation=world.riverside, role=Role.MEMBER)
    reporting_line_set(organisation=world.riverside, person=world.omar, manager=world.otto, actor=world.ada)
    assert CaseKey.objects.filter(case=harbour_case, user=world.omar).exists()


def test_a_respondents_message_does_not_name_his_account(world, extra):
    from holdspace.reports.models import CaseMessage
    from holdspace.reports.respondent import respondent_write

    case = extra["respondent_case"]
    respondent_write(case, user=world.rick, channel_key=b"k" * 32, body="my answer")
    message = CaseMessage.objects.filter(case=case, author="respondent").get()
    assert message.author_user_id is None
    assert AuditEntry.objects.get(action="case.respondent_wrote").actor_id is None


def test_a_recovery_for_someone_who_lost_the_role_meanwhile_is_refused(world, ringed):
    case, keys = ringed
    personal_key_create(world.hana, password=PASSWORD)
    request = recovery.recovery_start(organisation=world.riverside, actor=world.ada, private_key=keys["ada"],
                                      kind=RecoveryRequest.Kind.CASES, recipient_id=world.hana.pk,
                                      case_ids=[case.pk])
    Membership.objects.filter(user=world.hana, role=Role.CASE_HANDLER).delete()
    with pytest.raises(Refusal) as refused:
        recovery.recovery_complete(request=request, actor=world.mateo, private_key=keys["mateo"])
    assert refused.value.code == "not_a_handler"
    assert not CaseKey.objects.filter(case=case, user=world.hana).exists()


def test_no_decision_on_the_recovery_page_decides_nothing(world, client_for):
    from holdspace.reports.content import ReporterIdentity
    from holdspace.reports.models import IdentityRelease

    handler_keys(world, "hana", "ada")
    case, _ = submit(world, identity=ReporterIdentity(name="Dana", contact="dana@example.org"))
    client_for("hana", case_key=True).post(reverse("reports:case_identity", args=["riverside", case.reference]),
                                           {"identity-reason": "support"})
    release = IdentityRelease.objects.get()
    ada = client_for("ada", case_key=True)
    for decision in ({}, {"decision": "maybe"}):
        response = ada.post(reverse("reports:recovery_identity", args=["riverside"]), {"release": release.pk,
                                                                                        **decision})
        assert response.status_code == 302
    release.refresh_from_db()
    assert release.decided_at is None and release.approved is None


def test_the_ring_is_not_left_with_one_part_while_it_alone_holds_who_reported(world):
    from holdspace.reports.content import ReporterIdentity

    handler_keys(world, "hana", "ada")
    case, _ = submit(world, identity=ReporterIdentity(name="Dana", contact="dana@example.org"))
    assert case.identity_ring_sealed is not None
    with pytest.raises(Refusal) as refused:  # Hana still holds the case's key, but not who reported
        roles_set(organisation=world.riverside, user=world.ada, roles={Role.MEMBER}, actor=world.otto)
    assert refused.value.code == "cases_left_unreadable"


def test_a_report_about_one_of_two_holders_keeps_who_reported_with_the_handlers(world):
    from holdspace.reports.content import ReporterIdentity
    from holdspace.reports.models import IdentitySeal

    Membership.objects.filter(user=world.otto, role=Role.CASE_HANDLER).delete()
    handler_keys(world, "hana", "otto")  # a handler, and an administrator the report is about
    case, _ = submit(world, respondent=world.otto,
                     identity=ReporterIdentity(name="Dana", contact="dana@example.org"))
    # Otto may not take part, so the ring could never open it: it stays sealed to Hana, as with one key holder.
    assert case.identity_ring_sealed is None
    assert IdentitySeal.objects.filter(case=case, user=world.hana).exists()


def test_a_dealing_whose_people_left_is_refused_and_clears_nothing(world):
    keys = handler_keys(world, "hana", "otto")
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys.update(handler_keys(world, "felix"))
    deal = recovery.recovery_start(organisation=world.riverside, actor=world.hana, private_key=keys["hana"],
                                   kind=RecoveryRequest.Kind.DEAL)
    waiting = recovery.recovery_start(organisation=world.riverside, actor=world.otto, private_key=keys["otto"],
                                      kind=RecoveryRequest.Kind.DEAL)
    RecoveryRequest.objects.filter(pk=deal.pk).update(deal_to=[world.felix.pk])
    with pytest.raises(Refusal) as refused:
        recovery.recovery_complete(request=RecoveryRequest.objects.get(pk=deal.pk), actor=world.otto,
                                   private_key=keys["otto"])
    assert refused.value.code == "holders_changed"
    assert RecoveryRequest.objects.filter(pk=waiting.pk).exists()


def test_a_change_of_roles_looks_one_by_one_only_at_cases_it_could_reach(world, ringed):
    """With colleagues holding every key and parts enough, nothing is left to check case by case: a role removed in
    an organisation with thousands of cases costs a few queries, not a dozen per case."""
    _case_about_otto, keys = ringed
    for _ in range(6):
        submit(world)  # Hana and Otto hold their keys; the ring covers them; nobody is excluded from them
    assert list(recovery.cases_at_stake(world.riverside, user=world.hana, keys=True, share=True)) == [
        _case_about_otto]  # about Otto: he may not take part, so it is the one checked
    # Mateo's part: every case has a handler's key and none holds who reported on the ring alone.
    assert list(recovery.cases_at_stake(world.riverside, user=world.mateo, keys=False, share=True)) == []
