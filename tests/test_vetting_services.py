"""Membership vetting through its services: who may apply and for whom, references behind hashed links,
reviewers excluded by conflicts or by their own stake, decisions that make members, and withdrawals."""
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.models import AuditEntry
from holdspace.conduct import services as conduct
from holdspace.crypto.derivation import lookup_hash
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.vetting import services
from holdspace.vetting.models import Application, Reference
from holdspace.vetting.refusals import REFUSALS
from holdspace.vetting.services import Declarations, Referee
from holdspace.web.refusals import Refusal

pytestmark = pytest.mark.django_db

CLEAN = Declarations(leadership_allegation=False, asked_to_leave=False)
LENA = Referee("Women's Voices", "Lena", "lena@example.org")
SOFIA = Referee("Casa de la Mujer", "Sofía", "sofia@example.org")


@contextmanager
def _refused(code: str):
    """The block is refused, for this reason."""
    with pytest.raises(Refusal) as refused:
        yield refused
    assert refused.value.code == code


def _apply(world, applicant, organisation=None, *, referees=(LENA,), declarations=CLEAN, code_number=None):
    return services.application_submit(
        network=world.network, applicant=applicant, organisation=organisation,
        motivation="We run men's groups and want to be held to the network's standards.",
        code_number=code_number, declarations=declarations, referees=list(referees))


def _lakeside(world, *admins):
    """An organisation outside the network, administered by `admins`."""
    lakeside = Organisation.objects.create(name="Lakeside", slug="lakeside")
    for person in admins:
        Membership.objects.create(user=person, organisation=lakeside, role=Role.ORG_ADMIN)
    return lakeside


def _second_network_admin(world) -> User:
    nina = User.objects.create_user(email="nina@example.org", password="x" * 20, display_name="Nina",
                                    email_verified_at=timezone.now())
    Membership.objects.create(user=nina, organisation=world.network, role=Role.ORG_ADMIN)
    return nina


def test_a_person_applies_and_each_referee_is_asked_by_a_link_kept_only_as_a_hash(
        world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application, tokens = _apply(world, world.rosa, referees=[LENA, SOFIA])
    assert application.status == Application.Status.WAITING and application.organisation is None
    references = list(application.references.all())
    assert [r.contact_email for r in references] == ["lena@example.org", "sofia@example.org"]
    for reference, token in zip(references, tokens):
        assert reference.token_hash == lookup_hash(token, purpose=services.REFERENCE_PURPOSE)
        assert token not in reference.token_hash
        assert reference.expires_at - reference.asked_at == timedelta(days=30)
        assert services.reference_for_token(token) == reference
    assert not Reference.objects.filter(token_hash__in=tokens).exists()
    assert services.reference_for_token(tokens[0][:-2] + "xx") is None
    # Each referee gets a neutral mail: who asks and about whom, and the private link, nothing the applicant wrote.
    assert sorted(m.to[0] for m in mailoutbox) == ["lena@example.org", "sofia@example.org"]
    lena_mail = next(m for m in mailoutbox if m.to == ["lena@example.org"])
    assert f"/references/{tokens[0]}/" in lena_mail.body and tokens[1] not in lena_mail.body
    assert "Rosa" in lena_mail.body and "Test Network" in lena_mail.body
    assert "men's groups" not in lena_mail.body and "standards" not in lena_mail.body
    entry = AuditEntry.objects.get(action="vetting.applied")
    assert entry.organisation_id == world.network.pk and entry.actor_id == world.rosa.pk
    assert entry.details == {"organisation": None, "code_number": None, "references": 2}


def test_not_twice_while_waiting_and_again_after_withdrawing(world):
    application, _ = _apply(world, world.rosa)
    with _refused("already_waiting"):
        _apply(world, world.rosa)
    assert services.apply_options(network=world.network, person=world.rosa).person_block == "waiting"
    with _refused("not_applicant"):
        services.withdraw(application=application, person=world.mateo)  # only the applicant
    services.withdraw(application=application, person=world.rosa)
    with _refused("not_waiting"):
        services.withdraw(application=application, person=world.rosa)  # once
    assert Application.objects.get(pk=application.pk).status == Application.Status.WITHDRAWN
    assert AuditEntry.objects.get(action="vetting.withdrawn").details == {"status": "withdrawn"}
    again, _ = _apply(world, world.rosa)
    assert again.pk != application.pk


def test_an_organisation_applies_only_through_its_administrators_and_only_once(world):
    lakeside = _lakeside(world, world.ada)
    Membership.objects.create(user=world.mateo, organisation=lakeside, role=Role.MEMBER)
    with _refused("not_organisation_admin"):
        _apply(world, world.mateo, lakeside)  # a member, not an administrator
    with _refused("organisation_already_member"):
        _apply(world, world.ada, world.riverside)  # Riverside is a member of the network already
    with _refused("network_itself"):
        _apply(world, world.nadia, world.network)  # a network does not join itself
    assert services.organisations_to_apply_for(network=world.network, person=world.ada) == [lakeside]
    application, _ = _apply(world, world.ada, lakeside)
    assert application.applicant_name == "Lakeside"
    assert services.organisations_to_apply_for(network=world.network, person=world.ada) == []
    with _refused("already_waiting"):
        _apply(world, world.ada, lakeside)
    # Ada may still apply for herself: the organisation's application is not hers.
    assert services.apply_options(network=world.network, person=world.ada).as_person


def test_members_already_are_refused(world):
    with _refused("already_member"):
        _apply(world, world.nadia)  # the network's administrator is a member
    options = services.apply_options(network=world.network, person=world.nadia)
    assert (options.as_person, options.person_block, options.any) == (False, "member", False)
    with _refused("not_a_network"):
        services.application_submit(network=world.riverside, applicant=world.rosa, motivation="x", code_number=None,
                                    declarations=CLEAN, referees=[LENA])  # Riverside is not a network


def test_an_unconfirmed_address_cannot_apply(world):
    world.rosa.email_verified_at = None
    world.rosa.save(update_fields=["email_verified_at"])
    with _refused("email_unconfirmed"):
        _apply(world, world.rosa)


def test_the_code_in_force_is_adhered_to_by_its_number(world):
    draft = conduct.draft_start(organisation=world.network, actor=world.nadia, language="en")
    code = conduct.publish(draft=draft, actor=world.nadia, change_note="First.")
    with _refused("code_changed"):
        _apply(world, world.rosa)  # read no code
    with _refused("code_changed"):
        _apply(world, world.rosa, code_number=code.number + 1)
    application, _ = _apply(world, world.rosa, code_number=code.number)
    assert application.code_number == 1


def test_declarations_need_an_explanation_when_yes_and_references_are_one_to_three(world):
    with _refused("allegation_unexplained"):
        _apply(world, world.rosa, declarations=Declarations(leadership_allegation=True, asked_to_leave=False))
    with _refused("asked_to_leave_unexplained"):
        _apply(world, world.rosa, declarations=Declarations(leadership_allegation=False, asked_to_leave=True,
                                                            asked_to_leave_explanation="  "))
    with _refused("references_count"):
        _apply(world, world.rosa, referees=[])
    with _refused("references_count"):
        _apply(world, world.rosa, referees=[LENA, SOFIA, LENA, SOFIA])
    with _refused("own_reference"):
        _apply(world, world.rosa, referees=[Referee("Myself", "Rosa", "ROSA@example.org")])
    application, _ = _apply(world, world.rosa, declarations=Declarations(
        leadership_allegation=True, leadership_allegation_explanation="A complaint is being investigated.",
        asked_to_leave=False, asked_to_leave_explanation="ignored when no"))
    assert application.leadership_allegation_explanation == "A complaint is being investigated."
    assert application.asked_to_leave_explanation == ""


def test_a_reference_is_answered_once_and_the_link_closes(world):
    application, (token,) = _apply(world, world.rosa)
    reference = services.reference_for_token(token)
    with _refused("recommendation_missing"):
        services.reference_answer(reference=reference, how_known="x", recommendation="maybe", comments="",
                                  answered_by="Lena")
    services.reference_answer(reference=reference, how_known="We ran a campaign together.",
                              recommendation=Reference.Recommendation.RESERVATIONS, comments="Still learning.",
                              answered_by="Lena Ortiz")
    reference.refresh_from_db()
    assert reference.status == Reference.Status.ANSWERED and not services.reference_is_open(reference)
    with _refused("reference_closed"):
        services.reference_decline(reference=reference, words="changed my mind")
    entry = AuditEntry.objects.get(action="vetting.reference_answered")
    assert entry.actor_id is None and entry.details == {"reference": reference.pk, "status": "answered"}


def test_a_reference_declined_expired_or_for_a_closed_application_is_closed(world):
    application, tokens = _apply(world, world.rosa, referees=[LENA, SOFIA])
    lena, sofia = (services.reference_for_token(token) for token in tokens)
    services.reference_decline(reference=lena, words="We do not know them well.")
    lena.refresh_from_db()
    assert (lena.status, lena.comments) == (Reference.Status.DECLINED, "We do not know them well.")
    assert AuditEntry.objects.filter(action="vetting.reference_declined").count() == 1
    Reference.objects.filter(pk=sofia.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with _refused("reference_closed"):
        services.reference_answer(reference=services.reference_for_token(tokens[1]), how_known="x",
                                  recommendation="yes", comments="", answered_by="Sofía")
    Reference.objects.filter(pk=sofia.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert services.reference_is_open(services.reference_for_token(tokens[1]))
    services.withdraw(application=application, person=world.rosa)
    assert not services.reference_is_open(services.reference_for_token(tokens[1]))


def test_a_declared_conflict_excludes_the_reviewer_from_notes_and_decision(world):
    nina = _second_network_admin(world)
    application, _ = _apply(world, world.rosa)
    assert services.exclusion(application=application, reviewer=nina) is None
    with _refused("conflict_reason_missing"):
        services.conflict_declare(application=application, reviewer=nina, reason="  ")
    services.conflict_declare(application=application, reviewer=nina, reason="Rosa is my sister-in-law.")
    assert services.exclusion(application=application, reviewer=nina) == services.CONFLICT
    with _refused("excluded"):
        services.note_add(application=application, reviewer=nina, text="She is great")
    with _refused("excluded"):
        services.decide(application=application, reviewer=nina, accept=True, reason="Family")
    with _refused("excluded"):
        services.conflict_declare(application=application, reviewer=nina, reason="again")
    assert services.exclusion(application=application, reviewer=world.nadia) is None
    services.note_add(application=application, reviewer=world.nadia, text="References are strong.")
    assert AuditEntry.objects.get(action="vetting.conflict_declared").details == {
        "conflict": application.conflicts.get().pk}
    assert list(AuditEntry.objects.get(action="vetting.note_added").details) == ["note"]


def test_the_applicant_and_the_applying_organisations_administrators_never_review(world):
    nina = _second_network_admin(world)
    lakeside = _lakeside(world, nina, world.nadia)
    application, _ = _apply(world, nina, lakeside)
    assert services.exclusion(application=application, reviewer=nina) == services.OWN
    assert services.exclusion(application=application, reviewer=world.nadia) == services.ADMINISTERS
    for reviewer in (nina, world.nadia):
        with _refused("excluded"):
            services.decide(application=application, reviewer=reviewer, accept=True, reason="Ours")
        with _refused("excluded"):
            services.note_add(application=application, reviewer=reviewer, text="Ours")
    with _refused("not_reviewer"):
        services.note_add(application=application, reviewer=world.ada, text="Not a reviewer")


def test_accepting_a_person_makes_him_a_member_once_and_for_good(world, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    application, _ = _apply(world, world.rosa)
    with _refused("reason_missing"):
        services.decide(application=application, reviewer=world.nadia, accept=True, reason=" ")
    with _refused("not_reviewer"):
        services.decide(application=application, reviewer=world.ada, accept=True, reason="Not a reviewer")
    # No reference answered yet: a decision needs one, or the reviewer's reason for deciding without.
    with _refused("reference_missing"):
        services.decide(application=application, reviewer=world.nadia, accept=True, reason="Fine.")
    assert Application.objects.get(pk=application.pk).status == Application.Status.WAITING
    services.reference_answer(reference=application.references.first(), how_known="Partners for years.",
                              recommendation="yes", comments="", answered_by="Lena")
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide(application=application, reviewer=world.nadia, accept=True,
                                  reason="Strong references and a clear commitment.")
    assert (decided.status, decided.decided_by, decided.decision_reason) == (
        Application.Status.ACCEPTED, world.nadia, "Strong references and a clear commitment.")
    assert Membership.objects.filter(user=world.rosa, organisation=world.network, role=Role.MEMBER).exists()
    with _refused("already_decided"):
        services.decide(application=application, reviewer=world.nadia, accept=False, reason="Changed our mind",
                        no_reference_reason="We know them well.")
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACCEPTED
    # The mail says only that there is an answer; the reason is read on the site.
    (mail,) = mailoutbox
    assert mail.to == ["rosa@example.org"] and "/applications/" in mail.body
    assert "Strong references" not in mail.body and "accept" not in (mail.subject + mail.body).lower()
    assert AuditEntry.objects.get(action="vetting.decided").details == {"status": "accepted", "kind": "joining",
                                                                        "without_reference": False}
    with _refused("already_member"):
        _apply(world, world.rosa)  # a member now


def test_accepting_an_organisation_adds_it_to_the_network_and_declining_adds_nothing(world):
    lakeside = _lakeside(world, world.ada)
    application, _ = _apply(world, world.ada, lakeside)
    services.decide(application=application, reviewer=world.nadia, accept=True, reason="Welcome.",
                    no_reference_reason="We know them well.")
    assert NetworkMembership.objects.filter(network=world.network, organisation=lakeside).exists()
    assert not Membership.objects.filter(user=world.ada, organisation=world.network).exists()
    declined, _ = _apply(world, world.rosa)
    services.decide(application=declined, reviewer=world.nadia, accept=False, reason="Not yet: no references.",
                    no_reference_reason="None came in time.")
    assert Application.objects.get(pk=declined.pk).status == Application.Status.DECLINED
    assert not Membership.objects.filter(user=world.rosa, organisation=world.network).exists()
    with _refused("not_waiting"):
        services.withdraw(application=declined, person=world.rosa)  # decided


def test_a_fresh_link_replaces_the_old_one_for_a_reference_not_yet_given(
        world, mailoutbox, django_capture_on_commit_callbacks):
    application, (token,) = _apply(world, world.rosa)
    reference = services.reference_for_token(token)
    Reference.objects.filter(pk=reference.pk).update(expires_at=timezone.now() - timedelta(days=2))
    reference.refresh_from_db()
    assert not services.reference_is_open(reference)
    with django_capture_on_commit_callbacks(execute=True):
        renewed, fresh = services.reference_renew(reference=reference, reviewer=world.nadia)
    assert services.reference_for_token(token) is None  # only the new link's hash is kept
    assert services.reference_for_token(fresh) == reference and services.reference_is_open(renewed)
    assert renewed.token_hash == lookup_hash(fresh, purpose=services.REFERENCE_PURPOSE)
    assert timedelta(days=29, hours=23) < renewed.expires_at - timezone.now() <= timedelta(days=30)
    (mail,) = mailoutbox
    assert mail.to == ["lena@example.org"] and f"/references/{fresh}/" in mail.body
    assert "men's groups" not in mail.body
    entry = AuditEntry.objects.get(action="vetting.reference_renewed")
    assert (entry.actor_id, entry.organisation_id, entry.details) == (
        world.nadia.pk, world.network.pk, {"reference": reference.pk})


def test_only_a_reviewer_renews_and_only_a_reference_still_asked_on_a_waiting_application(world):
    nina = _second_network_admin(world)
    application, (lena_token, sofia_token) = _apply(world, world.rosa, referees=[LENA, SOFIA])
    lena, sofia = (services.reference_for_token(token) for token in (lena_token, sofia_token))
    with _refused("not_reviewer"):
        services.reference_renew(reference=lena, reviewer=world.ada)  # not the network's administrator
    services.conflict_declare(application=application, reviewer=nina, reason="My colleague.")
    with _refused("excluded"):
        services.reference_renew(reference=lena, reviewer=nina)
    services.reference_decline(reference=lena, words="We do not know them.")
    with _refused("reference_not_asked"):
        services.reference_renew(reference=lena, reviewer=world.nadia)
    services.withdraw(application=application, person=world.rosa)
    with _refused("reference_not_needed"):
        services.reference_renew(reference=sofia, reviewer=world.nadia)
    assert services.reference_for_token(sofia_token) == sofia
    assert not AuditEntry.objects.filter(action="vetting.reference_renewed").exists()


def test_limits_count_only_what_was_sent(world, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.HOLDSPACE_REFEREE_MAIL_RATE_ADDRESS = "1/d"
    settings.HOLDSPACE_APPLICATION_RATE_APPLICANT = "1/d"
    with django_capture_on_commit_callbacks(execute=True):
        application, (token,) = _apply(world, world.rosa)
        with pytest.raises(Refusal) as refused:
            _apply(world, world.harry, referees=[SOFIA, Referee("W", "L", " Lena@Example.ORG")])
        assert (refused.value.code, refused.value.details) == ("referee_mail_limit", {"email": " Lena@Example.ORG"})
        _apply(world, world.harry, referees=[SOFIA])  # Sofía was not counted when Harry's first one was refused
        with _refused("referee_mail_limit"):
            services.reference_renew(reference=services.reference_for_token(token), reviewer=world.nadia)
        services.withdraw(application=application, person=world.rosa)
        with _refused("too_many_applications"):
            _apply(world, world.rosa, referees=[Referee("W", "M", "m@example.org")])
    assert sorted(m.to[0] for m in mailoutbox) == ["lena@example.org", "sofia@example.org"]
    assert services.reference_for_token(token) is not None  # the refused renewal changed nothing
    assert Application.objects.count() == 2


def test_a_changed_code_says_which_version_is_in_force_now(world):
    draft = conduct.draft_start(organisation=world.network, actor=world.nadia, language="en")
    conduct.publish(draft=draft, actor=world.nadia, change_note="First.")
    with _refused("code_changed") as refused:
        _apply(world, world.rosa)
    assert refused.value.details == {"number": 1}


def test_an_accepted_person_is_given_the_member_role_through_organisations_audited(world):
    application, _ = _apply(world, world.rosa)
    services.decide(application=application, reviewer=world.nadia, accept=True, reason="Welcome.",
                    no_reference_reason="We know them well.")
    entry = AuditEntry.objects.get(action="membership.roles_changed")
    assert (entry.actor_id, entry.organisation_id, entry.target_id) == (world.nadia.pk, world.network.pk,
                                                                      str(world.rosa.pk))
    assert entry.details == {"added": ["member"], "removed": []}


def test_every_refusal_of_the_vetting_services_has_words():
    source = "".join(path.read_text() for path in Path(services.__file__).parent.glob("*.py"))
    codes = set(re.findall(r'Refusal\(\s*"(\w+)"', source)) | {services.CODE_CHANGED} | services.LIMITS
    assert codes and codes <= set(REFUSALS)
