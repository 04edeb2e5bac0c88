"""The rate-change list: everyone whose monthly amount changes between two months, old and new, on screen
and as the XLSX attached to the chair's decision."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse

from ansinh.core.access import ActorRequest, require
from ansinh.core.downloads import file_response
from ansinh.core.months import YearMonth
from ansinh.payments import documents, selectors
from ansinh.payments.forms import RateChangeForm, month_of
from ansinh.registry.policies import person_policy
from ansinh.territory.models import AdministrativeUnit


@login_required
def rate_changes(request: ActorRequest) -> HttpResponse:
    """Everyone whose monthly amount changes between two months, old and new (XLSX for the decision)."""
    require(person_policy.can_read_register(request.user))
    form = RateChangeForm(request.GET or None)
    rows: list[selectors.RateChangeRow] = []
    if form.is_valid():
        before, after = month_of(form, "before"), month_of(form, "after")
        rows = selectors.rate_changes(actor=request.user, before=before, after=after)
        if request.GET.get("xuat") == "xlsx":
            require(person_policy.can_export(request.user))
            return _rate_change_file(request, rows, before, after)
    names = dict(AdministrativeUnit.objects.filter(pk__in={row.commune_id for row in rows}).values_list("pk", "name"))
    context = {
        "form": form,
        "rows": [(row, names.get(row.commune_id, "")) for row in rows[:500]],
        "count": len(rows),
        "old_total": sum(row.old_amount for row in rows),
        "new_total": sum(row.new_amount for row in rows),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "payments/rate_changes.html", context, status=400 if form.errors else 200)


def _rate_change_file(
    request: ActorRequest, rows: list[selectors.RateChangeRow], before: YearMonth, after: YearMonth
) -> HttpResponse:
    units = AdministrativeUnit.objects.filter(pk__in={row.commune_id for row in rows})
    names = {unit.pk: unit.full_name for unit in units}
    births = documents.birth_displays({row.person_id for row in rows})
    content = documents.rate_change_xlsx(
        (
            documents.RateChangeRow(
                full_name=row.person_name,
                birth=births.get(row.person_id, ""),
                commune_name=names.get(row.commune_id, ""),
                category=row.category_code,
                coefficient=row.coefficient,
                old_rate=row.old_rate,
                new_rate=row.new_rate,
                old_amount=row.old_amount,
                new_amount=row.new_amount,
            )
            for row in rows
        ),
        title=f"So sánh tháng {before.display()} và tháng {after.display()}",
        effective=after,
    )
    return file_response(content, documents.XLSX, f"dieu-chinh-muc-{after}.xlsx")
