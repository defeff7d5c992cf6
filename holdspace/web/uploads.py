"""What a request's body may cost before a view reads it.

Uploaded files stay in memory and never touch a disk in the clear: Django's own handlers write any
file past 2.5 MB to the temporary folder, where it sat unencrypted, metadata included, until the
request ended. Here each file is kept in memory up to HOLDSPACE_UPLOAD_MAX_BYTES and at most
HOLDSPACE_UPLOAD_MAX_FILES of them per request; past either bound the file's bytes are read and
dropped as they arrive, and the view receives an `UploadNotKept` that says why, so its form can
refuse it in words while everything else typed stays.

Files are kept only for views marked `@accepts_files`; any other page receives them as not kept.

A view that throttles and reads a body names its throttle with `@throttle_first`: the throttle is
asked in `UploadGateMiddleware`, before CSRF checking parses the body, so a throttled client's
files are never kept, decoded or checked (the view still gets the typed words, to give them back).
"""
import functools
import io
from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# Why a file was not kept (UploadNotKept.reason).
TOO_BIG = "too_big"
TOO_MANY = "too_many"
NOT_HERE = "not_here"
THROTTLED = "throttled"

NOT_KEPT_WORDS = {
    TOO_BIG: _("This file is larger than this site accepts."),
    TOO_MANY: _("Too many files were sent at once."),
    NOT_HERE: _("This page does not take files."),
    THROTTLED: _("Files are not kept when a form comes back: please add them again."),
}

_ACCEPTS = "accepts_files"
_THROTTLE = "throttle_first"
_ANSWER = "_holdspace_throttle_answer"


class UploadNotKept(UploadedFile):
    """A file that was sent but not kept: no content, its name, the bytes that arrived, and why."""

    def __init__(self, *, name: str, reason: str, size: int, content_type: str = ""):
        super().__init__(file=io.BytesIO(b""), name=name, content_type=content_type, size=size)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(NOT_KEPT_WORDS[self.reason])


class MemoryUploadHandler(FileUploadHandler):
    """Keep each uploaded file in memory, within bounds, and hand anything past them over as not kept."""

    def __init__(self, request=None):
        super().__init__(request)
        self.kept_files = 0
        self.buffer: io.BytesIO | None = None
        self.reason: str | None = None
        self.received = 0

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        self.reason = _not_kept_reason(self.request)
        if self.reason is None and self.kept_files >= settings.HOLDSPACE_UPLOAD_MAX_FILES:
            self.reason = TOO_MANY
        if self.reason is None and content_length is not None and content_length > settings.HOLDSPACE_UPLOAD_MAX_BYTES:
            self.reason = TOO_BIG
        self.buffer = io.BytesIO() if self.reason is None else None
        # No handler after this one (a temporary file's above all) ever sees the file.
        raise StopFutureHandlers

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.buffer is not None:
            if self.received > settings.HOLDSPACE_UPLOAD_MAX_BYTES:
                # Stop keeping it at once: what arrived is dropped, and the rest is read and dropped as it comes.
                self.buffer = None
                self.reason = TOO_BIG
            else:
                self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.buffer is None:
            return UploadNotKept(name=self.file_name, reason=self.reason, size=self.received,
                                 content_type=self.content_type or "")
        self.kept_files += 1
        self.buffer.seek(0)
        kept = InMemoryUploadedFile(file=self.buffer, field_name=self.field_name, name=self.file_name,
                                    content_type=self.content_type, size=file_size, charset=self.charset,
                                    content_type_extra=self.content_type_extra)
        self.buffer = None
        return kept


def _not_kept_reason(request: HttpRequest | None) -> str | None:
    if request is None or not getattr(request, _ACCEPTS, False):
        return NOT_HERE
    if getattr(request, _ANSWER, False):
        return THROTTLED
    return None


def accepts_files(view):
    """Mark a view whose forms take files: only its requests keep them."""
    setattr(view, _ACCEPTS, True)
    return view


ThrottleCheck = Callable[..., bool]


def throttle_first(check: ThrottleCheck):
    """Ask `check(request, **view_kwargs)` (which counts one attempt) on each POST before its body is read.

    UploadGateMiddleware asks it ahead of CSRF checking; the view reads the answer with `was_throttled`.
    Should the middleware be missing, the view asks it itself before it runs.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and not hasattr(request, _ANSWER):
                setattr(request, _ANSWER, bool(check(request, **kwargs)))
            return view(request, *args, **kwargs)

        setattr(wrapper, _THROTTLE, check)
        return wrapper

    return decorate


def was_throttled(request: HttpRequest) -> bool:
    """The throttle's answer for this POST (asked once, before its body was read)."""
    return getattr(request, _ANSWER, False)


class UploadGateMiddleware:
    """Before any body is read (CSRF checking reads it next): mark whether the view keeps files, and ask
    its throttle, so a throttled request's files are dropped unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, _ACCEPTS, False):
            setattr(request, _ACCEPTS, True)
        check = getattr(view_func, _THROTTLE, None)
        if check is not None and request.method == "POST" and not hasattr(request, _ANSWER):
            setattr(request, _ANSWER, bool(check(request, **view_kwargs)))
        return None
