"""A man's amends plans: start one from an entry or on its own, read it, change it, say where it stands,
read its history, delete it for good.

Like his inventory, every page needs his key unlocked in this session (`inventory_view`): a plan is opened
in his request, for him alone. Survivor safety comes first on every page: contact is never the default, and
living amends (changed behaviour, no contact) is offered as a full way to make amends.
"""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holdspace.inventory import amends, entries, selectors
from holdspace.inventory.forms import AMENDS_STATUS_LABELS, AmendsPlanDeleteForm, AmendsPlanForm, AmendsStatusForm
from holdspace.inventory.models import AmendsPlan
from holdspace.inventory.refusals import REFUSALS
from holdspace.inventory.views.inventory import KEY_LOCKED_MEANWHILE, inventory_view
from holdspace.web.actions import post_action
from holdspace.web.inputs import posted_id, query_id, query_page

# Where each refusal is shown on the plan's form.
PLAN_FIELDS = {"amends_who_empty": "who", "amends_what_empty": "what"}
STATUS_FIELDS = {"amends_reason_needed": "reason", "amends_note_too_long": "note", "unknown_amends_status": "status",
                 "amends_status_same": "status", "amends_answers_needed": "status",
                 "amends_contact_unwanted": "status", "amends_contact_unsafe": "status"}


def _labelled(plans: list[amends.OpenedPlan]) -> list[tuple[amends.OpenedPlan, str]]:
    return [(plan, AMENDS_STATUS_LABELS[plan.status]) for plan in plans]


@inventory_view
def plans_page(request: HttpRequest, *, private_key, vault) -> HttpResponse:
    data_key = vault.data_key if vault is not None else None
    page = query_page(request, last=100_000)
    plans, total = selectors.amends_plans_changed(request.user, data_key=data_key, page=page)
    return render(request, "inventory/amends.html", {
        "plans": _labelled(plans), "total": total, "page": page,
        "older": page * selectors.PLANS_PER_PAGE < total,
    })


def _source(request: HttpRequest, *, entry_id: int | None, data_key: bytes | None):
    """The entry of his a plan comes from, opened; None when there is none (or it was deleted)."""
    found = selectors.entry_of(request.user, entry_id=entry_id) if entry_id is not None and data_key else None
    return entries.entry_unbox(found, data_key=data_key) if found is not None else None


def _form_page(request: HttpRequest, form: AmendsPlanForm, *, plan: AmendsPlan | None = None, source=None,
               entry_id: int | None = None, status: int = 200) -> HttpResponse:
    return render(request, "inventory/amends_form.html", {
        "form": form, "plan": plan, "source": source, "entry_id": source.pk if source else entry_id,
    }, status=status)


def _typed_while_locked(request: HttpRequest, *, plan: AmendsPlan | None = None) -> HttpResponse:
    """His key was locked while he wrote: everything he typed comes back (and the entry a new plan comes
    from, unopened), with how to save it."""
    form = AmendsPlanForm(request.POST)
    form.is_valid()
    form.add_error(None, KEY_LOCKED_MEANWHILE)
    entry_id = posted_id(request, name="entry") if plan is None else None
    return _form_page(request, form, plan=plan, entry_id=entry_id, status=403)


@inventory_view(keeps_typed=_typed_while_locked)
def plan_new(request: HttpRequest, *, private_key, vault) -> HttpResponse:
    data_key = vault.data_key if vault is not None else None
    if request.method != "POST":
        # From an entry of his: what happened starts as what he wrote there, his to change.
        source = _source(request, entry_id=query_id(request, name="entry"), data_key=data_key)
        return _form_page(request, AmendsPlanForm(initial={"what": source.text} if source else {}), source=source)
    # The entry it comes from rides along in the page, outside the form: one deleted meanwhile is refused,
    # left out of the page that says so, and the next Save keeps the plan on its own.
    entry_id = posted_id(request, name="entry")
    return post_action(
        request, form=AmendsPlanForm(request.POST), refusals=REFUSALS, fields=PLAN_FIELDS,
        again=lambda typed: _form_page(request, typed, source=_source(request, entry_id=entry_id, data_key=data_key)),
        act=lambda data: amends.amends_plan_write(
            owner=request.user, private_key=private_key, entry_id=entry_id,
            who=data["who"], what=data["what"], impact=data["impact"], repair=data["repair"],
            wanted=data["wanted"], harm=data["harm"]),
        done=_("Your plan is saved. Only you can read it."),
        to=lambda plan: reverse("inventory:amends_plan", args=[plan.pk]), refused_to=reverse("inventory:amends"))


def _plan_page(request: HttpRequest, plan: AmendsPlan, *, data_key: bytes, status_form=None, delete_form=None,
               status: int = 200) -> HttpResponse:
    opened = amends.amends_plan_unbox(plan, data_key=data_key)
    return render(request, "inventory/amends_plan.html", {
        "plan": opened, "status_label": AMENDS_STATUS_LABELS[opened.status],
        "answered": bool(opened.wanted and opened.harm),
        "wanted": dict(AmendsPlanForm.base_fields["wanted"].choices).get(opened.wanted, ""),
        "harm": dict(AmendsPlanForm.base_fields["harm"].choices).get(opened.harm, ""),
        "history": [(step, AMENDS_STATUS_LABELS[step.status]) for step in opened.history],
        "source": _source(request, entry_id=opened.entry_id, data_key=data_key),
        "form": status_form or AmendsStatusForm(), "delete_form": delete_form or AmendsPlanDeleteForm(),
    }, status=status)


@inventory_view
def plan_page(request: HttpRequest, *, plan, private_key, vault) -> HttpResponse:
    data_key = vault.data_key if vault is not None else None
    return _plan_page(request, plan, data_key=data_key)


@inventory_view(keeps_typed=lambda request, plan: _typed_while_locked(request, plan=plan))
def plan_edit(request: HttpRequest, *, plan, private_key, vault) -> HttpResponse:
    data_key = vault.data_key if vault is not None else None
    if request.method != "POST":
        opened = amends.amends_plan_unbox(plan, data_key=data_key)
        return _form_page(request, AmendsPlanForm(initial={
            "who": opened.who, "what": opened.what, "impact": opened.impact, "repair": opened.repair,
            "wanted": opened.wanted, "harm": opened.harm}), plan=plan)
    return post_action(
        request, form=AmendsPlanForm(request.POST), refusals=REFUSALS, fields=PLAN_FIELDS,
        again=lambda typed: _form_page(request, typed, plan=plan),
        act=lambda data: amends.amends_plan_update(
            plan, owner=request.user, data_key=data_key, who=data["who"], what=data["what"], impact=data["impact"],
            repair=data["repair"], wanted=data["wanted"], harm=data["harm"]),
        done=_("Your plan is saved. Only you can read it."), to=reverse("inventory:amends_plan", args=[plan.pk]))


def _status_typed_while_locked(request: HttpRequest, *, plan: AmendsPlan) -> HttpResponse:
    """His key was locked before he said where the plan stands: his choice and words come back."""
    form = AmendsStatusForm(request.POST)
    form.is_valid()
    form.add_error(None, KEY_LOCKED_MEANWHILE)
    return render(request, "inventory/amends_status.html", {"form": form, "plan": plan}, status=403)


@require_POST
@inventory_view(keeps_typed=_status_typed_while_locked)
def plan_status(request: HttpRequest, *, plan, private_key, vault) -> HttpResponse:
    data_key = vault.data_key if vault is not None else None
    return post_action(
        request, form=AmendsStatusForm(request.POST), refusals=REFUSALS, fields=STATUS_FIELDS,
        again=lambda typed: _plan_page(request, plan, data_key=data_key, status_form=typed),
        act=lambda data: amends.amends_plan_mark(plan, owner=request.user, data_key=data_key, status=data["status"],
                                                 reason=data["reason"], note=data["note"]),
        done=_("Saved in the plan's history."), to=reverse("inventory:amends_plan", args=[plan.pk]))


@require_POST
@inventory_view
def plan_delete(request: HttpRequest, *, plan, private_key, vault) -> HttpResponse:
    data_key = vault.data_key if vault is not None else None
    return post_action(
        request, form=AmendsPlanDeleteForm(request.POST), refusals=REFUSALS,
        again=lambda typed: _plan_page(request, plan, data_key=data_key, delete_form=typed),
        act=lambda data: amends.amends_plan_delete(plan, owner=request.user),
        done=_("The plan is deleted for good."), to=reverse("inventory:amends"))
