"""Files for upload tests: real images in each format, hostile ones, and a multipart body streamed, not built."""

import io
import os
from pathlib import Path

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCRIPT = b"<html><script>alert(document.cookie)</script></html>"


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (8, 8), mode: str = "RGB", color=0) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format)
    return buffer.getvalue()


def gif_with_script() -> bytes:
    """A valid GIF with an HTML page appended: served as text/html it runs the script."""
    return image_bytes("GIF") + SCRIPT


def bomb_png(size: tuple[int, int] = (20000, 20000)) -> bytes:
    """About 48 KB that decode to 400 megapixels."""
    return image_bytes("PNG", size, mode="1")


class StreamedMultipart(io.RawIOBase):
    """A multipart/form-data body with one file of `size` zero bytes, produced as it is read (never held whole).
    While it is read it records the most bytes that `watched_dir` held, to show where the upload went."""

    BOUNDARY = "StreamedBoundary"

    def __init__(self, *, field: str, file_name: str, size: int, fields: dict[str, str], watched_dir: Path):
        b = self.BOUNDARY
        head = "".join(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items())
        head += (f'--{b}\r\nContent-Disposition: form-data; name="{field}"; filename="{file_name}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n")
        self.head, self.tail = head.encode(), f"\r\n--{b}--\r\n".encode()
        self.size, self.length = size, len(self.head) + size + len(self.tail)
        self.position, self.watched_dir, self.most_stored = 0, watched_dir, 0

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.BOUNDARY}"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        body_end = len(self.head) + self.size
        start, n = self.position, min(len(buffer), self.length - self.position)
        chunk = bytearray(n)
        for offset, source in ((0, self.head), (body_end, self.tail)):  # the file's bytes stay zeros
            overlap_from, overlap_to = max(start, offset), min(start + n, offset + len(source))
            if overlap_from < overlap_to:
                chunk[overlap_from - start:overlap_to - start] = source[overlap_from - offset:overlap_to - offset]
        buffer[:n] = chunk
        self.position += n
        if self.position // (1 << 20) != start // (1 << 20):  # once a megabyte
            self.most_stored = max(self.most_stored, sum(e.stat().st_size for e in os.scandir(self.watched_dir)))
        return n

    def environ(self, path: str) -> dict:
        return {"REQUEST_METHOD": "POST", "PATH_INFO": path, "CONTENT_TYPE": self.content_type,
                "CONTENT_LENGTH": str(self.length), "wsgi.input": io.BufferedReader(self, 1 << 16)}
