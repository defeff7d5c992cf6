from django.urls import path

from holdspace.accountability import views

app_name = "accountability"
urlpatterns = [
    path("o/<slug:slug>/accountability/", views.page, name="page"),
    path("organisations/<slug:slug>/accountability/", views.settings, name="settings"),
]
