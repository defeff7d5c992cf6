from django.urls import path

from holdspace.core import views

app_name = "core"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.dashboard, name="dashboard"),
    path("language/", views.set_language, name="set_language"),
]
