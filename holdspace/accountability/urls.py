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
]
