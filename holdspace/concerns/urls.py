from django.urls import path

from holdspace.concerns import views

app_name = "concerns"
concerns = "organisations/<slug:slug>/concerns/"
complaints = "organisations/<slug:slug>/complaints/"
urlpatterns = [
    path(concerns, views.register, name="register"),
    path(concerns + "new/", views.new, name="new"),
    path(concerns + "<int:concern_id>/", views.concern, name="concern"),
    path(concerns + "<int:concern_id>/answer/", views.answer, name="answer"),
    path(concerns + "<int:concern_id>/follow-up/", views.follow_up, name="follow_up"),
    path(concerns + "<int:concern_id>/close/", views.close, name="close"),
    path(complaints + "new/", views.complaint_new, name="complaint_new"),
    path(complaints + "<int:concern_id>/", views.complaint, name="complaint"),
    path(complaints + "<int:concern_id>/answer/", views.complaint_answer, name="complaint_answer"),
    path(complaints + "<int:concern_id>/follow-up/", views.complaint_follow_up, name="complaint_follow_up"),
    path(complaints + "<int:concern_id>/close/", views.complaint_close, name="complaint_close"),
]
