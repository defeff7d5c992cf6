from django.urls import path

from holdspace.accountability import views

app_name = "accountability"
urlpatterns = [
    path("o/<slug:slug>/accountability/", views.page, name="page"),
    path("organisations/<slug:slug>/accountability/", views.settings, name="settings"),
    path("organisations/<slug:slug>/accountability/report/<int:year>/", views.annual_report, name="annual_report"),
    path("organisations/<slug:slug>/accountability/report/<int:year>.pdf", views.annual_report_pdf,
         name="annual_report_pdf"),
    path("organisations/<slug:slug>/members/overview/", views.network_overview, name="network_overview"),
    path("organisations/<slug:slug>/members/overview.csv", views.network_overview_csv, name="network_overview_csv"),
    path("organisations/<slug:slug>/accountability/steering/", views.steering, name="steering"),
    path("organisations/<slug:slug>/accountability/steering/<int:seat_id>/end/", views.seat_end, name="seat_end"),
    path("organisations/<slug:slug>/accountability/meetings/", views.meetings, name="meetings"),
    path("organisations/<slug:slug>/accountability/meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("organisations/<slug:slug>/accountability/meetings/<int:meeting_id>/minutes/", views.meeting_minutes,
         name="meeting_minutes"),
    path("organisations/<slug:slug>/accountability/meetings/<int:meeting_id>/points/", views.meeting_point,
         name="meeting_point"),
]
