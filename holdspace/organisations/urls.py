from django.urls import path

from holdspace.organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisations/new/", views.organisation_new, name="new"),
    path("organisations/<slug:slug>/", views.home, name="home"),
    path("organisations/<slug:slug>/details/", views.details, name="details"),
    path("organisations/<slug:slug>/details/languages/<str:language>/", views.description_translation,
         name="description_translation"),
    path("organisations/<slug:slug>/people/", views.people, name="people"),
    path("organisations/<slug:slug>/people/<int:user_id>/", views.person, name="person"),
    path("organisations/<slug:slug>/people/<int:user_id>/reporting-line/", views.reporting_line,
         name="reporting_line"),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisations/<slug:slug>/member-organisations/", views.network_members, name="network_members"),
    path("organisations/<slug:slug>/member-organisations/<slug:member>/", views.network_member,
         name="network_member"),
    path("organisations/<slug:slug>/member-organisations/<slug:member>/suspend/", views.network_member_suspend,
         name="network_member_suspend"),
    path("organisations/<slug:slug>/member-organisations/<slug:member>/lift/", views.network_member_lift,
         name="network_member_lift"),
    path("organisations/<slug:slug>/member-organisations/<slug:member>/expel/", views.network_member_expel,
         name="network_member_expel"),
    path("organisations/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("organisations/<slug:slug>/audit/checkpoint/", views.audit_checkpoint, name="audit_checkpoint"),
    path("organisations/<slug:slug>/audit/checkpoint/compare/", views.audit_checkpoint_compare,
         name="audit_checkpoint_compare"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("o/<slug:slug>/", views.public_page, name="public"),
]
