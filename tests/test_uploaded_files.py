"""Issue 12, finding 1: every field where a user attaches a file, through its real form.

An HTML or SVG "scan" once ran its script from our origin when the administrator opened it. Each
field now accepts only what its content proves it is (ansinh.core.uploads), and every stored file,
including one stored before the policy, is sent back as a download with a content type from its
bytes, nosniff and a sandboxing policy (ansinh.core.downloads.stored_file_response)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from ansinh.cases.models import Decision, DossierAttachment
from ansinh.cases.tests.factories import elderly_poor, grant_until, open_grant
from ansinh.core.tests import samples
from ansinh.payments.models import Authorisation
from ansinh.payments.tests.conftest import beneficiary
from ansinh.rules.models import LegalDocument
from tests.readback import docx_paragraphs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

SCAN_MESSAGE = "Chỉ nhận tệp PDF, JPEG hoặc PNG."
DOCUMENT_MESSAGE = "Chỉ nhận tệp PDF, DOCX (Word), JPEG hoặc PNG."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class FileField:
    """One user-file field: who posts it, where, and where its stored file is read back."""

    name: str
    client: Client
    url: str
    data: dict[str, Any]
    field: str
    stored: Callable[[], list[Any]]  # the stored files of this field (FieldFile objects)
    download_url: Callable[[], str]
    record: Callable[[], Model]  # a record holding a stored file, to plant one directly
    message: str


def _authorisation(actors, lucnam) -> FileField:
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    data = {"authorised_name": "Nguyễn Văn Con", "relation": "con", "reference": "01/UQ ngày 01/07/2024",
            "valid_from": "01/07/2024", "valid_to": "31/12/2024"}  # fmt: skip

    def record() -> Authorisation:
        return Authorisation.objects.create(
            person=an, authorised_name="Lê Văn Nhận", reference="02/UQ", valid_from="2024-07-01",
            commune=an.commune, province_code="24",
        )  # fmt: skip

    return FileField(
        name="authorisation scan",
        client=client_for(actors.own_commune_officer),
        url=reverse("payments:authorisation_create", args=[an.pk]),
        data=data,
        field="scan",
        stored=lambda: [a.scan for a in Authorisation.objects.all() if a.scan],
        download_url=lambda: reverse("payments:authorisation_scan", args=[Authorisation.objects.latest("pk").pk]),
        record=record,
        message=SCAN_MESSAGE,
    )


def _legal_document(actors, lucnam) -> FileField:
    data = {"number": "01/2027/NĐ-CP", "short_name": "NĐ 01/2027", "document_type": "decree", "issuer": "Chính phủ",
            "signed_on": "02/01/2027", "effective_from": "01/02/2027", "title": "Thử nghiệm",
            "status": "not_yet_in_force", "confidence": "confirmed"}  # fmt: skip

    def record() -> LegalDocument:
        return LegalDocument.objects.create(
            number="09/2027/NĐ-CP", short_name="NĐ 09/2027", document_type="decree", issuer="Chính phủ",
            title="Cũ", status="in_force", confidence="confirmed",
        )  # fmt: skip

    return FileField(
        name="legal document",
        client=client_for(actors.labour_head),
        url=reverse("rules:document_create"),
        data=data,
        field="file",
        stored=lambda: [d.file for d in LegalDocument.objects.all() if d.file],
        download_url=lambda: reverse("rules:document_file", args=[LegalDocument.objects.latest("pk").pk]),
        record=record,
        message=DOCUMENT_MESSAGE,
    )


def _dossier_attachment(actors, lucnam) -> FileField:
    dossier = open_grant(actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già"))

    def record() -> DossierAttachment:
        return DossierAttachment(
            dossier=dossier, document_code="other", file_name="giay.jpg", uploaded_by=actors.own_commune_officer
        )

    return FileField(
        name="dossier attachment",
        client=client_for(actors.own_commune_officer),
        url=reverse("cases:dossier_attach", args=[dossier.pk]),
        data={"document_code": "other"},
        field="file",
        stored=lambda: [a.file for a in DossierAttachment.objects.all()],
        download_url=lambda: reverse("cases:attachment_download", args=[DossierAttachment.objects.latest("pk").pk]),
        record=record,
        message=SCAN_MESSAGE,
    )


def _decision_scan(actors, lucnam) -> FileField:
    elderly = elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Già", born=date(1940, 1, 1))
    dossier = grant_until(open_grant(actors, elderly, declaration={"poor_household": True}), actors, "decide")
    decision = Decision.objects.get(pk=dossier.decision_id)
    return FileField(
        name="decision scan",
        client=client_for(actors.labour_officer),
        url=reverse("cases:decision_scan_upload", args=[decision.pk]),
        data={},
        field="scan",
        stored=lambda: [d.scan for d in Decision.objects.all() if d.scan],
        download_url=lambda: reverse("cases:decision_scan", args=[decision.pk]),
        record=lambda: decision,
        message=SCAN_MESSAGE,
    )


FIELDS = {
    "authorisation": _authorisation,
    "legal_document": _legal_document,
    "dossier_attachment": _dossier_attachment,
    "decision_scan": _decision_scan,
}


@pytest.fixture(params=list(FIELDS))
def file_field(request, actors, lucnam) -> FileField:
    return FIELDS[request.param](actors, lucnam)


def post(field: FileField, name: str, content: bytes, content_type: str) -> Any:
    return field.client.post(field.url, {**field.data, field.field: samples.upload(name, content, content_type)})


@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    ids=["html", "svg", "html-named-jpg", "svg-named-pdf"],
    argvalues=[
        ("giay-uy-quyen.html", samples.HTML, "text/html"),
        ("ban-chup.svg", samples.SVG, "image/svg+xml"),
        ("ban-chup.jpg", samples.HTML, "image/jpeg"),  # an HTML page named and sent as a photo
        ("ban-chup.pdf", samples.SVG, "application/pdf"),
    ],
)
def test_html_and_svg_are_refused_in_vietnamese_and_nothing_is_stored(file_field, name, content, claimed):
    response = post(file_field, name, content, claimed)
    assert response.status_code == 400, file_field.name
    assert file_field.message in response.content.decode()
    assert file_field.stored() == []


@pytest.mark.parametrize(
    ("name", "content", "claimed", "extension"),
    ids=["pdf", "jpeg", "png", "png-without-extension"],
    argvalues=[
        ("scan.pdf", samples.PDF, "application/pdf", "pdf"),
        ("anh.jpeg", samples.jpeg(), "image/jpeg", "jpg"),
        ("anh.png", samples.png(), "image/png", "png"),
        ("anh-khong-duoi", samples.png(), "application/octet-stream", "png"),  # the content decides
    ],
)
def test_pdf_jpeg_and_png_are_accepted_and_named_by_their_type(file_field, name, content, claimed, extension):
    response = post(file_field, name, content, claimed)
    assert response.status_code == 302, file_field.name
    (stored,) = file_field.stored()
    assert stored.name.endswith(f".{extension}")
    with stored.open("rb") as stream:
        data = stream.read()
    if extension == "pdf":
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
    else:
        assert Image.open(io.BytesIO(data)).size == Image.open(io.BytesIO(content)).size


def test_a_docx_is_accepted_only_where_a_document_is_expected(file_field):
    response = post(file_field, "van-ban.docx", samples.docx("Điều 1. Phạm vi"), "application/octet-stream")
    if file_field.message == DOCUMENT_MESSAGE:
        assert response.status_code == 302
        (stored,) = file_field.stored()
        with stored.open("rb") as stream:
            assert docx_paragraphs(stream.read())[0] == "Điều 1. Phạm vi"
    else:
        assert response.status_code == 400 and file_field.message in response.content.decode()
        assert file_field.stored() == []


def test_a_png_with_a_script_appended_is_stored_re_encoded(file_field):
    response = post(file_field, "anh.png", samples.png() + samples.SCRIPT, "image/png")
    assert response.status_code == 302
    (stored,) = file_field.stored()
    with stored.open("rb") as stream:
        data = stream.read()
    assert b"<script" not in data
    Image.open(io.BytesIO(data)).verify()
    assert Image.open(io.BytesIO(data)).size == (8, 6)


def test_a_file_stored_as_html_before_the_policy_is_sent_as_a_harmless_download(file_field):
    record = file_field.record()
    attribute = "scan" if file_field.field == "scan" else "file"
    getattr(record, attribute).save("ban-chup.html", ContentFile(samples.HTML), save=False)
    record.save()

    response = file_field.client.get(file_field.download_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response.content == samples.HTML  # the bytes, untouched, but never shown as a page


def test_a_stored_svg_and_a_stored_pdf_get_their_sniffed_types(file_field):
    record = file_field.record()
    attribute = "scan" if file_field.field == "scan" else "file"
    getattr(record, attribute).save("hinh.svg", ContentFile(samples.SVG), save=False)
    record.save()
    response = file_field.client.get(file_field.download_url())
    assert response["Content-Type"] == "application/octet-stream"
    assert "svg" not in response["Content-Type"]

    getattr(record, attribute).save("ban-chup.jpg", ContentFile(samples.PDF), save=False)
    record.save()
    response = file_field.client.get(file_field.download_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.pdf"')  # named after what it is, not ".jpg"


def test_replacing_a_legal_document_file_goes_through_the_same_policy(actors):
    document = LegalDocument.objects.create(
        number="09/2027/NĐ-CP", short_name="NĐ 09/2027", document_type="decree", issuer="Chính phủ",
        title="Cũ", status="in_force", confidence="confirmed",
    )  # fmt: skip
    client = client_for(actors.labour_head)
    url = reverse("rules:document_edit", args=[document.pk])
    data = {"number": document.number, "short_name": document.short_name, "document_type": "decree",
            "issuer": document.issuer, "title": document.title, "status": "in_force", "confidence": "confirmed",
            "reason": "bản chính thức"}  # fmt: skip

    refused = client.post(url, {**data, "file": samples.upload("nd.svg", samples.SVG, "image/svg+xml")})
    assert refused.status_code == 400 and DOCUMENT_MESSAGE in refused.content.decode()
    document.refresh_from_db()
    assert not document.file

    assert client.post(url, {**data, "file": samples.upload("nd.docx", samples.docx())}).status_code == 302
    document.refresh_from_db()
    assert document.file.name.endswith(".docx")
    kept = client.post(url, {**data, "reason": "sửa tên"})  # no new file: the stored one stays
    assert kept.status_code == 302
    document.refresh_from_db()
    assert document.file.name.endswith(".docx")
    download = client.get(reverse("rules:document_file", args=[document.pk]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert download["Content-Disposition"].startswith("attachment;")
