from django.urls import path

from holdspace.circles.views import facilitator, library, member, public, referrals, safety

app_name = "circles"

urlpatterns = [
    # Public: the finder, a circle's entry and calendar, the guide to starting a group.
    path("circles/", public.finder, name="finder"),
    path("circles/start-a-group/", public.guide, name="guide"),
    path("circles/<slug:slug>/", public.circle, name="circle"),
    path("circles/<slug:slug>/calendar.ics", public.calendar, name="calendar"),
]

urlpatterns += [
    # A man's side: asking to join, his circles, the members' space, feedback.
    path("my-circles/", member.mine, name="mine"),
    path("circles/<slug:slug>/join/", member.join, name="join"),
    path("circles/<slug:slug>/space/", member.space, name="space"),
    path("circles/<slug:slug>/agreements/accept/", member.agreements_accept, name="agreements_accept"),
    path("circles/<slug:slug>/leave/", member.leave, name="leave"),
    path("circles/<slug:slug>/reminders/", member.session_reminders, name="session_reminders"),
    path("circles/<slug:slug>/offer/accept/", member.offer_accept, name="offer_accept"),
    path("circles/<slug:slug>/offer/decline/", member.offer_decline, name="offer_decline"),
    path("circles/<slug:slug>/sessions/<int:session_id>/feedback/", member.feedback_page, name="feedback"),
]

urlpatterns += [
    # Facilitators, within their organisation.
    path("organisations/<slug:slug>/circles/", facilitator.circles, name="manage_list"),
    path("organisations/<slug:slug>/circles/new/", facilitator.new, name="new"),
    path("organisations/<slug:slug>/circles/key/", facilitator.key, name="key"),
    path("organisations/<slug:slug>/circles/<slug:circle>/", facilitator.manage, name="manage"),
    path("organisations/<slug:slug>/circles/<slug:circle>/take-on/", facilitator.take_on, name="take_on"),
    path("organisations/<slug:slug>/circles/<slug:circle>/details/", facilitator.edit, name="edit"),
    path("organisations/<slug:slug>/circles/<slug:circle>/details/facilitators/add/", facilitator.facilitator_add,
         name="facilitator_add"),
    path("organisations/<slug:slug>/circles/<slug:circle>/details/facilitators/remove/",
         facilitator.facilitator_remove, name="facilitator_remove"),
    path("organisations/<slug:slug>/circles/<slug:circle>/details/facilitators/key/", facilitator.key_share_again,
         name="key_share_again"),
    path("organisations/<slug:slug>/circles/<slug:circle>/key/share/", facilitator.key_share, name="key_share"),
    path("organisations/<slug:slug>/circles/<slug:circle>/key/start/", facilitator.key_start, name="key_start"),
    path("organisations/<slug:slug>/circles/<slug:circle>/requests/<int:member_id>/", facilitator.join_request,
         name="request"),
    path("organisations/<slug:slug>/circles/<slug:circle>/agreements/", facilitator.agreements, name="agreements"),
    path("organisations/<slug:slug>/circles/<slug:circle>/agreements/languages/<str:language>/",
         facilitator.agreements_translation, name="agreements_translation"),
    path("organisations/<slug:slug>/circles/<slug:circle>/room/", facilitator.room_page, name="room"),
    path("organisations/<slug:slug>/circles/<slug:circle>/messages/", facilitator.messages_page, name="messages"),
    path("organisations/<slug:slug>/circles/<slug:circle>/attendance.csv", facilitator.attendance_csv,
         name="attendance_csv"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/new/", facilitator.session_new,
         name="session_new"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/", facilitator.session_page,
         name="session"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/edit/",
         facilitator.session_edit, name="session_edit"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/cancel/",
         facilitator.session_cancel, name="session_cancel"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/sheet/", facilitator.sheet,
         name="sheet"),
    path("organisations/<slug:slug>/exercises/", library.library_page, name="library"),
    path("organisations/<slug:slug>/exercises/new/", library.exercise_new, name="exercise_new"),
    path("organisations/<slug:slug>/exercises/<int:exercise_id>/", library.exercise, name="exercise"),
    path("organisations/<slug:slug>/exercises/<int:exercise_id>/edit/", library.exercise_edit,
         name="exercise_edit"),
]

# Each change to a session is a view of its own, at its path under the session's act/.
SESSION = "organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>"
urlpatterns += [
    path(f"{SESSION}/act/agenda_add/", facilitator.agenda_add, name="session_agenda_add"),
    path(f"{SESSION}/act/agenda_template/", facilitator.agenda_template, name="session_agenda_template"),
    path(f"{SESSION}/act/item_minutes/", facilitator.item_minutes, name="session_item_minutes"),
    path(f"{SESSION}/act/item_up/", facilitator.item_up, name="session_item_up"),
    path(f"{SESSION}/act/item_down/", facilitator.item_down, name="session_item_down"),
    path(f"{SESSION}/act/item_remove/", facilitator.item_remove, name="session_item_remove"),
    path(f"{SESSION}/act/attendance/", facilitator.attendance, name="session_attendance"),
    path(f"{SESSION}/act/commitments/", facilitator.commitments, name="session_commitments"),
    path(f"{SESSION}/act/note/", facilitator.note, name="session_note"),
    path(f"{SESSION}/act/reopen/", facilitator.reopen, name="session_reopen"),
    path(f"{SESSION}/act/note_delete/", facilitator.note_delete, name="session_note_delete"),
]

# Safety concerns: raised from a session by anyone in the circle, received by the organisation's stewards; the man a
# concern is about reads what a steward chose to tell him.
STEWARD = "organisations/<slug:slug>/safety"
urlpatterns += [
    path("circles/<slug:slug>/sessions/<int:session_id>/safety/", safety.raise_concern, name="safety_raise"),
    path("my-circles/safety/", safety.notices, name="safety_notices"),
    path(f"{STEWARD}/", safety.concerns, name="safety_list"),
    path(f"{STEWARD}/<int:safety_id>/", safety.concern, name="safety_concern"),
    path(f"{STEWARD}/<int:safety_id>/acknowledge/", safety.acknowledge, name="safety_acknowledge"),
    path(f"{STEWARD}/<int:safety_id>/formal/", safety.formalise, name="safety_formal"),
    path(f"{STEWARD}/<int:safety_id>/tell/", safety.tell, name="safety_tell"),
    path(f"{STEWARD}/<int:safety_id>/report/", safety.report, name="safety_report"),
    path(f"{STEWARD}/<int:safety_id>/close/", safety.close, name="safety_close"),
]

# Referrals to the organisation's support directory: made by a facilitator of the circle, read by the man alone.
urlpatterns += [
    path("organisations/<slug:slug>/circles/<slug:circle>/refer/", referrals.refer, name="refer"),
    path("my-circles/referrals/", referrals.mine, name="referrals"),
    path("my-circles/referrals/delete/", referrals.delete, name="referral_delete"),
]
