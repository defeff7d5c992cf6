"""What a person reads when a step in reports is refused: one map from the services' codes to words."""
from django.utils.translation import gettext_lazy as _

REFUSALS: dict[str, str] = {
    # A person's key (holdspace.keys asks reports before a key is replaced).
    "last_key_holder": _("Some open cases, or who reported in them, would be out of everyone's reach without "
                         "your key: no colleague holds them, and your organisation's recovery ring would not reach "
                         "them without your part. Give a colleague access first, or ask two colleagues to deal the "
                         "parts again on the recovery page, or unlock your key with your recovery code."),
    # A person's account (holdspace.accounts asks reports before an account is deleted).
    "only_case_reader": _("You hold the only key to some open cases, and your organisation's recovery ring does "
                          "not reach them without you. Give a colleague access to them first, so that your "
                          "organisation can still read them."),
    # Roles and reporting lines (refused here, shown on the organisation's pages).
    "cases_left_unreadable": _("Open cases that nobody could read any more after this change: %(count)s. First a "
                               "handler who holds their key gives it to another handler here, on the case's page; "
                               "or the organisation's recovery ring covers them. Then try again."),
    # The recovery ring.
    "no_ring": _("This organisation has no recovery ring yet. It is made as soon as two administrators or "
                 "handlers have set up their keys."),
    "no_share": _("You hold no part of the recovery key yet. A colleague who holds one can start this, and the "
                  "parts are dealt again to everyone when it is completed."),
    "too_few_holders": _("A recovery ring needs two people with keys of their own: administrators or handlers "
                         "here. Ask a colleague to set up their key first."),
    "no_share_to_ask": _("You hold no part of your organisation's recovery key yet, so you cannot ask to see who "
                         "reported. Two colleagues who hold one can deal the parts again on the recovery page."),
    "holders_changed": _("Fewer than two of the people this dealing named still hold a role here. Please start a "
                         "new one."),
    "nothing_to_deal": _("Everyone who should hold a part already holds one."),
    "case_not_open": _("One of these cases was closed meanwhile. Please start again with the open ones."),
    "asker_gone": _("The person who asked may no longer see this case, so who reported is not released to them."),
    "unknown_case": _("Please choose cases from the list."),
    "excluded_from_recovery": _("Someone taking part in this step may not see one of these cases. Choose other "
                                "people, or other cases."),
    "not_covered": _("The recovery ring does not cover one of these cases yet: a handler who holds its key covers "
                     "it first."),
    "unknown_kind": _("Please choose what to do."),
    "no_second_holder": _("Nobody else who may take part holds a part of the recovery key, so this cannot be "
                          "completed. Ask another administrator or handler to set up their key first."),
    "own_recovery": _("A second person must complete what you started."),
    "not_asked": _("You cannot complete this request: it was not shared with your key. Unlock your current key, "
                   "or ask the person who started it to start it again."),
    "parts_do_not_fit": _("The parts of the recovery key do not fit together any more (they were dealt again). "
                          "Please start the request again."),
    "recovery_gone": _("This request was completed or withdrawn meanwhile."),
    "not_yours": _("Only the person who started this request, or an administrator, can withdraw it."),
    # Handlers, on a case.
    "closed": _("This case is closed."),
    "case_moved": _("This case changed since you opened this page: someone acted on it in another tab or "
                    "browser. Nothing you sent was saved. The case is shown as it is now, with what you typed; "
                    "send it again only if it still fits."),
    "response_before_notice": _("His response cannot be recorded before he has been told about the case."),
    "respondent_not_answered": _("The respondent has not answered yet and his time to respond has not run out. "
                                 "Wait for his answer, or write in the note what he said and how."),
    "reporter_not_answered": _("The reporter has not given their view yet and their time has not run out. Wait "
                               "for their answer, or write in the note what they said and how."),
    "appeal_time_running": _("The time to appeal is still running. This stage ends when it runs out, or when an "
                             "appeal is opened."),
    "notify_first": _("Tell the respondent first. If he has no account here, tell him another way and write in "
                      "the note how and when."),
    "no_respondent": _("Name the respondent's account first."),
    "no_consent": _("The reporter has not agreed that he may be told, and your policy does not require it."),
    "respondent_not_notified": _("The respondent has not been told about this case."),
    "last_handler": _("Someone else must hold a key to this case first: give a colleague access."),
    "self": _("You cannot name yourself or your manager here: declare a conflict instead."),
    "same_handler": _("An appeal must be decided by a handler who did not write the findings or the outcome."),
    "no_appeal_now": _("An appeal can be opened only during the time to appeal."),
    "anonymous": _("The reporter did not give their identity."),
    "unknown_person": _("Please choose someone from the list."),
    "excluded": _("This person may not see this case."),
    "no_personal_key": _("This person has not set up a key yet."),
    "not_a_handler": _("This person is not a case handler here."),
    "no_access": _("This person has no access to this case yet."),
    "wrong_key": _("Your key does not open this case. Unlock your current key again."),
    "own_request": _("Another handler must decide on your own request."),
    "decided": _("This request was already decided."),
    "unknown_release": _("This request is not open any more."),
    "already_told": _("The respondent has already been told."),
    "standard_needed": _("Say which standard of proof the findings were made on."),
    "not_restorative": _("Agreement actions belong to an open restorative process."),
    "unknown_action": _("This action is not open any more."),
    "no_files_to_respondent": _("Files cannot be sent to the respondent. Describe them in the message instead."),
    "channel_not_ready": _("The respondent has not set up his key yet: the conversation opens to him once he has."),
    # The evidence and interview log, outcomes and measures, intake (holdspace/reports/evidence.py, measures.py,
    # intake.py).
    "evidence_in_future": _("This day has not come yet. Give the day the evidence was found or the interview held."),
    "evidence_empty": _("Please write what was found or said."),
    "no_findings_yet": _("An outcome can be recorded once the findings of a formal investigation are written "
                         "(the findings stage, with its standard of proof)."),
    "finding_first": _("Record the outcome of the finding first; its measures follow."),
    "measure_empty": _("Please write what the measure is."),
    "follow_up_past": _("This day has passed. Choose today or a day to come for the follow-up."),
    "unknown_measure": _("This measure is not open any more."),
    "intake_consent": _("Record a report for someone only with their agreement."),
    # The respondent, in his conversation with the handlers.
    "key_locked": _("Unlock your key first to write."),
    "key_first": _("Set up your key first: the code opens the page to your key."),
    "notice_code_tries_spent": _("Many codes were tried for your account just now. Please wait an hour and try "
                                 "again; the code you have stays good."),
    "notice_code_used": _("The page is already open to your key, so the code is not needed any more."),
    "notice_code_does_not_open": _("That code does not fit. Check it against the email, letter by letter; spaces "
                                   "and dashes do not matter."),
    "channel_not_open": _("The handlers have not opened the conversation to your key yet. Keep a copy of what you "
                          "wrote: you can send it once they have."),
    "appeal_closed": _("An appeal can be made only during the time to appeal."),
    # Administrators, on the support directory.
    "support_service_gone": _("This service is no longer in the directory."),
    # The reporter, on her own report.
    "case_closed": _("This report is closed, so nothing more can be changed."),
    "already_closed": _("This report is already closed."),
    "no_restorative_process": _("There is no restorative process to stop."),
    "nobody_can_receive": _("This organisation cannot receive reports right now: nobody is ready to read them. "
                            "Please keep a copy of what you wrote and try again later."),
    "already_stepped_in": _("Your network was already asked to step in. Its handlers have your report now."),
    "no_network": _("This organisation belongs to no network that could step in."),
    "not_overdue": _("You can ask the network to step in once a stage has been overdue for longer than the policy "
                     "allows. Your page says from which day."),
    "network_cannot_receive": _("The network cannot receive your report right now: nobody there is ready to read "
                                "it, or everyone who could is kept out of it. Your report stays where it is."),
    "receipt_does_not_open": _("This code does not open a report. Check each group and try again."),
    "news_address_invalid": _("Please give an email address, like name@example.org."),
    "news_address_none": _("There is no address to remove."),
    # A report she keeps with her account.
    "keep_needs_key": _("To keep a report with your account, set up your key first: the report is sealed to it."),
    "keep_needs_open_key": _("Unlock your key first: it is what tells whether you keep this report already."),
    "already_kept": _("This report is already kept with your account."),
    "kept_gone": _("This report is no longer kept with your account."),
    "kept_locked": _("This report was kept with an earlier key of yours, which your current key cannot open. Your "
                     "receipt code still opens it."),
    "kept_report_deleted": _("This report no longer exists: it was deleted, or its retention period ended."),
    # Files, from anyone.
    # Each names the file (`name`), so a person who added several knows which one to look at again.
    "file_empty": _("%(name)s is empty: there is nothing in it to add. Please check the file and choose it again."),
    "file_too_big": _("%(name)s is larger than 10 MB, the most each file can be. Please add a smaller copy."),
    "file_type": _("%(name)s cannot be added: only images (JPEG, PNG) and PDF files can."),
    "image_type": _("%(name)s cannot be added: images must be JPEG or PNG."),
    "image_unreadable": _("%(name)s could not be opened as a picture: it may be incomplete or damaged. Please "
                          "try another copy of it."),
    "image_too_large": _("%(name)s has too many pixels to add: at most 30 million pixels, and no side longer than "
                         "12,000 pixels. Please add a smaller copy, for example one saved or shared at a lower "
                         "size."),
    "pdf_locked": _("%(name)s is protected by a password, so it cannot be added. Please remove the password "
                    "first."),
    "pdf_unreadable": _("%(name)s could not be opened as a PDF: it may be incomplete or damaged. Please try "
                        "another copy of it."),
    # The handler's workbench: type and severity, related cases.
    "unknown_case_type": _("Please choose a type from the list."),
    "unknown_severity": _("Please choose a severity from the list."),
    "case_type_exists": _("This type is already on the list."),
    "unknown_related_case": _("No case with this reference is open to you here. Check the reference; only cases "
                              "you can see can be linked."),
    "same_case": _("A case cannot be linked to itself."),
    "already_linked": _("These cases are already linked."),
}

# The same refusal in the reporter's words: on her page it is the handlers who moved the case on.
REPORTER_REFUSALS: dict[str, str] = {
    **REFUSALS,
    "case_moved": _("Your report changed since you opened this page: the handlers moved it on. Nothing was "
                    "changed. Your report is shown as it is now, with your choice kept; save it again if it still "
                    "fits."),
}
