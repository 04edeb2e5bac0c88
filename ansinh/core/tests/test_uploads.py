"""The upload policy (ansinh.core.uploads) on its own: types by content, limits, re-encoding."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from ansinh.core.downloads import download_name, stored_file_response
from ansinh.core.tests import samples
from ansinh.core.uploads import DOCUMENT, SCAN, CheckedUpload, FileType, UploadField, checked_upload, stored_type


def test_the_type_comes_from_the_bytes_not_the_name_or_the_claimed_type():
    checked = checked_upload(samples.upload("giay.html", samples.PDF, "text/html"), SCAN)
    assert (checked.file_type, checked.name, checked.content_type) == (FileType.PDF, "giay.pdf", "application/pdf")
    with pytest.raises(ValidationError, match=r"Chỉ nhận tệp PDF, JPEG hoặc PNG\."):
        checked_upload(samples.upload("anh.png", samples.HTML, "image/png"), SCAN)


@pytest.mark.parametrize(
    "content",
    [samples.HTML, samples.SVG, b"MZ\x90\x00", b"GIF89a\x01\x00\x01\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old .doc"],
    ids=["html", "svg", "exe", "gif", "doc"],
)
def test_everything_else_is_refused_naming_what_is_allowed(content):
    with pytest.raises(ValidationError, match=r"Chỉ nhận tệp PDF, DOCX \(Word\), JPEG hoặc PNG\."):
        checked_upload(samples.upload("tep", content), DOCUMENT)


def test_a_docx_only_where_a_document_is_expected_and_never_with_macros():
    assert checked_upload(samples.upload("nd.docx", samples.docx()), DOCUMENT).file_type is FileType.DOCX
    with pytest.raises(ValidationError, match=r"Chỉ nhận tệp PDF, JPEG hoặc PNG\."):
        checked_upload(samples.upload("nd.docx", samples.docx()), SCAN)
    with pytest.raises(ValidationError, match=r"không có macro \(không nhận \.docm"):
        checked_upload(samples.upload("nd.docx", samples.docm()), DOCUMENT)
    with pytest.raises(ValidationError, match="Tệp Word không hợp lệ"):
        checked_upload(samples.upload("nd.docx", b"PK\x03\x04 not really a zip"), DOCUMENT)


def test_a_pdf_needs_its_header_and_its_end():
    with pytest.raises(ValidationError, match="Tệp PDF bị hỏng hoặc không đầy đủ"):
        checked_upload(samples.upload("a.pdf", b"%PDF-1.4\n<html><script>x</script></html>"), SCAN)
    with pytest.raises(ValidationError, match="Tệp PDF bị hỏng hoặc không đầy đủ"):
        checked_upload(samples.upload("a.pdf", b"%PDF-x\n%%EOF\n"), SCAN)


def test_the_size_is_refused_from_the_declared_size_before_reading(settings):
    settings.UPLOAD_MAX_BYTES = {"scan": 1024 * 1024}

    class Unreadable(io.BytesIO):
        def read(self, *args):  # the check must not get here
            raise AssertionError("read")

    big = samples.upload("big.pdf", samples.PDF)
    big.size = 5 * 1024 * 1024
    big.file = Unreadable()
    with pytest.raises(ValidationError, match="Tệp lớn hơn 1 MB"):
        checked_upload(big, SCAN)
    settings.UPLOAD_MAX_BYTES = {}  # the defaults: 10 MB for a scan, 20 MB for a document
    big.size = 11 * 1024 * 1024
    with pytest.raises(ValidationError, match="Tệp lớn hơn 10 MB"):
        checked_upload(big, SCAN)


def test_an_upload_longer_than_it_declared_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = {"scan": 100}
    liar = samples.upload("a.pdf", samples.PDF)
    liar.size = 10
    with pytest.raises(ValidationError, match="Tệp lớn hơn"):
        checked_upload(liar, SCAN)


def test_images_are_re_encoded_without_metadata_or_appended_bytes():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "Ghi chú <script>alert(1)</script>"  # ImageDescription
    Image.new("RGB", (10, 4), (1, 2, 3)).save(buffer, format="JPEG", exif=exif.tobytes(), comment=b"<script>")
    checked = checked_upload(samples.upload("a.jpg", buffer.getvalue() + samples.SCRIPT), SCAN)
    data = checked.read()
    assert b"<script" not in data and b"alert" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (10, 4))
        assert not image.getexif()


def test_a_jpeg_turned_by_its_exif_is_stored_upright():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    Image.new("RGB", (10, 4)).save(buffer, format="JPEG", exif=exif.tobytes())
    data = checked_upload(samples.upload("a.jpg", buffer.getvalue()), SCAN).read()
    assert Image.open(io.BytesIO(data)).size == (4, 10)


def test_a_broken_image_is_refused():
    with pytest.raises(ValidationError, match="Ảnh bị hỏng hoặc không đọc được"):
        checked_upload(samples.upload("a.png", samples.png()[:40]), SCAN)


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a huge canvas in a few bytes (a decompression bomb's first line)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(10_000, 5_000), (100_000, 100_000)], ids=["over-limit", "pillow-bomb"])
def test_a_huge_image_is_refused_with_a_message_not_a_crash(width, height):
    with pytest.raises(ValidationError, match=r"Ảnh quá lớn.*tối đa 40 triệu điểm ảnh"):
        checked_upload(samples.upload("bomb.png", _png_header_only(width, height)), SCAN)


def test_the_pixel_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 40
    with pytest.raises(ValidationError, match="tối đa 0 triệu điểm ảnh"):
        checked_upload(samples.upload("a.png", samples.png((8, 6))), SCAN)


def test_the_form_field_cleans_to_checked_bytes_and_the_action_check_passes_them_through():
    field = UploadField(kind=SCAN)
    cleaned = field.clean(samples.upload("a.png", samples.png() + samples.SCRIPT))
    assert isinstance(cleaned, CheckedUpload) and b"<script" not in cleaned.read()
    assert checked_upload(cleaned, SCAN) is cleaned
    assert field.widget.attrs["accept"] == ".pdf,.jpg,.jpeg,.png"
    with pytest.raises(ValidationError, match=r"Chỉ nhận tệp PDF, JPEG hoặc PNG\."):
        field.clean(samples.upload("a.svg", samples.SVG))


def test_checked_upload_keys_its_error_by_field():
    with pytest.raises(ValidationError, match="Chỉ nhận tệp") as error:
        checked_upload(samples.upload("a.html", samples.HTML), SCAN, field="scan")
    assert list(error.value.message_dict) == ["scan"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.PDF, FileType.PDF),
        (samples.jpeg(), FileType.JPEG),
        (samples.png(), FileType.PNG),
        (samples.docx(), FileType.DOCX),
        (samples.docm(), None),
        (samples.HTML, None),
        (samples.SVG, None),
    ],
    ids=["pdf", "jpeg", "png", "docx", "docm", "html", "svg"],
)
def test_stored_bytes_are_typed_by_sniffing(content, expected):
    assert stored_type(content) is expected


def test_a_stored_file_is_always_an_attachment_with_a_safe_type(tmp_path):
    from django.core.files import File

    path = tmp_path / "scan.jpg"
    path.write_bytes(samples.HTML)
    with path.open("rb") as handle:
        response = stored_file_response(File(handle, name="scan.jpg"), "Giấy ủy quyền.jpg")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Gi%E1%BA%A5y%20%E1%BB%A7y%20quy%E1%BB%81n.jpg" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_download_names_follow_the_sniffed_type():
    assert download_name("authorisations/2024/07/ban-chup.jpg", FileType.PDF) == "ban-chup.pdf"
    assert download_name("van-ban.doc", None) == "van-ban.doc"
    assert download_name("khong-duoi", FileType.PNG) == "khong-duoi.png"
