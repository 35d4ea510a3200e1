"""An upload handler that stops storing a file past settings.UPLOAD_MAX_BYTES.

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file whatever its size, so a 200 MB
upload would take 200 MB of disk before any form could say it is too big. This handler stores at most
UPLOAD_MAX_BYTES of a file; past that it throws the rest away as it arrives and hands the form a RefusedUpload
that only knows its name and real size, so the form answers “the file is 200 MB; the limit is 5 MB” (the
request is still read to its end, so the form's other fields, the CSRF token and the response get through; a
proxy's body limit, see README, is what stops a client from sending without end).
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class _NoContent(io.RawIOBase):
    """Reading a refused upload is a bug in its reader: it is refused as a bad request rather than stored empty."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer):
        raise RequestDataTooBig("An upload larger than UPLOAD_MAX_BYTES has no content to read.")

    def seek(self, offset, whence=io.SEEK_SET):
        self.readinto(None)


class RefusedUpload(UploadedFile):
    """A file larger than settings.UPLOAD_MAX_BYTES: its name and size, without its content."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None):
        super().__init__(_NoContent(), name, content_type, size, charset)


class SizeCappedUploadHandler(TemporaryFileUploadHandler):
    """Like Django's temporary-file handler (it takes its place in FILE_UPLOAD_HANDLERS), up to UPLOAD_MAX_BYTES."""

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        # A size the client declares for the part is believed when it is too big; a small one proves nothing.
        self.refused = content_length is not None and content_length > settings.UPLOAD_MAX_BYTES
        if self.refused:
            self.file.close()

    def receive_data_chunk(self, raw_data: bytes, start: int):
        if not self.refused and start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self.refused = True
            self.file.close()  # a temporary file: closing it deletes what was written so far
        if self.refused:
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int):
        if self.refused:
            size = max(file_size, self.content_length or 0)  # what was sent, or declared when it was not sent
            return RefusedUpload(self.file_name, self.content_type, size, self.charset)
        return super().file_complete(file_size)
