"""Uploads through the real views: kept in memory only, bounded, checked from their header, and not read at
all for a client the throttle already stopped (issue 15, items 7 and 9)."""
import ctypes
import io
import os
import random
import re
import struct
import sys
import tempfile
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from holdspace.reports.attachments import attachment_clean
from holdspace.reports.models import Case, CaseAttachment
from holdspace.web.refusals import Refusal
from holdspace.web.uploads import UploadNotKept
from tests.reports_helpers import CANARY, handler_keys

pytestmark = pytest.mark.django_db

RECEIPT_PATTERN = re.compile(r"<code>([0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){5})</code>")
OLD_MEMORY_LIMIT = 2_621_440  # Django's FILE_UPLOAD_MAX_MEMORY_SIZE: past it, a file went to the temporary folder
TOO_LARGE_IMAGE = "has too many pixels to add: at most 30 million pixels"


class FolderWatch:
    """Every file created in (or moved into) a folder while watched, from Linux's inotify: a file written and
    deleted again before the request ends is seen too, which looking at the folder afterwards would miss."""

    IN_MODIFY, IN_MOVED_TO, IN_CREATE = 0x2, 0x80, 0x100

    def __init__(self, path: str):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0, "inotify is not available"
        mask = self.IN_CREATE | self.IN_MOVED_TO | self.IN_MODIFY
        assert self.libc.inotify_add_watch(self.fd, path.encode(), mask) >= 0

    def created(self) -> list[str]:
        names = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return names
            offset = 0
            while offset < len(data):
                _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
                names.append(data[offset + 16: offset + 16 + length].rstrip(b"\0").decode())
                offset += 16 + length

    def close(self):
        os.close(self.fd)


@pytest.fixture
def watched_temp_folder(settings, monkeypatch):
    """An empty temporary folder that Django's uploads and any `tempfile` use (Pillow's, pypdf's) would go to."""
    if not sys.platform.startswith("linux"):
        pytest.skip("watching a folder needs Linux's inotify")
    with tempfile.TemporaryDirectory() as folder:
        settings.FILE_UPLOAD_TEMP_DIR = folder
        monkeypatch.setattr(tempfile, "tempdir", folder)
        watch = FolderWatch(folder)
        yield folder, watch
        watch.close()


def _noise_png(name: str, *, side: int = 1000, seed: int = 15) -> io.BytesIO:
    """A PNG of random pixels: it does not compress, so 1000 × 1000 is about 3 MB."""
    pixels = random.Random(seed).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, format="PNG", compress_level=1)
    out.seek(0)
    out.name = name
    return out


def _big_pdf(name: str) -> io.BytesIO:
    """A real one-page PDF past the old memory limit: an uncompressed stream of filler in its page."""
    filler = b"% " + b"holdspace " * (OLD_MEMORY_LIMIT // 10 + 50_000) + b"\n"
    content = b"BT /F1 12 Tf 20 20 Td (evidence) Tj ET\n" + filler
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    out.seek(0)
    out.name = name
    return out


def _png_claiming(width: int, height: int, name: str = "huge.png") -> io.BytesIO:
    """A small PNG whose header claims width × height pixels (its data is a few bytes, not the pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    out = io.BytesIO(body)
    out.name = name
    return out


def _jpeg_claiming(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "olive").save(out, format="JPEG")
    data = bytearray(out.getvalue())
    start = data.index(b"\xff\xc0")  # the frame header: length, precision, then height and width
    data[start + 5: start + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _report(client, world, **overrides):
    data = {"kind": "complaint", "on_behalf": "no", "what": f"{CANARY} what happened", "pathway": "informal",
            "identity_name": "Rosa typed this last"}
    data.update(overrides)
    return client.post(reverse("reports:write", args=[world.riverside.slug]), data)


def test_files_past_the_old_memory_limit_never_touch_the_temporary_folder_on_any_form(world, client_for, watched_temp_folder):
    folder, watch = watched_temp_folder
    handler_keys(world, "hana")
    photo, pdf = _noise_png("photo.png"), _big_pdf("letter.pdf")
    assert len(photo.getvalue()) > OLD_MEMORY_LIMIT and len(pdf.getvalue()) > OLD_MEMORY_LIMIT

    reporter = Client()
    response = _report(reporter, world, files=[photo, pdf])
    assert response.status_code == 200, response.content.decode()[:2000]
    receipt = RECEIPT_PATTERN.search(response.content.decode()).group(1)
    case = Case.objects.get()
    # It arrived, and encrypted: no trace of either file's bytes in what is stored.
    stored = list(CaseAttachment.objects.filter(case=case))
    assert len(stored) == 2
    for attachment in stored:
        # Whole signatures, not three letters: random ciphertext of 3 MB holds any given three bytes one time in five.
        assert b"\x89PNG\r\n\x1a\n" not in bytes(attachment.data) and b"%PDF-1." not in bytes(attachment.data)
        assert b"holdspace holdspace" not in bytes(attachment.data)

    # A message from the reporter, and one from the handler, each with a file past the old limit.
    reporter.post(reverse("reports:receipt"), {"receipt": receipt})
    sent = reporter.post(reverse("reports:mine_write"), {"body": f"{CANARY} more", "files": [_noise_png("more.png", seed=2)]})
    assert sent.status_code == 302
    hana = client_for("hana", case_key=True)
    answered = hana.post(reverse("reports:case_message", args=[world.riverside.slug, case.reference]),
                         {"message-channel": "reporter", "message-body": "Thank you.",
                          "message-files": [_noise_png("reply.png", seed=3)]})
    assert answered.status_code == 302
    assert CaseAttachment.objects.filter(case=case).count() == 4

    # The reporter gets her photo back whole: cleaned and encrypted in memory, nothing in between.
    own = [a for a in CaseAttachment.objects.filter(case=case, message__isnull=True) if a.content_type == "image/png"]
    download = reporter.get(reverse("reports:mine_file", args=[own[0].pk]))
    assert Image.open(io.BytesIO(download.content)).tobytes() == Image.open(photo).tobytes()

    assert watch.created() == [] and os.listdir(folder) == []


def test_a_file_past_the_limit_is_not_kept_and_refused_with_everything_typed_kept(world):
    handler_keys(world, "hana")
    too_big = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * (10 * 1024 * 1024))
    too_big.name = "scan.png"
    response = _report(Client(), world, files=[too_big])
    assert response.status_code == 400
    body = response.content.decode()
    assert "scan.png is larger than 10 MB, the most each file can be." in body
    # Fields sent before the file and after it are all there.
    assert f"{CANARY} what happened" in body and "Rosa typed this last" in body
    (upload,) = response.wsgi_request.FILES.getlist("files")
    assert isinstance(upload, UploadNotKept) and upload.reason == "too_big"
    assert upload.size > 10 * 1024 * 1024  # counted as it arrived, none of it kept
    assert not Case.objects.exists()


def test_a_page_without_files_keeps_none(world):
    response = Client().post(reverse("reports:receipt"), {"receipt": "0000-0000", "evidence": _noise_png("x.png", side=50)})
    assert response.status_code == 400
    (upload,) = response.wsgi_request.FILES.getlist("evidence")
    assert isinstance(upload, UploadNotKept) and upload.reason == "not_here"


def test_an_image_too_large_in_pixels_is_refused_from_its_header_with_everything_kept(world):
    handler_keys(world, "hana")
    # The reviewer's 8,900 × 8,900: refused from the header (its data could not even be decoded).
    response = _report(Client(), world, files=[_png_claiming(8900, 8900)])
    assert response.status_code == 400
    body = response.content.decode()
    assert f"huge.png {TOO_LARGE_IMAGE}" in body and f"{CANARY} what happened" in body
    assert not Case.objects.exists()


@pytest.mark.parametrize("raw", [
    _png_claiming(8900, 8900).getvalue(),  # past the pixels
    _png_claiming(100_000, 100_000).getvalue(),  # past Pillow's own bomb error too
    _png_claiming(12_001, 10).getvalue(),  # one side too long
    _jpeg_claiming(9000, 9000),
])
def test_image_size_is_checked_before_decoding(raw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(Refusal) as refused:
        attachment_clean(SimpleUploadedFile("big", raw))
    assert refused.value.code == "image_too_large"


def test_an_image_within_the_size_is_still_taken():
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.new("RGB", (12_000, 2), "navy").save(out, format="PNG")
    clean = attachment_clean(SimpleUploadedFile("wide.png", out.getvalue()))
    assert Image.open(io.BytesIO(clean.data)).size == (12_000, 2)


def test_a_throttled_reporter_is_answered_before_her_files_are_read(world, settings):
    settings.HOLDSPACE_REPORT_RATE_CLIENT = "1/h"
    handler_keys(world, "hana")
    # With CSRF checked as in production: the check reads the body before any view runs.
    reporter = Client(enforce_csrf_checks=True)
    page = reporter.get(reverse("reports:write", args=[world.riverside.slug])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert _report(reporter, world, csrfmiddlewaretoken=token).status_code == 200
    too_big = io.BytesIO(b"%PDF-" + b"\0" * (10 * 1024 * 1024))
    too_big.name = "big.pdf"
    response = _report(reporter, world, files=[_png_claiming(8900, 8900), too_big], what=f"{CANARY} second",
                       csrfmiddlewaretoken=token)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Many reports were sent from here just now" in body
    assert f"{CANARY} second" in body and "Rosa typed this last" in body
    # Neither file was kept, so none was checked: no word about their size, only that files are not kept.
    assert TOO_LARGE_IMAGE not in body and "larger than 10 MB" not in body and "Files are not kept" in body
    uploads = response.wsgi_request.FILES.getlist("files")
    assert [(type(upload), upload.reason) for upload in uploads] == [(UploadNotKept, "throttled")] * 2
    assert Case.objects.count() == 1


def test_a_throttled_receipt_page_answers_before_it_reads_the_body(world, settings):
    from holdspace.crypto.receipts import receipt_new

    settings.HOLDSPACE_RECEIPT_RATE_CLIENT = "2/h"
    guesser = Client()
    # A slip the check symbol catches costs nothing; well-formed codes that open nothing spend the tries.
    assert guesser.post(reverse("reports:receipt"), {"receipt": ""}).status_code == 400
    for _ in range(2):
        assert guesser.post(reverse("reports:receipt"), {"receipt": receipt_new()}).status_code == 400
    # With no try left, the answer comes before the body is read: the code is not even looked at.
    response = guesser.post(reverse("reports:receipt"), {"receipt": "0000", "evidence": _noise_png("x.png", side=50)})
    assert response.status_code == 429
    (upload,) = response.wsgi_request.FILES.getlist("evidence")
    assert upload.reason == "not_here"


def test_an_empty_file_is_refused_by_its_name_with_everything_typed_kept(world):
    handler_keys(world, "hana")
    empty = io.BytesIO(b"")
    empty.name = "report.pdf"
    response = _report(Client(), world, files=[empty])
    assert response.status_code == 400
    body = response.content.decode()
    assert "report.pdf is empty: there is nothing in it to add." in body
    assert "The submitted file is empty." not in body
    # The summary names the field and links to it; what she typed is all there.
    assert '<a href="#id_files">Files: report.pdf is empty' in body
    assert f"{CANARY} what happened" in body and "Rosa typed this last" in body
    assert not Case.objects.exists()


@pytest.mark.parametrize("language, words", [
    ("en", "huge.png has too many pixels to add: at most 30 million pixels, and no side longer than 12,000 pixels."),
    ("es", "huge.png tiene demasiados píxeles para añadirla: como máximo 30 millones de píxeles"),
])
def test_a_twenty_thousand_pixel_square_is_called_too_large_never_damaged(world, language, words):
    handler_keys(world, "hana")
    client = Client()
    client.cookies["django_language"] = language
    response = _report(client, world, files=[_png_claiming(20_000, 20_000)])
    assert response.status_code == 400
    body = response.content.decode()
    assert words in body
    assert "damaged" not in body and "dañad" not in body
    assert f"{CANARY} what happened" in body and "Rosa typed this last" in body
    assert not Case.objects.exists()


def test_a_damaged_image_says_so_by_its_name():
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(Refusal) as refused:
        attachment_clean(SimpleUploadedFile("C:\\photos\\broken.png", b"\x89PNG\r\n\x1a\nnot really"))
    assert (refused.value.code, refused.value.details) == ("image_unreadable", {"name": "broken.png"})
