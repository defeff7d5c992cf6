from django.urls import path

from holdspace.vetting import views

app_name = "vetting"
urlpatterns = [
    path("networks/<slug:slug>/apply/", views.apply, name="apply"),
    path("applications/", views.mine, name="mine"),
    path("applications/<int:application_id>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:application_id>/appeal/", views.appeal, name="appeal"),
    path("renewals/<int:application_id>/", views.renewal, name="renewal"),
    path("references/thanks/", views.reference_thanks, name="reference_thanks"),
    # The referee's private link: its secret is kept out of the logs (web/logs.py).
    path("references/<str:reference_token>/", views.reference, name="reference"),
    path("references/<str:reference_token>/decline/", views.reference_decline, name="reference_decline"),
    path("organisations/<slug:slug>/applications/", views.review_list, name="review_list"),
    path("organisations/<slug:slug>/applications/<int:application_id>/", views.review, name="review"),
    path("organisations/<slug:slug>/applications/<int:application_id>/note/", views.review_note,
         name="review_note"),
    path("organisations/<slug:slug>/applications/<int:application_id>/conflict/", views.review_conflict,
         name="review_conflict"),
    path("organisations/<slug:slug>/applications/<int:application_id>/decide/", views.review_decide,
         name="review_decide"),
    # The reference to ask again is posted by id.
    path("organisations/<slug:slug>/applications/<int:application_id>/references/renew/",
         views.review_reference_renew, name="review_reference_renew"),
    path("organisations/<slug:slug>/applications/<int:application_id>/appeal/", views.review_appeal,
         name="review_appeal"),
    # Vetting members again, and the list referees are chosen from; which member or listed organisation is posted.
    path("organisations/<slug:slug>/vetting/schedule/", views.schedule, name="schedule"),
    path("organisations/<slug:slug>/vetting/renewals/open/", views.renewal_open, name="renewal_open"),
    path("organisations/<slug:slug>/vetting/referees/", views.referee_list, name="referees"),
    path("organisations/<slug:slug>/vetting/referees/remove/", views.referee_remove, name="referee_remove"),
]
