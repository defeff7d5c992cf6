from django.urls import path

from holdspace.inventory.views import commitments, inventory

app_name = "inventory"

urlpatterns = [
    path("inventory/", inventory.entries_page, name="entries"),
    path("inventory/write/", inventory.entry_new, name="entry_new"),
    path("inventory/<int:entry_id>/", inventory.entry_page, name="entry"),
    path("inventory/<int:entry_id>/edit/", inventory.entry_edit, name="entry_edit"),
    path("inventory/<int:entry_id>/delete/", inventory.entry_delete, name="entry_delete"),
    path("commitments/", commitments.commitments, name="commitments"),
    path("commitments/<int:commitment_id>/", commitments.commitment, name="commitment"),
    path("commitments/<int:commitment_id>/end/", commitments.commitment_end, name="commitment_end"),
]
