from django.urls import path

from holdspace.conduct import views

app_name = "conduct"
urlpatterns = [
    path("organisations/<slug:slug>/code/", views.code, name="code"),
    path("organisations/<slug:slug>/code/sign/", views.sign, name="sign"),
]
