from django.conf import settings
from django.urls import path

from holdspace.site import dev_mail, views

app_name = "site"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.dashboard, name="dashboard"),
    path("report/", views.report_harm, name="report_harm"),
    path("language/", views.set_language, name="set_language"),
]

if settings.HOLDSPACE_DEBUG:
    # Only in development: the mails the server wrote to its folder. Elsewhere no such address exists (404).
    urlpatterns.append(path("dev/mail/", dev_mail.dev_mail, name="dev_mail"))
