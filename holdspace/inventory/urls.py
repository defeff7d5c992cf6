from django.urls import path

from holdspace.inventory import views

app_name = "inventory"

urlpatterns = [
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<int:commitment_id>/", views.commitment, name="commitment"),
    path("commitments/<int:commitment_id>/end/", views.commitment_end, name="commitment_end"),
]
