"""The one upload policy for files that users attach (scans, photos, legal documents).

A stored user file is later sent back from our own origin, so what is accepted is decided by the
file's CONTENT, never by its name or the content type the browser claims:

- PDF: starts with ``%PDF-`` and ends with ``%%EOF`` (a complete file, not an HTML page renamed);
- JPEG and PNG: decoded by Pillow and re-encoded, so metadata (EXIF position, comments) and anything
  appended after the image (a script, a second file) is dropped; an image larger than
  ``UPLOAD_MAX_IMAGE_PIXELS`` is refused before it is decoded (decompression bombs);
- DOCX, only where a document is expected: a ZIP whose ``[Content_Types].xml`` declares the
  WordprocessingML main part, that part present, and no macros (``.docm``, ``vbaProject.bin``).

Everything else (HTML, SVG, executables, old .doc, …) is refused with a Vietnamese message naming
what is allowed. The size is checked from the upload's declared size before anything is read.
Limits are settings per kind (``UPLOAD_MAX_BYTES``). The stored name gets the extension of the
detected type.

Forms use `UploadField`; actions call `checked_upload()` as well (an upload already checked by the
form passes through unchanged), so no path stores an unchecked file. Downloads sniff the stored
bytes again with `stored_type()` (`ansinh.core.downloads.stored_file_response`), which also covers
files stored before this policy.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from enum import Enum
from typing import IO, Any
from xml.etree import ElementTree

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = {"scan": 10 * MB, "document": 20 * MB}
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000  # an A4 page scanned in colour at 600 dpi is 35 million

PDF_TAIL_BYTES = 1024  # PDF 1.7 §7.5.5: %%EOF on the last line; writers may add a little after it
DOCX_MAX_ENTRIES = 2_000
DOCX_MAX_UNCOMPRESSED = 200 * MB
CONTENT_TYPES_PART = "[Content_Types].xml"
CONTENT_TYPES_MAX = 1 * MB
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PNG_MODES = ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA")
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class FileType(Enum):
    """An accepted type: (content type, extension, name shown to people)."""

    PDF = ("application/pdf", "pdf", "PDF")
    JPEG = ("image/jpeg", "jpg", "JPEG")
    PNG = ("image/png", "png", "PNG")
    DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX (Word)")

    @property
    def content_type(self) -> str:
        return self.value[0]

    @property
    def extension(self) -> str:
        return self.value[1]

    @property
    def label(self) -> str:
        return self.value[2]


UNKNOWN_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class UploadKind:
    """What a kind of field accepts; its size limit is the setting ``UPLOAD_MAX_BYTES[name]``."""

    name: str
    types: tuple[FileType, ...]

    @property
    def max_bytes(self) -> int:
        limits = getattr(settings, "UPLOAD_MAX_BYTES", {})
        return int(limits.get(self.name, DEFAULT_MAX_BYTES[self.name]))

    @property
    def accept(self) -> str:
        """The file picker's hint (a convenience only: the content decides)."""
        extensions = {FileType.JPEG: ".jpg,.jpeg", FileType.PDF: ".pdf", FileType.PNG: ".png", FileType.DOCX: ".docx"}
        return ",".join(extensions[kind] for kind in self.types)

    def allowed_message(self) -> str:
        names = [kind.label for kind in self.types]
        listed = ", ".join(names[:-1]) + " " + _("hoặc") + " " + names[-1]
        message = _("Chỉ nhận tệp %(types)s. Tệp đã chọn không phải loại này (xét theo nội dung, không theo tên tệp).")
        return message % {"types": listed}


SCAN = UploadKind("scan", (FileType.PDF, FileType.JPEG, FileType.PNG))
DOCUMENT = UploadKind("document", (FileType.PDF, FileType.DOCX, FileType.JPEG, FileType.PNG))


class CheckedUpload(ContentFile):
    """Bytes that passed the policy, named with the extension of their type."""

    def __init__(self, content: bytes, name: str, file_type: FileType) -> None:
        super().__init__(content, name=name)
        self.file_type = file_type
        self.content_type = file_type.content_type


# --- detection -----------------------------------------------------------------------------------


def magic_type(head: bytes) -> FileType | None:
    """The type a file's first bytes claim (a candidate, still to be verified)."""
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"PK\x03\x04"):
        return FileType.DOCX
    return None


def stored_type(content: bytes) -> FileType | None:
    """The type of stored bytes, for serving them: magic bytes, and for a ZIP a real DOCX."""
    candidate = magic_type(content[:8])
    if candidate is FileType.DOCX:
        try:
            _check_docx(content)
        except ValidationError:
            return None
    return candidate


# --- the policy ----------------------------------------------------------------------------------


def checked_upload(upload: File[Any], kind: UploadKind, *, field: str | None = None) -> CheckedUpload:
    """The upload as safe bytes under the policy of `kind`, or ValidationError (keyed by `field`)."""
    if isinstance(upload, CheckedUpload) and upload.file_type in kind.types:
        return upload
    try:
        return _check(upload, kind)
    except ValidationError as error:
        if field is None:
            raise
        raise ValidationError({field: error.messages}) from error


def _check(upload: File[Any], kind: UploadKind) -> CheckedUpload:
    size = upload.size
    if size is not None and size > kind.max_bytes:
        raise ValidationError(
            _("Tệp lớn hơn %(limit)s MB: hãy chụp hoặc quét lại với độ phân giải thấp hơn.")
            % {"limit": kind.max_bytes // MB}
        )
    content = _read_at_most(upload, kind.max_bytes)
    if not content:
        raise ValidationError(_("Tệp rỗng: hãy chọn lại tệp."))
    file_type = magic_type(content[:8])
    if file_type is None or file_type not in kind.types:
        raise ValidationError(kind.allowed_message())
    if file_type is FileType.PDF:
        _check_pdf(content)
    elif file_type is FileType.DOCX:
        _check_docx(content)
    else:
        content = _reencoded_image(content, file_type)
    return CheckedUpload(content, _stored_name(getattr(upload, "name", "") or "", file_type), file_type)


def _read_at_most(upload: File[Any], limit: int) -> bytes:
    """Read the upload, refusing (without reading on) one larger than its declared size said."""
    upload.seek(0)
    content = upload.read(limit + 1)
    upload.seek(0)
    if len(content) > limit:
        raise ValidationError(_("Tệp lớn hơn %(limit)s MB.") % {"limit": limit // MB})
    return bytes(content)


def _stored_name(original: str, file_type: FileType) -> str:
    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem.strip() or 'tep'}.{file_type.extension}"


def _check_pdf(content: bytes) -> None:
    if not content[:16].startswith((b"%PDF-1.", b"%PDF-2.")) or b"%%EOF" not in content[-PDF_TAIL_BYTES:]:
        raise ValidationError(_("Tệp PDF bị hỏng hoặc không đầy đủ: hãy quét hoặc xuất lại tệp PDF."))


def _check_docx(content: bytes) -> None:
    refused = ValidationError(_("Tệp Word không hợp lệ: chỉ nhận tệp .docx không có macro (không nhận .docm, .doc)."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if (
                len(entries) > DOCX_MAX_ENTRIES
                or sum(entry.file_size for entry in entries) > DOCX_MAX_UNCOMPRESSED
                or CONTENT_TYPES_PART not in names
                or any(name.lower().endswith("vbaproject.bin") for name in names)
                or archive.getinfo(CONTENT_TYPES_PART).file_size > CONTENT_TYPES_MAX
            ):
                raise refused
            declared = archive.read(CONTENT_TYPES_PART)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, ValueError) as error:
        raise refused from error
    if b"<!DOCTYPE" in declared.upper() or b"macroenabled" in declared.lower():
        raise refused
    try:
        root = ElementTree.fromstring(declared)  # noqa: S314 -- no DOCTYPE (checked above), 1 MB at most
    except ElementTree.ParseError as error:
        raise refused from error
    main_parts = [
        element.get("PartName", "").lstrip("/")
        for element in root.iter(f"{CT_NS}Override")
        if element.get("ContentType") == WORD_MAIN
    ]
    if len(main_parts) != 1 or main_parts[0] not in names:
        raise refused


def _reencoded_image(content: bytes, file_type: FileType) -> bytes:
    """Decode the image (refusing a decompression bomb) and encode it again, without metadata."""
    broken = ValidationError(_("Ảnh bị hỏng hoặc không đọc được: hãy chụp hoặc quét lại."))
    max_pixels = int(getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))
    pillow_format = "JPEG" if file_type is FileType.JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise _too_many_pixels(width, height, max_pixels)
                image.load()
                return _encode(ImageOps.exif_transpose(image), pillow_format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(0, 0, max_pixels) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise broken from error


def _too_many_pixels(width: int, height: int, max_pixels: int) -> ValidationError:
    size = f" ({width}×{height})" if width and height else ""
    return ValidationError(
        _("Ảnh quá lớn%(size)s: tối đa %(limit)s triệu điểm ảnh; hãy chụp hoặc quét với độ phân giải thấp hơn.")
        % {"size": size, "limit": max_pixels // 1_000_000}
    )


def _encode(image: Image.Image, pillow_format: str) -> bytes:
    if pillow_format == "JPEG" and image.mode not in ("L", "RGB", "CMYK"):
        image = image.convert("RGB")
    elif (pillow_format == "PNG" and image.mode not in PNG_MODES) or "transparency" in image.info:
        image = image.convert("RGBA")  # transparency is kept as an alpha channel, not as metadata
    image.info = {}  # no EXIF, comment, text chunk or profile is written back
    output = io.BytesIO()
    options: dict[str, Any] = {"quality": 90} if pillow_format == "JPEG" else {}
    image.save(output, format=pillow_format, **options)
    return output.getvalue()


# --- the form field ------------------------------------------------------------------------------


class UploadField(forms.FileField):
    """A file field under the upload policy of `kind`; it cleans to a `CheckedUpload`."""

    def __init__(self, *, kind: UploadKind, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", kind.accept)
        self.widget.attrs.setdefault("class", "form-control")

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value and not _is_stored(value):
            return checked_upload(value, self.kind)
        return value


def _is_stored(value: IO[bytes] | Any) -> bool:
    """The form's initial value (a file already stored), which is not checked again."""
    return bool(getattr(value, "_committed", False)) and hasattr(value, "instance")
