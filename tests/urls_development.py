"""The addresses as a development server (HOLDSPACE_DEBUG) has them: the dev mail page added."""
from django.urls import path

from holdspace import urls
from holdspace.site.dev_mail import dev_mail

urlpatterns = [path("dev/mail/", dev_mail, name="dev_mail"), *urls.urlpatterns]
handler404, handler500 = urls.handler404, urls.handler500
