"""Time and peak memory of cleaning one large-but-small image, as an upload would be cleaned (issue 15, item 9).

Run once, by hand: `.venv/bin/python bench/image_bomb.py [side]` (default 8900). It makes a PNG of
side × side pixels that compresses to about a megabyte, then, in a fresh process, runs it through
`attachment_clean` and prints the outcome, the wall time and the peak resident memory above what the
process held just before (read from /proc: Linux only).
Not part of the test suite: its figures depend on the machine.
"""
import io
import os
import random
import struct
import subprocess
import sys
import tempfile
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holdspace.settings")
os.environ.setdefault("HOLDSPACE_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from holdspace.reports.attachments import attachment_clean  # noqa: E402
from holdspace.web.refusals import Refusal  # noqa: E402


def big_png(side: int) -> bytes:
    # Mostly flat, with a scattering of noise so the file is about a megabyte rather than a few kilobytes.
    image = Image.new("RGB", (side, side), "white")
    rng = random.Random(15)
    for _ in range(side * 12):
        image.putpixel((rng.randrange(side), rng.randrange(side)), (rng.randrange(256), 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def measure(path: str) -> None:
    with open(path, "rb") as file:
        raw = file.read()
    side = struct.unpack(">I", raw[16:20])[0]  # the PNG header's width, without asking Pillow
    before = _status_kib("VmRSS")
    start = time.perf_counter()
    try:
        clean = attachment_clean(SimpleUploadedFile("big.png", raw, content_type="image/png"))
        outcome = f"accepted ({len(clean.data):,} bytes stored)"
    except Refusal as refused:
        outcome = f"refused: {refused.code}"
    seconds = time.perf_counter() - start
    peak = _status_kib("VmHWM")  # this process's own high-water mark (getrusage's would carry the parent's)
    print(f"{side}x{side} PNG of {len(raw):,} bytes: {outcome}; {seconds:.2f} s; "
          f"peak memory +{(peak - before) / 1024:,.0f} MiB above the process before it")


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2])
        return
    side = int(sys.argv[1]) if len(sys.argv) > 1 else 8900
    with tempfile.NamedTemporaryFile(suffix=".png") as file:
        file.write(big_png(side))
        file.flush()
        # A fresh process, so the memory the making took does not hide the cleaning's peak.
        subprocess.run([sys.executable, __file__, "--measure", file.name], check=True)


if __name__ == "__main__":
    main()
