"""Every dossier, posting and decision endpoint (issue 5) for every kind of actor. Refused
requests (login, 403, 404, 405) must leave the database unchanged (tests/permissions.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansinh.cases.complaints import complaint_record
from ansinh.cases.models import Complaint, Dossier, DossierAttachment, Posting, Proposal
from ansinh.cases.tests.factories import elderly_poor, grant_until, open_grant, paper_entitlement
from ansinh.cases.tests.test_review import CASES, make
from ansinh.core.tests import samples
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)

OUTSIDERS = {
    "own_council_officer",
    "finance_officer",
    "social_insurance_officer",
    "post_office_officer",
    "culture_officer",
    "vocational_officer",
}
# Who reads the dossiers of TT Đồi Ngô (cases/policies.py: the commune, the district, the province).
READERS = {
    "own_commune_officer",
    "own_commune_chair",
    "labour_officer",
    "labour_head",
    "district_chair",
    "province_viewer",
    "admin",
}
OTHER = {"other_commune_officer"}
KEEPERS = {"own_commune_officer", "labour_officer", "labour_head"}  # declaration, attachments
PERSON_KEEPERS = KEEPERS | {"admin"}  # registry keepers: open a dossier, report a death or a move
ALL = READERS | OTHER | OUTSIDERS


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    """Statuses by group; every actor must be named exactly once, and anonymous goes to login."""
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            assert name not in result, name
            result[name] = status
    assert set(result) == ALL | {"anonymous"}, sorted(ALL | {"anonymous"} ^ set(result))
    return result


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("giay.pdf", samples.PDF, content_type="application/pdf")


@pytest.fixture
def data(actors, lucnam):
    draft = open_grant(
        actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Một"), declaration={"poor_household": True}
    )
    posted = grant_until(
        open_grant(
            actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Hai"), declaration={"poor_household": True}
        ),
        actors,
        "post",
    )
    complaint = complaint_record(
        actor=actors.own_commune_officer,
        dossier=posted,
        received_on=timezone.localdate(),
        complainant="Ông Tư",
        content="Hỏi về người phụng dưỡng",
    )
    appraised = grant_until(
        open_grant(
            actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Ba"), declaration={"poor_household": True}
        ),
        actors,
        "appraise",
    )
    decided = grant_until(
        open_grant(
            actors, elderly_poor(actors, lucnam.doi_ngo, name="Vũ Thị Bốn"), declaration={"poor_household": True}
        ),
        actors,
        "decide",
    )
    return {
        "draft": draft,
        "posted": posted,
        "complaint": complaint,
        "posting": Posting.objects.get(entries__dossier=posted),
        "draft_decision": appraised.decision,
        "decision": decided.decision,
        "proposal": Proposal.objects.get(entries__dossier=decided),
    }


def test_lists_are_read_by_the_case_offices(actors, data):
    for name in (
        "cases:todo",
        "cases:dossier_list",
        "cases:decision_list",
        "cases:posting_list",
        "cases:proposal_list",
    ):
        check_endpoint(
            Endpoint(name, reverse(name)),
            actors.named(),
            expect(readers=(READERS | OTHER, 200), outsiders=(OUTSIDERS, 403)),
        )


def test_pages_of_a_dossier_posting_and_decision(actors, data):
    pages = [
        reverse("cases:dossier_detail", args=[data["draft"].pk]),
        reverse("cases:posting_detail", args=[data["posting"].pk]),
        reverse("cases:decision_detail", args=[data["decision"].pk]),
        reverse("cases:decision_detail", args=[data["draft_decision"].pk]),
        reverse("cases:proposal_detail", args=[data["proposal"].pk]),
    ]
    expected = expect(readers=(READERS, 200), others=(OTHER | OUTSIDERS, 404))
    for url in pages:
        check_endpoint(Endpoint(url, url), actors.named(), expected)


def test_printed_documents(actors, data):
    """Downloads are reads: the statuses alone (rendering a PDF for every actor is what costs)."""
    documents = [
        reverse("cases:dossier_declaration_pdf", args=[data["draft"].pk]),
        reverse("cases:posting_pdf", args=[data["posting"].pk]),
        reverse("cases:decision_docx", args=[data["decision"].pk]),
        reverse("cases:decision_pdf", args=[data["decision"].pk]),
        reverse("cases:proposal_pdf", args=[data["proposal"].pk]),
        reverse("cases:proposal_docx", args=[data["proposal"].pk]),
    ]
    expected = expect(readers=(READERS, 200), others=(OTHER | OUTSIDERS, 404))
    for url in documents:
        failures = []
        for name, user in actors.named().items():
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            got = (
                LOGIN if response.status_code == 302 and "/dang-nhap/" in response["Location"] else response.status_code
            )
            if got != expected[name]:
                failures.append(f"{name}: expected {expected[name]}, got {got}")
        assert not failures, f"{url}: {failures}"


def test_the_public_posting_needs_no_login(actors, data, lucnam):
    url = reverse("cases:public_posting", args=[lucnam.doi_ngo.pk])
    expected = dict.fromkeys(ALL | {"anonymous"}, 200)
    check_endpoint(Endpoint("public", url), actors.named(), expected)


def test_declaration_and_attachments_are_kept_by_the_social_officers(actors, data):
    url = reverse("cases:dossier_declaration", args=[data["draft"].pk])
    not_keepers = READERS - KEEPERS
    check_endpoint(
        Endpoint("declaration", url),
        actors.named(),
        expect(keepers=(KEEPERS, 200), readers=(not_keepers, 403), others=(OTHER | OUTSIDERS, 404)),
    )
    check_endpoint(
        Endpoint("declaration-post", url, "POST", {"poor_household": "no"}),
        actors.named(),
        expect(keepers=(KEEPERS, 302), readers=(not_keepers, 403), others=(OTHER | OUTSIDERS, 404)),
    )
    # The matrix posts url-encoded bodies: without a file the keepers' form is invalid (400); the
    # upload itself is tested in ansinh/cases/tests/test_views.py.
    attach = Endpoint(
        "attach", reverse("cases:dossier_attach", args=[data["draft"].pk]), "POST", {"document_code": "other"}
    )
    check_endpoint(
        attach,
        actors.named(),
        expect(keepers=(KEEPERS, 400), readers=(not_keepers, 403), others=(OTHER | OUTSIDERS, 404)),
    )


def test_opening_a_dossier_and_the_short_reports(actors, data, lucnam):
    """Opened (GET) and submitted (POST) by every actor; the keepers' same POST writes (rolled back)."""
    person = elderly_poor(actors, lucnam.doi_ngo, name="Vũ Văn Năm")
    paper_entitlement(person)
    # the register's readers see the person (the council too); the province does not
    register_readers_not_keepers = {"own_commune_chair", "district_chair", "own_council_officer"}
    expected = expect(
        keepers=(PERSON_KEEPERS, 200),
        readers=(register_readers_not_keepers, 403),
        others=(OTHER | OUTSIDERS - {"own_council_officer"} | {"province_viewer"}, 404),
    )
    forms = {
        "cases:dossier_create": {"kind": "grant", "form_code": "1d", "category_code": "5.5a"},
        "cases:report_death": {"died_on": "10/03/2024", "source": "Trưởng thôn"},
        "cases:report_move": {"moved_on": "10/03/2024", "external_place": "Huyện Lục Ngạn", "source": "Đơn đề nghị"},
    }
    refused = {name: status for name, status in expected.items() if status != 200}
    for name, posted in forms.items():
        url = reverse(name, args=[person.pk])
        check_endpoint(Endpoint(name, url), actors.named(), expected)
        submit = Endpoint(name, url, "POST", posted)
        check_endpoint(submit, {actor: actors.named()[actor] for actor in refused}, refused)
        check_allowed_write(submit, "own_commune_officer", actors.own_commune_officer)


def test_an_attachment_is_downloaded_by_the_dossiers_readers(actors, data):
    attachment = DossierAttachment.objects.create(
        dossier=data["draft"], document_code="other", file=upload(), file_name="giay.pdf",
        uploaded_by=actors.own_commune_officer,
    )  # fmt: skip
    download = Endpoint("attachment", reverse("cases:attachment_download", args=[attachment.pk]))
    check_endpoint(download, actors.named(), expect(readers=(READERS, 200), others=(OTHER | OUTSIDERS, 404)))


def test_workflow_steps_are_refused_outside_their_office(actors, data):
    step = Endpoint("submit", reverse("cases:dossier_transition", args=[data["draft"].pk]), "POST", {"buoc": "submit"})
    refused = READERS - {"own_commune_officer"}
    expected = expect(others=(OTHER | OUTSIDERS, 404), readers=(refused, 403), maker=({"own_commune_officer"}, 302))
    check_endpoint(step, actors.named(), expected)
    assert check_get_only(actors, reverse("cases:dossier_transition", args=[data["draft"].pk]))


def test_taking_a_paper_off_a_dossier(actors, data):
    """The posted dossier has left the officer's hands: its keepers are told so (400); nobody removes it."""
    attachment = DossierAttachment.objects.create(
        dossier=data["posted"], document_code="other", file=upload(), file_name="giay.pdf",
        uploaded_by=actors.own_commune_officer,
    )  # fmt: skip
    remove = Endpoint("attachment-remove", reverse("cases:attachment_remove", args=[attachment.pk]), "POST")
    check_endpoint(
        remove,
        actors.named(),
        expect(keepers=(KEEPERS, 400), readers=(READERS - KEEPERS, 403), others=(OTHER | OUTSIDERS, 404)),
    )
    assert DossierAttachment.objects.filter(pk=attachment.pk).exists()


def test_proposals_are_signed_by_the_commune_chair(actors, data):
    """The posted dossier still has an open complaint: the chair's request is refused (400) and, like
    every other refusal, writes nothing; a proposal signed for real is tested in test_proposals.py."""
    create = Endpoint("proposal-create", reverse("cases:proposal_create"), "POST", {"ho_so": [data["posted"].pk]})
    chair = {"own_commune_chair"}
    check_endpoint(
        create, actors.named(), expect(chair=(chair, 400), others=(READERS - chair | OTHER | OUTSIDERS, 403))
    )
    assert check_get_only(actors, reverse("cases:proposal_create"), "own_commune_chair")


def check_get_only(actors, url: str, name: str = "own_commune_officer") -> bool:
    check_endpoint(Endpoint("get", url), {name: getattr(actors, name)}, {name: 405})
    return True


def test_posting_and_complaints_belong_to_the_commune(actors, data):
    commune_posters = {"own_commune_officer"}
    create = Endpoint("posting-create", reverse("cases:posting_create"), "POST", {"ho_so": [data["draft"].pk]})
    check_endpoint(
        create,
        actors.named(),
        expect(
            poster=(commune_posters | OTHER, 400),  # the draft is not reviewed yet / not visible: nothing listed
            others=(READERS - commune_posters | OUTSIDERS, 403),
        ),
    )
    posted = data["posted"]
    complaint = Endpoint(
        "complaint",
        reverse("cases:complaint_add", args=[posted.pk]),
        "POST",
        {"received_on": timezone.localdate().strftime("%d/%m/%Y"), "complainant": "Bà Năm", "content": "Hỏi"},
    )
    check_endpoint(
        complaint,
        actors.named(),
        expect(
            poster=(commune_posters, 302),
            readers=(READERS - commune_posters, 403),
            others=(OTHER | OUTSIDERS, 404),
        ),
    )
    resolve = Endpoint(
        "resolve",
        reverse("cases:complaint_resolve", args=[data["complaint"].pk]),
        "POST",
        {"resolution": "Đã trả lời"},
    )
    check_endpoint(
        resolve,
        actors.named(),
        expect(
            readers=(READERS - commune_posters, 403),
            others=(OTHER | OUTSIDERS, 404),
            poster=(commune_posters, 302),
        ),
    )
    assert Complaint.objects.get(pk=data["complaint"].pk).resolved_on is not None
    close = Endpoint("close", reverse("cases:posting_close", args=[data["posting"].pk]), "POST")
    check_endpoint(
        close,
        actors.named(),
        expect(
            readers=(READERS - commune_posters, 403),
            others=(OTHER | OUTSIDERS, 404),
            poster=(commune_posters, 302),
        ),
    )


def test_only_the_deciding_chair_signs(actors, data):
    sign = Endpoint("sign", reverse("cases:decision_sign", args=[data["draft_decision"].pk]), "POST")
    check_endpoint(
        sign,
        actors.named(),
        expect(
            readers=(READERS - {"district_chair"}, 403),
            others=(OTHER | OUTSIDERS, 404),
            chair=({"district_chair"}, 302),
        ),
    )


def test_the_signed_scan_is_filed_by_the_district(actors, data):
    filers = {"labour_officer", "labour_head", "district_chair"}
    scan = Endpoint("scan", reverse("cases:decision_scan_upload", args=[data["decision"].pk]), "POST")
    check_endpoint(  # url-encoded: no file, so the filers' form is invalid (the upload: test_views.py)
        scan,
        actors.named(),
        expect(filers=(filers, 400), readers=(READERS - filers, 403), others=(OTHER | OUTSIDERS, 404)),
    )
    decision = data["decision"]
    decision.scan.save("qd.pdf", upload(), save=True)
    download = Endpoint("scan-get", reverse("cases:decision_scan", args=[decision.pk]))
    check_endpoint(download, actors.named(), expect(readers=(READERS, 200), others=(OTHER | OUTSIDERS, 404)))


def test_batching_belongs_to_the_appraising_office(actors, data):
    batch = Endpoint("batch", reverse("cases:decision_batch"), "POST", {"ho_so": []})
    check_endpoint(batch, actors.named(), expect(readers=(READERS | OTHER, 302), outsiders=(OUTSIDERS, 403)))
    appraised = Endpoint(
        "batch-one", reverse("cases:decision_batch"), "POST", {"ho_so": [data["draft_decision"].dossiers.get().pk]}
    )
    not_appraisers = READERS - {"labour_officer", "labour_head"}
    check_endpoint(
        appraised,
        actors.named(),
        expect(
            refused=(not_appraisers, 403),
            others=(OTHER, 302),  # sees no such dossier: nothing to put on a list
            outsiders=(OUTSIDERS, 403),
            appraisers=({"labour_officer", "labour_head"}, 302),
        ),
    )


def test_the_periodic_review_is_read_by_the_case_offices(actors, data):
    """Rà soát (issue 14): the commune, the district and the province over their own area."""
    url = reverse("cases:review")
    check_endpoint(
        Endpoint("review", url, data={"thang": "2024-08"}),
        actors.named(),
        expect(readers=(READERS | OTHER, 200), outsiders=(OUTSIDERS, 403)),
    )


def test_batch_correction_from_the_review_is_for_the_dossier_keepers(actors, lucnam):
    """Issue 14 part 4: the officers who open dossiers, each for the communes they cover (another commune's
    officer is redirected with an error and opens nothing)."""
    _someone, entitlement = make(CASES["elderly poor turns 80"], lucnam, actors, name="Cụ Tám Mươi")
    endpoint = Endpoint(
        "review_correct", reverse("cases:review_correct"), "POST", {"thang": "2024-08", "chon": [entitlement.pk]}
    )
    check_endpoint(
        endpoint,
        actors.named(),
        expect(keepers=(KEEPERS | OTHER, 302), others=(READERS - KEEPERS | OUTSIDERS, 403)),
    )
    assert Dossier.objects.filter(entitlement=entitlement).count() == 1
