"""Files a reporter or handler adds: bounded in size and type, and rewritten
without their metadata (camera, place, author) before they are encrypted.

Everything happens in memory: the upload arrives in memory (holdspace.web.uploads), and Pillow and
pypdf read and write BytesIO only (neither makes a temporary file on these paths: Pillow only for
`show()` and the old djpeg loader, pypdf only to decode JBIG2 streams, which copying pages never does).
"""
import io
import warnings
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter

from holdspace.web.refusals import Refusal

MAX_BYTES = 10 * 1024 * 1024  # as settings.HOLDSPACE_UPLOAD_MAX_BYTES, past which a file is not even kept
MAX_FILES = 5
# Decoding costs about 15 bytes of memory per pixel on the way to a clean copy (measured: see
# docs/security.md); 30 million pixels still takes a 24-megapixel camera's or phone's photo whole.
MAX_PIXELS = 30_000_000
MAX_SIDE = 12_000
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
ACCEPT = "image/jpeg,image/png,application/pdf"


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    data: bytes


def _safe_name(name: str, extension: str) -> str:
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0].strip() or "file"
    return f"{stem[:80]}.{extension}"


# Pillow's own bomb guard, behind ours: it refuses what claims over twice this many pixels.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _clean_image(raw: bytes) -> tuple[str, bytes]:
    try:
        # Opening reads the header only; any decoding waits for the size to be checked. Only JPEG and
        # PNG are tried, and Pillow's bomb warning is an error here.
        with warnings.catch_warnings(action="error", category=Image.DecompressionBombWarning):
            image = Image.open(io.BytesIO(raw), formats=tuple(IMAGE_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refusal("image_too_large") from None
    except Exception:  # not JPEG or PNG after all, or a broken header
        raise Refusal("image_unreadable") from None
    try:
        with image:
            image_format = image.format
            if image_format not in IMAGE_FORMATS:
                raise Refusal("image_type")
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise Refusal("image_too_large")
            # Turn the picture upright first: dropping EXIF also drops the rotation flag.
            upright = ImageOps.exif_transpose(image)
            # A new image from the pixels alone carries no EXIF, XMP, comments or profile.
            pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            if upright.mode == "P":
                pixels.putpalette(upright.getpalette())
    except Refusal:
        raise
    except Exception:  # a crafted or broken file must never become a server error
        raise Refusal("image_unreadable") from None
    out = io.BytesIO()
    if image_format == "JPEG":
        pixels.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        pixels.save(out, format="PNG")
    return IMAGE_FORMATS[image_format], out.getvalue()


def _clean_pdf(raw: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise Refusal("pdf_locked")
        writer = PdfWriter()
        for page in reader.pages:
            if "/Metadata" in page:
                del page["/Metadata"]
            writer.add_page(page)
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except Refusal:
        raise
    except Exception:  # a crafted or broken file must never become a server error
        raise Refusal("pdf_unreadable") from None
    return out.getvalue()


def attachment_clean(upload: UploadedFile) -> CleanFile:
    """Check a file's size and real type (by its bytes, not its name) and strip its metadata; or a Refusal
    whose `name` is the file's name as it was sent, for the words that say which file it was."""
    try:
        return _attachment_clean(upload)
    except Refusal as refused:
        raise Refusal(refused.code, **{**refused.details, "name": upload_name(upload)}) from None


def upload_name(upload: UploadedFile) -> str:
    """The file's name as the person knows it (its last part only, never a path), for the words about it."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()
    return name[:120] or "file"


def _attachment_clean(upload: UploadedFile) -> CleanFile:
    if upload.size is None or upload.size > MAX_BYTES:
        raise Refusal("file_too_big")
    raw = upload.read()
    if not raw:
        raise Refusal("file_empty")
    if raw.startswith(b"%PDF-"):
        return CleanFile(_safe_name(upload.name or "", "pdf"), "application/pdf", _clean_pdf(raw))
    if raw[:3] == b"\xff\xd8\xff" or raw[:8] == b"\x89PNG\r\n\x1a\n":
        content_type, data = _clean_image(raw)
        return CleanFile(_safe_name(upload.name or "", "jpg" if content_type == "image/jpeg" else "png"), content_type, data)
    raise Refusal("file_type")
