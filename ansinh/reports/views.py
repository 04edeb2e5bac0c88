"""Pages of the reports app: forms 10a and 10d on screen, as XLSX and PDF, and what lies behind each figure."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response
from ansinh.core.months import YearMonth
from ansinh.payments.models import PayrollLine
from ansinh.registry.models import Person
from ansinh.registry.policies import person_policy
from ansinh.reports import actions, documents, form10a, form10b, form10c, form10d, selectors
from ansinh.reports.form10a import Period
from ansinh.reports.policies import form_policy
from ansinh.reports.spending import FUNERAL, masked, premiums, spending
from ansinh.supports.models import EmergencyLine
from ansinh.territory.models import AdministrativeUnit


def _chosen(request: ActorRequest) -> tuple[Period, AdministrativeUnit]:
    period = selectors.period_of(request.GET.get("nam"), request.GET.get("ky"), timezone.localdate())
    if not request.GET.get("nam") and not request.GET.get("don_vi"):
        period = selectors.last_period_of_own_unit(request.user, period)
    try:
        unit_id = int(request.GET.get("don_vi", "") or 0) or None
    except ValueError:
        unit_id = None
    return period, selectors.reporting_unit(request.user, period, unit_id)


def _query(period: Period, unit: AdministrativeUnit) -> str:
    return f"nam={period.first.year}&ky={1 if period.first.month == 1 else 2}&don_vi={unit.pk}"


# The forms on screen and as files: (compute, template of the page, XLSX writer, PDF writer).
FORMS: dict[str, tuple[Any, str, Any, Any]] = {
    "10a": (form10a.compute, "reports/form10a.html", documents.form10a_xlsx, documents.form10a_pdf),
    "10b": (form10b.compute, "reports/form10b.html", documents.form10b_xlsx, documents.form10b_pdf),
    "10c": (form10c.compute, "reports/form10c.html", documents.form10c_xlsx, documents.form10c_pdf),
    "10d": (form10d.compute, "reports/form10d.html", documents.form10d_xlsx, documents.form10d_pdf),
}


@login_required
def form_page(request: ActorRequest, code: str) -> HttpResponse:
    period, unit = _chosen(request)
    compute, template, _, _ = FORMS[code]
    module = selectors.FORMS[code]
    context = {
        "period": period,
        "period_label": selectors.period_label(period),
        "unit": unit,
        "units": selectors.units_in_force(request.user, period),
        "rows": list(module.rows_with_cells(compute(period, unit.pk))),
        "query": _query(period, unit),
        "years": range(timezone.localdate().year, 2020, -1),
        "active": f"form{code}",
        "testid": f"form{code}-choice",
        "xlsx_url": reverse(f"reports:form{code}_xlsx"),
        "pdf_url": reverse(f"reports:form{code}_pdf"),
        "drill_url": reverse(f"reports:form{code}_drilldown"),
        "testid_table": f"form{code}",
    }
    return TemplateResponse(request, template, context)


@login_required
def form_file(request: ActorRequest, code: str, kind: str) -> HttpResponse:
    period, unit = _chosen(request)
    compute, _, xlsx, pdf = FORMS[code]
    form = compute(period, unit.pk)
    head = documents.letterhead(unit, selectors.period_label(period))
    today = timezone.localdate()
    name = f"mau-{code}-{unit.code}-{period.first}-{period.last}.{kind}"
    actions.form_taken(actor=request.user, form=f"{code}.{kind}", unit=unit, period=f"{period.first}/{period.last}")
    if kind == "pdf":
        return file_response(pdf(form, head, today), documents.PDF, name)
    return file_response(xlsx(form, head, today), documents.XLSX, name)


def _base_unit(row: object) -> str:
    """10b's figures behind a cell are counted in the row's base unit (kg of rice, đồng)."""
    measure = getattr(row, "measure", "")
    if measure == form10b.RICE and getattr(row, "kind", None) is None:
        return "kg"
    return "đồng" if measure == form10b.MONEY else str(getattr(row, "unit", ""))


@login_required
def form_drilldown(request: ActorRequest, code: str) -> HttpResponse:
    """The people, payment lines (10a) or emergency lines (10b) behind one figure of a form."""
    period, unit = _chosen(request)
    found = selectors.drilldown(period, unit, request.GET.get("dong", ""), request.GET.get("cot", ""), code)
    may_list = form_policy.may_list_people(
        request.user, hiv=found.row.key in getattr(selectors.FORMS[code], "HIV_ROWS", ())
    )
    page = Paginator(found.ids, 100).get_page(request.GET.get("trang")) if may_list else None
    people: list[Person] = []
    lines: list[PayrollLine] = []
    emergency_lines: list[EmergencyLine] = []
    if page is not None:
        if found.column == "quantity":
            by_line = EmergencyLine.objects.select_related("round").in_bulk(list(page.object_list))
            emergency_lines = [by_line[pk] for pk in page.object_list if pk in by_line]
        elif found.column == "amount":
            by_id = PayrollLine.objects.select_related("person").in_bulk(list(page.object_list))
            lines = [by_id[pk] for pk in page.object_list if pk in by_id]
        else:
            by_id_people = Person.objects.select_related("commune").in_bulk(list(page.object_list))
            people = [by_id_people[pk] for pk in page.object_list if pk in by_id_people]
    context = {
        "period_label": selectors.period_label(period),
        "unit": unit,
        "found": found,
        "may_list": may_list,
        "page": page,
        "people": people,
        "lines": lines,
        "emergency_lines": emergency_lines,
        "base_unit": _base_unit(found.row),
        "query": _query(period, unit),
        "code": code,
        "back_url": reverse(f"reports:form{code}"),
    }
    return TemplateResponse(request, "reports/form10a_drilldown.html", context)


@login_required
def spending_page(request: ActorRequest) -> HttpResponse:
    """Spending of a month by support type and commune in force (finance office, province, district)."""
    require(form_policy.can_read_forms(request.user))
    try:
        month = YearMonth.parse(request.GET.get("thang", ""))
    except ValueError:
        month = YearMonth.of(timezone.localdate()).add(-1)
        own = selectors.last_period_of_own_unit(request.user, Period(month, month))
        month = min(month, own.last)  # an abolished unit: its last half-year
    period = Period(month, month)
    try:
        unit_id = int(request.GET.get("don_vi", "") or 0) or None
    except ValueError:
        unit_id = None
    unit = selectors.reporting_unit(request.user, period, unit_id)
    found = masked(spending(month, unit.pk), lambda code: person_policy.category_shown(request.user, code))
    context = {
        "premiums": premiums(month, unit.pk) if form_policy.may_read_premiums(request.user) else None,
        "month": month,
        "previous": month.add(-1),
        "next": month.add(1),
        "unit": unit,
        "units": selectors.units_in_force(request.user, period),
        "spending": found,
        "rows": [(row, [row.amounts.get(code, 0) for code in found.types]) for row in found.rows],
        "totals": [found.totals.get(code, 0) for code in found.types],
        "chart": json.dumps(
            {
                "labels": [row.commune.full_name for row in found.rows],
                "series": [
                    {
                        "label": "Mai táng" if code == FUNERAL else (f"Diện {code}" if code[:1].isdigit() else code),
                        "values": [row.amounts.get(code, 0) for row in found.rows],
                    }
                    for code in found.types
                ],
                "unit": "đ",
            },
            ensure_ascii=False,
        ),
    }
    return TemplateResponse(request, "reports/spending.html", context)
