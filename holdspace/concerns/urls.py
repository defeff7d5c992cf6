from django.urls import path

from holdspace.concerns import views

app_name = "concerns"
concerns = "organisations/<slug:slug>/concerns/"
urlpatterns = [
    path(concerns, views.register, name="register"),
    path(concerns + "new/", views.new, name="new"),
    path(concerns + "<int:concern_id>/", views.concern, name="concern"),
    path(concerns + "<int:concern_id>/answer/", views.answer, name="answer"),
    path(concerns + "<int:concern_id>/follow-up/", views.follow_up, name="follow_up"),
    path(concerns + "<int:concern_id>/close/", views.close, name="close"),
]
