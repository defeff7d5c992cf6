from django.urls import path

from holdspace.circles.views import facilitator, library, member, public

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
    path("organisations/<slug:slug>/circles/<slug:circle>/requests/<int:member_id>/", facilitator.join_request,
         name="request"),
    path("organisations/<slug:slug>/circles/<slug:circle>/agreements/", facilitator.agreements, name="agreements"),
    path("organisations/<slug:slug>/circles/<slug:circle>/room/", facilitator.room_page, name="room"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/new/", facilitator.session_new,
         name="session_new"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/", facilitator.session_page,
         name="session"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/edit/",
         facilitator.session_edit, name="session_edit"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/act/<str:action>/",
         facilitator.session_act, name="session_act"),
    path("organisations/<slug:slug>/circles/<slug:circle>/sessions/<int:session_id>/sheet/", facilitator.sheet,
         name="sheet"),
    path("organisations/<slug:slug>/exercises/", library.library_page, name="library"),
    path("organisations/<slug:slug>/exercises/new/", library.exercise_new, name="exercise_new"),
    path("organisations/<slug:slug>/exercises/<int:exercise_id>/", library.exercise, name="exercise"),
    path("organisations/<slug:slug>/exercises/<int:exercise_id>/edit/", library.exercise_edit,
         name="exercise_edit"),
]
