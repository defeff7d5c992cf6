from django.urls import path

from holdspace.reports.views import casework, handler, kept, policy, recovery, reporter, respondent

app_name = "reports"

urlpatterns = [
    # Reporters, with or without an account.
    path("o/<slug:slug>/report/", reporter.start, name="start"),
    path("o/<slug:slug>/report/write/", reporter.write, name="write"),
    path("report/return/", reporter.receipt_enter, name="receipt"),
    path("report/browsing-safely/", reporter.safe_browsing, name="safe_browsing"),
    path("report/mine/", reporter.mine, name="mine"),
    path("report/mine/write/", reporter.mine_write, name="mine_write"),
    path("report/mine/pathway/", reporter.mine_pathway, name="mine_pathway"),
    path("report/mine/withdraw/", reporter.mine_withdraw, name="mine_withdraw"),
    path("report/mine/stop/", reporter.mine_stop, name="mine_stop"),
    path("report/mine/delete/", reporter.mine_delete, name="mine_delete"),
    path("report/mine/record/", reporter.mine_record, name="mine_record"),
    path("report/mine/files/<int:file_id>/", reporter.mine_file, name="mine_file"),
    path("report/mine/leave/", reporter.mine_leave, name="mine_leave"),
    path("report/quick-exit/", reporter.quick_exit, name="quick_exit"),
    path("report/mine/step-in/", reporter.mine_step_in, name="mine_step_in"),
    # Anyone checks a signed record, with no account.
    path("records/check/", reporter.record_check_page, name="record_check"),
    path("report/mine/needs/", reporter.mine_needs, name="mine_needs"),
    path("report/mine/news/", reporter.mine_news, name="mine_news"),
    path("report/mine/news/remove/", reporter.mine_news_remove, name="mine_news_remove"),
    path("report/mine/keep/", reporter.mine_keep, name="mine_keep"),
    # The reports a signed-in reporter keeps with her account.
    path("report/kept/", kept.kept, name="kept"),
    path("report/kept/open/", kept.kept_open_view, name="kept_open"),
    path("report/kept/untie/", kept.kept_untie_view, name="kept_untie"),
]

CASE = "organisations/<slug:slug>/cases/<str:reference>/"

urlpatterns += [
    # Case handlers: the case, and one address per action on it.
    path("organisations/<slug:slug>/cases/", handler.cases, name="cases"),
    path("organisations/<slug:slug>/cases/key/", handler.key, name="key"),
    path("organisations/<slug:slug>/cases/key/lock/", handler.key_lock, name="key_lock"),
    path("organisations/<slug:slug>/cases/intake/", casework.intake, name="intake"),
    path("organisations/<slug:slug>/cases/figures/", handler.figures, name="figures"),
    path("organisations/<slug:slug>/cases/<str:reference>/", handler.case, name="case"),
    # The case's sections (the summary above is the first).
    path(f"{CASE}report/", handler.case_report, name="case_report"),
    path(f"{CASE}messages/", handler.case_messages, name="case_messages"),
    path(f"{CASE}stages/", handler.case_stages, name="case_stages"),
    path(f"{CASE}assessment/", handler.case_assessment, name="case_assessment"),
    path(f"{CASE}people/", handler.case_people, name="case_people"),
    path(f"{CASE}closing/", handler.case_closing, name="case_closing"),
    path(f"{CASE}act/stage/", handler.case_stage, name="case_stage"),
    path(f"{CASE}act/agreement/", handler.case_agreement, name="case_agreement"),
    path(f"{CASE}act/agreement_done/", handler.case_agreement_done, name="case_agreement_done"),
    path(f"{CASE}act/message/", handler.case_message, name="case_message"),
    path(f"{CASE}act/safety/", handler.case_safety, name="case_safety"),
    path(f"{CASE}act/assign/", handler.case_assign, name="case_assign"),
    path(f"{CASE}act/grant/", handler.case_grant, name="case_grant"),
    path(f"{CASE}act/respondent/", handler.case_respondent, name="case_respondent"),
    path(f"{CASE}act/notify/", handler.case_notify, name="case_notify"),
    path(f"{CASE}act/respondent_channel/", handler.case_respondent_channel, name="case_respondent_channel"),
    path(f"{CASE}act/appeal/", handler.case_appeal, name="case_appeal"),
    path(f"{CASE}act/close/", handler.case_close, name="case_close"),
    path(f"{CASE}act/hold/", handler.case_hold, name="case_hold"),
    path(f"{CASE}act/identity/", handler.case_identity, name="case_identity"),
    path(f"{CASE}act/decide/", handler.case_identity_decide, name="case_identity_decide"),
    path(f"{CASE}act/conflict/", handler.case_conflict, name="case_conflict"),
    path(f"{CASE}act/classify/", handler.case_classify, name="case_classify"),
    path(f"{CASE}act/link/", handler.case_link, name="case_link"),
    path(f"{CASE}act/unlink/", handler.case_unlink, name="case_unlink"),
    path("organisations/<slug:slug>/cases/<str:reference>/files/<int:file_id>/", handler.case_file, name="case_file"),
    # A handler's tools of the field: the evidence log, outcome and measures, the record.
    path(f"{CASE}evidence/", casework.case_evidence, name="case_evidence"),
    path(f"{CASE}act/evidence/", casework.case_evidence_add, name="case_evidence_add"),
    path(f"{CASE}outcome/", casework.case_outcome, name="case_outcome"),
    path(f"{CASE}act/finding/", casework.case_finding, name="case_finding"),
    path(f"{CASE}act/measure/", casework.case_measure, name="case_measure"),
    path(f"{CASE}act/measure_done/", casework.case_measure_done, name="case_measure_done"),
    path(f"{CASE}record/", casework.case_record, name="case_record"),
    path(f"{CASE}record.pdf", casework.case_record_pdf, name="case_record_pdf"),
]

urlpatterns += [
    # A respondent who was told about a formal investigation.
    path("responding/", respondent.responding, name="responding"),
    path("responding/key/", respondent.responding_key, name="responding_key"),
    path("responding/<str:reference>/", respondent.responding_case, name="responding_case"),
    path("responding/<str:reference>/write/", respondent.responding_write, name="responding_write"),
    path("responding/<str:reference>/code/", respondent.responding_code, name="responding_code"),
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
    path("organisations/<slug:slug>/reporting-policy/types/", policy.case_types, name="case_types"),
    path("organisations/<slug:slug>/reporting-policy/types/<int:type_id>/retire/", policy.case_type_retire,
         name="case_type_retire"),
]

urlpatterns += [
    # The recovery ring: two people together give a handler the keys to cases nobody's key opens.
    path("organisations/<slug:slug>/recovery/", recovery.page, name="recovery"),
    path("organisations/<slug:slug>/recovery/make/", recovery.ring_make, name="recovery_make"),
    path("organisations/<slug:slug>/recovery/cover/", recovery.cover, name="recovery_cover"),
    path("organisations/<slug:slug>/recovery/start/", recovery.start, name="recovery_start"),
    path("organisations/<slug:slug>/recovery/deal/", recovery.deal, name="recovery_deal"),
    path("organisations/<slug:slug>/recovery/complete/", recovery.complete, name="recovery_complete"),
    path("organisations/<slug:slug>/recovery/withdraw/", recovery.withdraw, name="recovery_withdraw"),
    path("organisations/<slug:slug>/recovery/identity/", recovery.identity, name="recovery_identity"),
]
