from django.urls import path

from holdspace.reports.views import handler, policy, reporter, respondent

app_name = "reports"

urlpatterns = [
    # Reporters, with or without an account.
    path("o/<slug:slug>/report/", reporter.start, name="start"),
    path("o/<slug:slug>/report/write/", reporter.write, name="write"),
    path("report/return/", reporter.receipt_enter, name="receipt"),
    path("report/mine/", reporter.mine, name="mine"),
    path("report/mine/write/", reporter.mine_write, name="mine_write"),
    path("report/mine/pathway/", reporter.mine_pathway, name="mine_pathway"),
    path("report/mine/withdraw/", reporter.mine_withdraw, name="mine_withdraw"),
    path("report/mine/stop/", reporter.mine_stop, name="mine_stop"),
    path("report/mine/delete/", reporter.mine_delete, name="mine_delete"),
    path("report/mine/record/", reporter.mine_record, name="mine_record"),
    path("report/mine/files/<int:file_id>/", reporter.mine_file, name="mine_file"),
    path("report/mine/leave/", reporter.mine_leave, name="mine_leave"),
]

urlpatterns += [
    # Case handlers.
    path("organisations/<slug:slug>/cases/", handler.cases, name="cases"),
    path("organisations/<slug:slug>/cases/key/", handler.key, name="key"),
    path("organisations/<slug:slug>/cases/key/lock/", handler.key_lock, name="key_lock"),
    path("organisations/<slug:slug>/cases/<str:reference>/", handler.case, name="case"),
    path("organisations/<slug:slug>/cases/<str:reference>/act/<str:action>/", handler.case_act, name="case_act"),
    path("organisations/<slug:slug>/cases/<str:reference>/files/<int:file_id>/", handler.case_file, name="case_file"),
]

urlpatterns += [
    # A respondent who was told about a formal investigation.
    path("responding/", respondent.responding, name="responding"),
    path("responding/key/", respondent.responding_key, name="responding_key"),
    path("responding/<str:reference>/", respondent.responding_case, name="responding_case"),
    path("responding/<str:reference>/write/", respondent.responding_write, name="responding_write"),
]

urlpatterns += [
    # The organisation's reporting policy and support directory.
    path("organisations/<slug:slug>/reporting-policy/", policy.policy, name="policy"),
    path("organisations/<slug:slug>/reporting-policy/support/", policy.support_add, name="support_add"),
    path(
        "organisations/<slug:slug>/reporting-policy/support/<int:service_id>/remove/",
        policy.support_remove,
        name="support_remove",
    ),
]
