from django.urls import path

from holdspace.conduct.views import drafting, reading, signing, translating

app_name = "conduct"
code = "organisations/<slug:slug>/code/"
urlpatterns = [
    path(code, reading.code, name="code"),
    path(code + "sign/", signing.sign, name="sign"),
    path(code + "versions/", reading.versions, name="versions"),
    path(code + "versions/<int:number>/", reading.version, name="version"),
    path(code + "languages/<str:language>/", translating.translation, name="translation"),
    path(code + "draft/", drafting.draft, name="draft"),
    path(code + "draft/start/", drafting.draft_start, name="draft_start"),
    path(code + "draft/comment-period/", drafting.draft_comments, name="draft_comments"),
    path(code + "draft/publish/", drafting.draft_publish, name="draft_publish"),
    path(code + "draft/discard/", drafting.draft_discard, name="draft_discard"),
    path(code + "comments/", drafting.comments, name="comments"),
    path(code + "networks/", signing.network_codes, name="network_codes"),
    path(code + "networks/<slug:network>/sign/", signing.sign_for_network, name="sign_for_network"),
]
