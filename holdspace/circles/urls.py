from django.urls import path

from holdspace.circles import views

app_name = "circles"

urlpatterns = [
    path("circles/", views.finder, name="finder"),
    path("circles/start-a-group/", views.guide, name="guide"),
    path("circles/<slug:slug>/", views.circle, name="circle"),
]
