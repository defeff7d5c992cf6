from django.urls import path

from holdspace.inventory.views import amends, commitments, inventory

app_name = "inventory"

urlpatterns = [
    path("inventory/", inventory.entries_page, name="entries"),
    path("inventory/write/", inventory.entry_new, name="entry_new"),
    path("inventory/<int:entry_id>/", inventory.entry_page, name="entry"),
    path("inventory/<int:entry_id>/edit/", inventory.entry_edit, name="entry_edit"),
    path("inventory/<int:entry_id>/delete/", inventory.entry_delete, name="entry_delete"),
    path("amends/", amends.plans_page, name="amends"),
    path("amends/new/", amends.plan_new, name="amends_new"),
    path("amends/<int:plan_id>/", amends.plan_page, name="amends_plan"),
    path("amends/<int:plan_id>/edit/", amends.plan_edit, name="amends_edit"),
    path("amends/<int:plan_id>/status/", amends.plan_status, name="amends_status"),
    path("amends/<int:plan_id>/delete/", amends.plan_delete, name="amends_delete"),
    path("commitments/", commitments.commitments, name="commitments"),
    path("commitments/<int:commitment_id>/", commitments.commitment, name="commitment"),
    path("commitments/<int:commitment_id>/end/", commitments.commitment_end, name="commitment_end"),
]
