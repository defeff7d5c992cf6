from django.urls import path

from holdspace.inventory.views import amends, commitments, inventory, partners

app_name = "inventory"

COMMITMENT = "commitments/<int:commitment_id>"
PARTNERED = "partnering/<int:commitment_id>"

urlpatterns = [
    path("inventory/", inventory.entries_page, name="entries"),
    path("inventory/write/", inventory.entry_new, name="entry_new"),
    path("inventory/<int:entry_id>/", inventory.entry_page, name="entry"),
    path("inventory/<int:entry_id>/edit/", inventory.entry_edit, name="entry_edit"),
    path("inventory/<int:entry_id>/delete/", inventory.entry_delete, name="entry_delete"),
    path("inventory/<int:entry_id>/to-story/", inventory.entry_to_story, name="entry_to_story"),
    path("amends/", amends.plans_page, name="amends"),
    path("amends/new/", amends.plan_new, name="amends_new"),
    path("amends/<int:plan_id>/", amends.plan_page, name="amends_plan"),
    path("amends/<int:plan_id>/edit/", amends.plan_edit, name="amends_edit"),
    path("amends/<int:plan_id>/status/", amends.plan_status, name="amends_status"),
    path("amends/<int:plan_id>/delete/", amends.plan_delete, name="amends_delete"),
    path("commitments/", commitments.commitments, name="commitments"),
    path("commitments/reminders/", commitments.reminders_set, name="reminders"),
    path(f"{COMMITMENT}/", commitments.commitment, name="commitment"),
    path(f"{COMMITMENT}/end/", commitments.commitment_end, name="commitment_end"),
    path(f"{COMMITMENT}/change/", commitments.commitment_change, name="commitment_change"),
    path(f"{COMMITMENT}/change/withdraw/", commitments.commitment_change_withdraw, name="commitment_change_withdraw"),
    path(f"{COMMITMENT}/partner/invite/", commitments.partner_invite, name="partner_invite"),
    path(f"{COMMITMENT}/partner/invitations/<int:invitation_id>/withdraw/", commitments.partner_invitation_withdraw,
         name="partner_invitation_withdraw"),
    path(f"{COMMITMENT}/partner/end/", commitments.partnership_end, name="partnership_end"),
    path(f"{COMMITMENT}/partner/reopen/", commitments.partner_reopen, name="partner_reopen"),
    path("partnering/", partners.partnering, name="partnering"),
    path(f"{PARTNERED}/", partners.partnered, name="partnered"),
    path(f"{PARTNERED}/encourage/", partners.partnered_encourage, name="partnered_encourage"),
    path(f"{PARTNERED}/check-ins/<int:check_in_id>/confirm/", partners.partnered_confirm, name="partnered_confirm"),
    path(f"{PARTNERED}/leave/", partners.partnered_leave, name="partnered_leave"),
    path(f"{PARTNERED}/reopen/", partners.partnered_reopen, name="partnered_reopen"),
    path("partnering/invitations/<int:invitation_id>/accept/", partners.invitation_accept, name="invitation_accept"),
    path("partnering/invitations/<int:invitation_id>/decline/", partners.invitation_decline,
         name="invitation_decline"),
    path("partnering/link/<str:token>/", partners.partner_link, name="partner_link"),
    path("partnering/invitation/", partners.partner_invitation, name="partner_invitation"),
    path("partnering/invitation/accept/", partners.partner_invitation_accept, name="partner_invitation_accept"),
    path("partnering/invitation/decline/", partners.partner_invitation_decline, name="partner_invitation_decline"),
]
