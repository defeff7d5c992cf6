from django.urls import path

from holdspace.assessments import views

app_name = "assessments"
urlpatterns = [
    path("organisations/<slug:slug>/assessments/", views.rounds, name="rounds"),
    path("organisations/<slug:slug>/assessments/new/", views.round_new, name="round_new"),
    path("organisations/<slug:slug>/assessments/<int:round_id>/", views.round_page, name="round"),
    path("organisations/<slug:slug>/assessments/<int:round_id>/close/", views.round_close, name="round_close"),
    path("organisations/<slug:slug>/assessments/<int:round_id>/withhold/", views.comment_withhold,
         name="comment_withhold"),
    path("organisations/<slug:slug>/action-points/", views.action_points, name="action_points"),
    path("organisations/<slug:slug>/action-points/new/", views.action_point_new, name="action_point_new"),
    path("organisations/<slug:slug>/action-points/<int:point_id>/", views.action_point, name="action_point"),
]
