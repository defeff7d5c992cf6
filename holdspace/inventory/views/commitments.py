"""A man's own commitments: those he made in a circle and those he made alone, his check-ins, the
changes that wait a week, his accountability partner and the reminders. Every page opens the words
with his key, unlocked in this session."""
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from holdspace.inventory import charts, commitments as services, partners, reminders, selectors
from holdspace.inventory.fellows import fellows_of
from holdspace.inventory.forms import (
    CheckInForm,
    CommitmentChangeForm,
    CommitmentEndForm,
    CommitmentForm,
    PartnerInviteForm,
    RemindersForm,
)
from holdspace.inventory.models import Commitment
from holdspace.inventory.refusals import REFUSALS
from holdspace.inventory.sealing import commitment_key_open, waiting_for_new_key
from holdspace.keys.selectors import public_key_of
from holdspace.keys.session import unlocked_key, unlocked_key_forget
from holdspace.keys.views import key_url
from holdspace.web import dates
from holdspace.web.actions import post_action
from holdspace.web.refusals import Refusal, refusal_message

RECENT_CHECK_INS = 3


def keyed_view(view=None, *, find=None, page=None, keeps_typed=None):
    """A page of his personal work that opens words with his own key: first the object it is about (`find`
    gives it from the address, 404 for anyone it does not belong to, before anything else), then his key,
    unlocked in this session and his current one. Without it he is sent to unlock it and brought back; a
    POST from a page he typed on (`keeps_typed`) comes back with what he typed instead, to save again once
    it is unlocked; after unlocking, a step sent from a page goes back to that page (`page`, from what `find`
    found), since the step's own address takes no GET."""
    if view is None:
        return lambda chosen: keyed_view(chosen, find=find, page=page, keeps_typed=keeps_typed)

    @wraps(view)
    @sensitive_variables("private_key")
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if find is not None:
            kwargs["found"] = find(request, **kwargs)
        private_key = unlocked_key(request)
        current = public_key_of(request.user) if private_key is not None else None
        if private_key is None or current != bytes(private_key.public_key):
            if request.method == "POST" and keeps_typed is not None:
                return keeps_typed(request, *args, **kwargs)
            back = page(**kwargs) if request.method == "POST" and page is not None else request.path
            response = redirect(key_url(next_path=back))
            if private_key is not None:  # an older key of his, still unlocked here: lock it
                unlocked_key_forget(request, response=response)
                messages.error(request, refusal_message(Refusal("key_changed"), messages=REFUSALS))
            return response
        return view(request, *args, private_key=private_key, **kwargs)

    return wrapper


def _list_page(request: HttpRequest, *, private_key, form: CommitmentForm | None = None,
               status: int = 200) -> HttpResponse:
    mine = selectors.commitments_of(request.user)
    selectors.commitments_open(mine, private_key=private_key)
    for commitment in mine:
        commitment.recent = commitment.all_check_ins[:RECENT_CHECK_INS]
    opened = [c for c in mine if c.text is not None]
    return render(request, "inventory/commitments.html", {
        "active": [c for c in opened if c.status == Commitment.Status.ACTIVE],
        "ended": [c for c in opened if c.status != Commitment.Status.ACTIVE],
        "waiting": [c for c in mine if c.text is None],
        "form": form or CommitmentForm(),
        "reminders_on": reminders.reminders_on(request.user),
    }, status=status)


def _list_typed_while_locked(request: HttpRequest) -> HttpResponse:
    form = CommitmentForm(request.POST)
    form.is_valid()
    form.add_error(None, _("Your key is locked, so nothing was saved. Unlock it in another tab, then press the "
                           "button again: what you wrote is still here."))
    return render(request, "inventory/commitment_locked.html", {"form": form}, status=403)


@keyed_view(keeps_typed=_list_typed_while_locked)
def commitments(request: HttpRequest, *, private_key) -> HttpResponse:
    if request.method != "POST":
        return _list_page(request, private_key=private_key)
    return post_action(
        request, form=CommitmentForm(request.POST), refusals=REFUSALS, fields={"empty": "text", "too_long": "text"},
        again=lambda typed: _list_page(request, private_key=private_key, form=typed),
        act=lambda data: services.commitment_make(owner=request.user, **data),
        done=_("Your commitment is written down. Check in on it as you go."),
        to=lambda made: reverse("inventory:commitment", args=[made.pk]), refused_to=reverse("inventory:commitments"))


def _his(request: HttpRequest, *, commitment_id: int, **_kwargs) -> Commitment:
    """One of his own commitments; 404 for anyone else's."""
    found = selectors.commitment_of(request.user, commitment_id=commitment_id)
    if found is None:
        raise Http404
    return found


def _his_page(*, found: Commitment, **_kwargs) -> str:
    return reverse("inventory:commitment", args=[found.pk])


def _page(request: HttpRequest, found: Commitment, *, private_key, form=None, end_form=None, change_form=None,
          invite_form=None, status: int = 200) -> HttpResponse:
    key = commitment_key_open(found, private_key=private_key)
    if key is None:  # made in a circle before he had a key: it waits for a facilitator to open it to him
        return render(request, "inventory/commitment_waiting.html", {"commitment": found}, status=status)
    opened = selectors.commitment_opened(found, key=key)
    fellows = fellows_of(request.user)
    weeks = selectors.check_in_weeks(found, today=timezone.localdate())
    return render(request, "inventory/commitment.html", {
        "commitment": found, "opened": opened,
        "form": form or CheckInForm(), "end_form": end_form or CommitmentEndForm(),
        "change_form": change_form or CommitmentChangeForm(
            from_circle=bool(found.source_session_id), initial={"every": found.check_in_every}),
        "invite_form": invite_form or PartnerInviteForm(fellows=fellows),
        "waiting": selectors.invitation_waiting(found, key=key),
        "declined": selectors.invitation_answered(found) if found.partner_id is None else None,
        "chart": charts.weeks_chart(weeks), "chart_weeks": weeks,
        "wait_days": services.CHANGE_WAIT.days,
        "partner_new_key": "partner" in waiting_for_new_key(found),
    }, status=status)


def _typed_while_locked(request: HttpRequest, *, commitment_id: int, found: Commitment) -> HttpResponse:
    """His key was locked while he wrote his check-in: it comes back as typed, with how to save it."""
    form = CheckInForm(request.POST)
    form.is_valid()
    form.add_error(None, _("Your key is locked, so nothing was saved. Unlock it in another tab, then press the "
                           "button again: what you wrote is still here."))
    return render(request, "inventory/commitment_locked.html", {"form": form}, status=403)


@keyed_view(find=_his, keeps_typed=_typed_while_locked)
def commitment(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    """One commitment: check in on it, read how it has gone, change or end it, ask a partner."""
    if request.method != "POST":
        return _page(request, found, private_key=private_key)
    return post_action(
        request, form=CheckInForm(request.POST), refusals=REFUSALS, fields={"too_long": "note"},
        act=lambda data: services.commitment_check_in(commitment=found, user=request.user, private_key=private_key,
                                                      **data),
        done=_("Your check-in is saved."),
        to=reverse("inventory:commitment", args=[found.pk]),
        again=lambda typed: _page(request, found, private_key=private_key, form=typed))


def _back(found: Commitment) -> str:
    return reverse("inventory:commitment", args=[found.pk])


@require_POST
@keyed_view(find=_his, page=_his_page)
def commitment_end(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    """Done, or set down: after the week's wait either way, as both end its check-ins."""
    return post_action(
        request, form=CommitmentEndForm(request.POST), refusals=REFUSALS,
        act=lambda data: (data["status"], services.commitment_change_ask(commitment=found, user=request.user,
                                                                         end=data["status"])),
        done=lambda asked: (_("It will be marked done on %(date)s.") if asked[0] == Commitment.Status.COMPLETED
                            else _("It will be set down on %(date)s.")) % {"date": _date(asked[1])} + " "
        + _("Until then you can keep checking in, or take this back."),
        to=_back(found),
        again=lambda typed: _page(request, found, private_key=private_key, end_form=typed, status=400))


def _date(moment) -> str:
    return dates.day(moment)


@require_POST
@keyed_view(find=_his, page=_his_page)
def commitment_change(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    """Check in at another rhythm: more often at once, less often after the week's wait."""
    return post_action(
        request, form=CommitmentChangeForm(request.POST, from_circle=bool(found.source_session_id)),
        refusals=REFUSALS, fields={"same_every": "every", "unknown_every": "every"},
        act=lambda data: services.commitment_change_ask(commitment=found, user=request.user, every=data["every"]),
        done=lambda takes_effect: _("Changed.") if takes_effect is None else
        _("The change takes effect on %(date)s. Until then you can take it back.") % {"date": _date(takes_effect)},
        to=_back(found),
        again=lambda typed: _page(request, found, private_key=private_key, change_form=typed))


@require_POST
@keyed_view(find=_his, page=_his_page)
def commitment_change_withdraw(request: HttpRequest, commitment_id: int, *, found: Commitment,
                               private_key) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: services.commitment_change_withdraw(commitment=found, user=request.user),
        done=_("Taken back: the commitment stays as it was."), to=_back(found))


@require_POST
@keyed_view(find=_his, page=_his_page)
def partner_invite(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    return post_action(
        request, form=PartnerInviteForm(request.POST, fellows=fellows_of(request.user)), refusals=REFUSALS,
        fields={"bad_address": "email", "not_yourself": "email", "not_a_fellow": "fellow"},
        statuses={"too_many_invitations": 429},
        act=lambda data: partners.partner_invite(commitment=found, owner=request.user, private_key=private_key,
                                                 email=data.get("email") or "", invitee_id=data.get("fellow")),
        done=_("Your invitation is on its way. You will see here when it is answered."),
        to=_back(found),
        again=lambda typed: _page(request, found, private_key=private_key, invite_form=typed))


@require_POST
@keyed_view(find=_his, page=_his_page)
def partner_invitation_withdraw(request: HttpRequest, commitment_id: int, invitation_id: int, *,
                                found: Commitment, private_key) -> HttpResponse:
    invitation = selectors.invitation_for_owner(request.user, invitation_id=invitation_id)
    if invitation is None or invitation.commitment_id != found.pk:
        raise Http404
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.partner_invitation_withdraw(invitation=invitation, owner=request.user),
        done=_("The invitation is withdrawn: its link no longer works."), to=_back(found))


@require_POST
@keyed_view(find=_his, page=_his_page)
def partnership_end(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: partners.partnership_end(commitment=found, user=request.user, private_key=private_key),
        done=_("The partnership has ended. He no longer sees this commitment."), to=_back(found))


@require_POST
@keyed_view(find=_his, page=_his_page)
def partner_reopen(request: HttpRequest, commitment_id: int, *, found: Commitment, private_key) -> HttpResponse:
    """He opens the commitment to his partner's new key, having checked with him that he made it."""
    return post_action(
        request, refusals=REFUSALS,
        act=lambda _data: services.seal_renew(commitment=found, user=request.user, private_key=private_key,
                                              reader="partner"),
        done=_("Your partner can read this commitment again."), to=_back(found))


@require_POST
def reminders_set(request: HttpRequest) -> HttpResponse:
    """Mails when a check-in is due: on or off. Needs no key: the mails carry none of his words."""
    return post_action(
        request, form=RemindersForm(request.POST), refusals=REFUSALS,
        act=lambda data: reminders.reminders_set(owner=request.user, on=data["on"]),
        done=_("Reminders are on: a mail says when a check-in is due.") if request.POST.get("on") == "1"
        else _("Reminders are off."),
        to=reverse("inventory:commitments"))
