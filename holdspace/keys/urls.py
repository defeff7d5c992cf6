from django.urls import path

from holdspace.keys import views

app_name = "keys"

urlpatterns = [
    path("key/", views.key, name="key"),
    path("key/lock/", views.key_lock, name="lock"),
]
