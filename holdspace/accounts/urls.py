from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from holdspace.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_verify, name="login_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/password/", views.password_change, name="password_change"),
    path("settings/two-step/", views.two_factor_enrol, name="two_factor_enrol"),
    path("settings/two-step/off/", views.two_factor_disable, name="two_factor_disable"),
    path("settings/two-step/backup-codes/", views.backup_codes, name="backup_codes"),
    path("settings/your-data/", views.your_data, name="your_data"),
    path("settings/your-data/export.json", views.export_download_json, name="export_json"),
    path("settings/your-data/export.html", views.export_download_html, name="export_html"),
    path("settings/delete/", views.account_delete, name="delete"),
    path("settings/delete/done/", views.account_deleted, name="deleted"),
    path("confirm/", views.sudo, name="sudo"),
    path(
        "password/reset/",
        views.ThrottledPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset_body.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
            extra_email_context={"site_url": settings.SITE_URL},
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.AuditedPasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
