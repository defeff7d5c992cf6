from django.urls import include, path

urlpatterns = [
    path("", include("holdspace.site.urls")),
    path("accounts/", include("holdspace.accounts.urls")),
    path("", include("holdspace.keys.urls")),
    path("", include("holdspace.organisations.urls")),
    path("", include("holdspace.reports.urls")),
    path("", include("holdspace.circles.urls")),
    path("", include("holdspace.inventory.urls")),
    path("", include("holdspace.stories.urls")),
    path("", include("holdspace.conduct.urls")),
    path("", include("holdspace.vetting.urls")),
    path("", include("holdspace.assessments.urls")),
    path("", include("holdspace.concerns.urls")),
    path("", include("holdspace.accountability.urls")),
]

handler404 = "holdspace.web.views.page_not_found"
handler500 = "holdspace.web.views.server_error"
