"""Authorisations (giấy ủy quyền): who may collect for whom, for which period (domain.md §8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.core.months import YearMonth
from ansinh.core.tests import samples
from ansinh.payments.actions import (
    LineResult,
    authorisation_create,
    authorisation_revoke,
    payment_results_apply,
    payroll_approve,
    payroll_generate,
    payroll_send,
)
from ansinh.payments.models import Authorisation, PayrollLine, PayrollMonth
from ansinh.payments.selectors import authorisations_expired, authorisations_expiring
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, person

pytestmark = pytest.mark.usefixtures("before_the_reform")  # the district flow (conftest)

MARCH = YearMonth(2024, 3)


def authorise(actors, who, **fields):
    values = {
        "authorised_name": "Nguyễn Thị Hồng",
        "reference": "GUQ 01/2024 ngày 01/01/2024",
        "valid_from": date(2024, 1, 1),
        "valid_to": date(2024, 3, 31),
        "relation": "Con gái",
        **fields,
    }
    return authorisation_create(actor=actors.own_commune_officer, person=who, **values)


def test_create_validate_and_scope(actors, lucnam):
    who, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    with pytest.raises(PermissionDenied, match="không có quyền"):
        authorisation_create(
            actor=actors.other_commune_officer,
            person=who,
            authorised_name="X",
            reference="1",
            valid_from=date(2024, 1, 1),
        )
    with pytest.raises(PermissionDenied, match="không có quyền"):
        authorisation_create(
            actor=actors.post_office_officer,
            person=who,
            authorised_name="X",
            reference="1",
            valid_from=date(2024, 1, 1),
        )
    with pytest.raises(ValidationError, match="Ghi họ tên người được ủy quyền") as error:
        authorise(actors, who, authorised_name=" ", reference="", valid_to=date(2023, 1, 1), authorised_citizen_id="12")
    assert set(error.value.message_dict) == {"authorised_name", "reference", "valid_to", "authorised_citizen_id"}
    assert not Authorisation.objects.exists()
    scan = SimpleUploadedFile("guq.pdf", samples.PDF, content_type="application/pdf")
    authorisation = authorise(actors, who, scan=scan, authorised_citizen_id="024190000001")
    assert authorisation.scan.name.endswith(".pdf") and authorisation.is_valid_on(date(2024, 3, 31))
    assert not authorisation.is_valid_on(date(2024, 4, 1))


def test_the_list_names_the_authorised_person_or_the_guardian(actors, lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    child, _ = beneficiary(lucnam.doi_ngo, "Trần Văn Tí", category="5.1", coefficient="2.5")
    child.guardian = person(lucnam.doi_ngo, "Trần Văn Giám", birth_year=1970)
    child.save()
    authorise(actors, an)
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    line = PayrollLine.objects.get(person=an)
    assert (line.payee_kind, line.payee_name, line.payee_reference) == (
        "authorised",
        "Nguyễn Thị Hồng",
        "GUQ 01/2024 ngày 01/01/2024",
    )
    assert line.authorisation is not None
    assert PayrollLine.objects.get(person=child).payee_name == "Trần Văn Giám"
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 4))  # expired on 31/03
    assert PayrollLine.objects.get(person=an, month=date(2024, 4, 1)).payee_kind == "beneficiary"


def test_paying_an_authorised_person_after_expiry_or_revocation_is_a_violation(actors, lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    binh, _ = beneficiary(lucnam.doi_ngo, "Trần Thị Bình")
    authorise(actors, an)
    revoked = authorise(actors, binh, authorised_name="Trần Văn Cả")
    authorisation_revoke(
        actor=actors.own_commune_officer, authorisation=revoked, on=date(2024, 3, 2), reason="Người hưởng đề nghị"
    )
    payroll_generate(actor=actors.labour_officer, month=MARCH)
    payroll = PayrollMonth.objects.get()
    payroll_send(
        actor=actors.labour_head,
        payroll=payroll_approve(actor=actors.labour_head, payroll=payroll, acknowledgement=ACKNOWLEDGED),
    )
    lines = {line.person_id: line for line in payroll.lines.all()}
    payment_results_apply(
        actor=actors.post_office_officer,
        payroll=payroll,
        results=[
            LineResult(
                lines[an.pk].pk, paid_on=date(2024, 3, 5), paid_to_name="Nguyễn Thị Hồng", paid_to_kind="authorised"
            ),
            LineResult(
                lines[binh.pk].pk, paid_on=date(2024, 3, 5), paid_to_name="Trần Văn Cả", paid_to_kind="authorised"
            ),
        ],
    )
    assert list(PayrollLine.objects.filter(violation=True).values_list("person_id", flat=True)) == [binh.pk]
    assert "hiệu lực" in PayrollLine.objects.get(person=binh).violation_reason


def test_renewals_and_expiries_are_listed(actors, lucnam):
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An")
    soon = authorise(actors, an, valid_to=date(2024, 3, 20))
    old = authorise(actors, an, authorised_name="Lê Văn Cũ", valid_from=date(2023, 1, 1), valid_to=date(2024, 2, 1))
    on = date(2024, 3, 1)
    assert list(authorisations_expiring(actor=actors.own_commune_officer, on=on)) == [soon]
    assert list(authorisations_expired(actor=actors.own_commune_officer, on=on)) == [old]
    assert not authorisations_expiring(actor=actors.other_commune_officer, on=on).exists()
    assert not authorisations_expiring(actor=actors.post_office_officer, on=on).exists()
