"""A facilitator refers one of his circle's men to a service of the organisation's support directory: sealed to the
man's own key, nothing in the clear says which service, he reads it on his page and deletes it."""
import pytest
from django.test import Client
from django.urls import reverse

from holdspace.audit.models import AuditEntry
from holdspace.circles import referrals
from holdspace.circles.models import Referral
from holdspace.reports.models import SupportService
from holdspace.web.refusals import Refusal
from tests.circles_helpers import admit, ask, key_for, make_circle
from tests.conftest import sign_in, unlock_case_key, with_sudo

WORDS = "CANARY-REFERRAL-7b2 You spoke about your temper; these people know how to help."


@pytest.fixture
def setting(world):
    circle = make_circle(world, name="Referral group")
    admit(circle, world.mateo)
    key_for(world.mateo)
    programme = SupportService.objects.create(organisation=world.riverside, name="Respect programme",
                                              description="A behaviour-change programme", contact="+00 111 222")
    return circle, programme


def _refer(world, circle, service, *, member=None, words=WORDS):
    return referrals.referral_make(circle=circle, member_id=(member or world.mateo).pk, service_id=service.pk,
                                   words=words, actor=world.felix)


@pytest.mark.django_db
def test_the_referral_is_sealed_to_him_and_nothing_in_the_clear_says_which_service(world, setting, mailoutbox,
                                                                                  django_capture_on_commit_callbacks):
    circle, programme = setting
    with django_capture_on_commit_callbacks(execute=True):
        referral = _refer(world, circle, programme)
    sealed = bytes(referral.sealed)
    assert b"CANARY-REFERRAL" not in sealed and b"Respect" not in sealed and b"111 222" not in sealed
    assert referral.user_id == world.mateo.pk and referral.created_at.minute == 0
    entry = AuditEntry.objects.get(action="circle.referral_made")
    assert entry.actor_id == world.felix.pk and entry.details == {}
    assert [mail.to for mail in mailoutbox] == [[world.mateo.email]]
    mail = mailoutbox[0]
    assert "Respect" not in mail.body + mail.subject and "CANARY" not in mail.body
    assert reverse("circles:referrals") in mail.body
    (read,) = referrals.referrals_for(world.mateo, private_key=key_for(world.mateo))
    assert (read.words.service, read.words.contact) == ("Respect programme", "+00 111 222")
    assert read.words.words == WORDS
    # Nobody else's key opens it: the facilitator's own key does not.
    assert referrals.referrals_for(world.mateo, private_key=key_for(world.felix))[0].words is None


@pytest.mark.django_db
def test_refused_without_his_key_with_words_for_the_facilitator(world, setting, client_for):
    circle, programme = setting
    admit(circle, world.harry)  # no key of his own
    with pytest.raises(Refusal) as refused:
        _refer(world, circle, programme, member=world.harry)
    assert refused.value.code == "referral_no_key"
    url = reverse("circles:refer", args=["riverside", circle.slug])
    response = client_for("felix").post(url, {"referral-member": world.harry.pk, "referral-service": programme.pk,
                                              "referral-words": "Worth a call."})
    page = response.content.decode()
    assert response.status_code == 400 and "He has not set up his key yet" in page and "Worth a call." in page
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_only_a_member_of_the_circle_and_only_the_organisations_directory(world, setting):
    circle, programme = setting
    ask(circle, world.rosa)  # asking, not a member
    key_for(world.rosa)
    elsewhere = SupportService.objects.create(organisation=world.harbour, name="Harbour line", contact="x")
    for kwargs, code in (({"member": world.rosa}, "referral_not_member"), ({"words": "  "}, "referral_words")):
        with pytest.raises(Refusal) as refused:
            _refer(world, circle, programme, **kwargs)
        assert refused.value.code == code
    with pytest.raises(Refusal) as refused:
        _refer(world, circle, elsewhere)
    assert refused.value.code == "referral_no_service"
    with pytest.raises(Refusal) as refused:
        referrals.referral_make(circle=circle, member_id=world.mateo.pk, service_id=programme.pk, words=WORDS,
                                actor=world.rick)  # a facilitator of the organisation, not of this circle
    assert refused.value.code == "not_a_facilitator"


@pytest.mark.django_db
def test_the_facilitator_refers_from_the_circles_page(world, setting, client_for):
    circle, programme = setting
    felix = client_for("felix")
    manage = felix.get(reverse("circles:manage", args=["riverside", circle.slug])).content.decode()
    url = reverse("circles:refer", args=["riverside", circle.slug])
    assert url in manage
    assert "Respect programme" in felix.get(url).content.decode()
    response = felix.post(url, {"referral-member": world.mateo.pk, "referral-service": programme.pk,
                                "referral-words": WORDS})
    assert response.status_code == 302 and Referral.objects.filter(user=world.mateo).count() == 1


@pytest.mark.django_db
def test_he_reads_it_with_his_key_and_deletes_it(world, setting):
    circle, programme = setting
    referral = _refer(world, circle, programme)
    url = reverse("circles:referrals")
    locked = sign_in(Client(), world.mateo).get(url)
    assert b"CANARY-REFERRAL" not in locked.content and b"Unlock your key to read it" in locked.content
    mateo = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    page = mateo.get(url)
    assert b"CANARY-REFERRAL" in page.content and b"+00 111 222" in page.content
    assert "no-store" in page["Cache-Control"]
    assert b"CANARY-REFERRAL" not in sign_in(Client(), world.harry).get(url).content
    # Someone else cannot delete it; he can.
    sign_in(Client(), world.harry).post(reverse("circles:referral_delete"), {"referral": referral.pk})
    assert Referral.objects.filter(pk=referral.pk).exists()
    response = mateo.post(reverse("circles:referral_delete"), {"referral": referral.pk})
    assert response.status_code == 302 and not Referral.objects.exists()
    # The log keeps that one was deleted, never by whom nor where: nothing of it leads back to him.
    deleted = AuditEntry.objects.get(action="circle.referral_deleted")
    assert (deleted.actor_id, deleted.organisation_id, deleted.target_id, deleted.details) == (None, None, "", {})
    made = AuditEntry.objects.get(action="circle.referral_made")
    assert made.at == made.at.replace(minute=0, second=0, microsecond=0)  # to the hour, as the row is


@pytest.mark.django_db
def test_his_export_holds_the_referral_when_his_key_is_unlocked_and_deleting_names_it(world, setting):
    from holdspace.circles.personal_data import circles_consequences, circles_export
    from django.test import RequestFactory

    circle, programme = setting
    _refer(world, circle, programme)
    request = RequestFactory().get("/")
    request.user = world.mateo
    request.session = {}
    section = circles_export(request)
    assert section.left_out and not next(p for p in section.parts if p.key == "referrals").records
    mateo = unlock_case_key(with_sudo(sign_in(Client(), world.mateo)), world.mateo)
    body = mateo.get(reverse("accounts:export_json")).content.decode()
    assert "CANARY-REFERRAL" in body and "Respect programme" in body
    words = " ".join(str(c.words) for c in circles_consequences(world.mateo))
    assert "suggestion of support" in words


@pytest.mark.django_db
def test_a_facilitator_cannot_flood_a_man_with_referrals(world, setting, monkeypatch):
    from holdspace.circles import referrals as service

    circle, programme = setting
    monkeypatch.setattr(service, "REFER_RATE", "1/h")
    felix = sign_in(Client(), world.felix)
    url = reverse("circles:refer", args=[world.riverside.slug, circle.slug])
    data = {"referral-member": world.mateo.pk, "referral-service": programme.pk, "referral-words": "Worth a call."}
    admit(circle, world.harry)  # a member who has no key yet: the service refuses to refer him
    for _ in range(2):  # and a referral it refuses is not counted
        refused = felix.post(url, {**data, "referral-member": world.harry.pk})
        assert refused.status_code == 400 and b"He has not set up his key yet" in refused.content
    assert felix.post(url, data).status_code == 302
    refused = felix.post(url, {**data, "referral-words": "Another, kept as typed."})
    assert refused.status_code == 429
    assert b"You have sent many referrals" in refused.content and b"Another, kept as typed." in refused.content
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_a_referral_that_fails_after_it_was_counted_is_not_counted(world, setting, monkeypatch):
    from holdspace.accounts.throttle import throttle_count
    from holdspace.env import parse_rate

    circle, programme = setting

    def broken(**_kwargs):
        raise RuntimeError("the audit log could not be written")

    monkeypatch.setattr(referrals, "audit_record", broken)
    with pytest.raises(RuntimeError):
        _refer(world, circle, programme)
    _limit, period = parse_rate(referrals.REFER_RATE)
    assert throttle_count(scope="circle-referral", bucket=str(world.felix.pk), period=period) == 0
    assert not Referral.objects.exists()
