from django.urls import path

from holdspace.site import views

app_name = "site"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.dashboard, name="dashboard"),
    path("report/", views.report_harm, name="report_harm"),
    path("language/", views.set_language, name="set_language"),
]
