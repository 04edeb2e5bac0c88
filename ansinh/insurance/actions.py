"""Writing BHYT lists and cards: each action checks the policy, validates, writes in one transaction
and records an audit event (docs/architecture.md). Audited codes are labelled in apps.py.

- `list_prepare`: the commune's draft list of a month, recomputed from coverage (`coverage.changes`)
  plus correction lines for the months already sent whose coverage has changed since.
- `list_send`: the commune sends it (frozen from then on); a list sent after its deadline
  (`deadline.bhyt_list` working days from the month's first day) is marked late.
- `list_receive`, `card_record`, `line_return`, `cards_apply`, `list_process`: the BHXH desk.
- `line_handled`: the commune closes a line the BHXH office returned (its to-do).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.audit.events import record_event
from ansinh.cases.steps import due_date
from ansinh.core.access import Actor, require
from ansinh.core.months import YearMonth
from ansinh.insurance import coverage
from ansinh.insurance.layout import group_code
from ansinh.insurance.models import (
    BhytLine,
    BhytList,
    Direction,
    HealthCard,
    LineStatus,
    ListStatus,
    OtherScheme,
    Reason,
)
from ansinh.insurance.policies import insurance_policy
from ansinh.registry.models import Person
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import province_code_of

DEADLINE_KEY = "deadline.bhyt_list"
CORRECTION_MONTHS = 12  # sent lists looked at again for corrections
# A BHYT card code: 2 letters (group), 1 digit (benefit level), 2 digits (province), 10 digits (BHXH code).
CARD_NUMBER = re.compile(r"^[A-Z]{2}\d{13}$")


def send_deadline(month: YearMonth) -> date:
    """The day the list of `month` is due: the working days of `deadline.bhyt_list` (a dated parameter,
    unconfirmed: the district's dispatch asks monthly lists) after the month's first day; the last day
    of the month when the parameter is missing."""
    return due_date(DEADLINE_KEY, month.first_day) or month.last_day


def _address(person: Person) -> str:
    parts = [person.address, person.village.name if person.village is not None else "", person.commune.name]
    return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class _Line:
    person_id: int
    direction: str
    reason: str
    day: date
    corrects: date | None = None


def _corrections(commune: AdministrativeUnit, month: YearMonth) -> list[_Line]:
    """For each sent list of the last months, the difference between what its month's coverage
    changes are now and what was sent for that month (its lines and later corrections of it)."""
    sent_months = (
        BhytList.objects.filter(
            commune=commune, month__lt=month.first_day, month__gte=month.add(-CORRECTION_MONTHS).first_day
        )
        .exclude(status=ListStatus.DRAFT)
        .values_list("month", flat=True)
    )
    months = sorted(sent_months)
    # what was sent for each of those months: its own lines and the corrections of it sent since
    sent_for: dict[date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rows = BhytLine.objects.filter(bhyt_list__commune=commune).exclude(bhyt_list__status=ListStatus.DRAFT)
    rows = rows.filter(Q(corrects_month__in=months) | Q(corrects_month__isnull=True, bhyt_list__month__in=months))
    for person_id, direction, corrects, list_month in rows.values_list(
        "person_id", "direction", "corrects_month", "bhyt_list__month"
    ):
        sent_for[corrects or list_month][person_id] += 1 if direction == Direction.INCREASE else -1
    lines: list[_Line] = []
    for first_day in months:
        past = YearMonth.of(first_day)
        now: dict[int, coverage.Change] = {
            change.person_id: change
            for change in coverage.changes(past, [commune.pk])
            if change.commune_id == commune.pk
        }
        sent = sent_for[first_day]
        for person_id in set(now) | set(sent):
            change = now.get(person_id)
            wanted = 0 if change is None else (1 if change.direction == Direction.INCREASE else -1)
            difference = wanted - sent.get(person_id, 0)
            if difference == 0:
                continue
            direction = Direction.INCREASE if difference > 0 else Direction.DECREASE
            if change is not None and change.direction == direction:
                lines.append(_Line(person_id, direction, change.reason, change.day, first_day))
            elif direction == Direction.INCREASE:
                lines.append(_Line(person_id, direction, Reason.NEW_GRANT, first_day, first_day))
            else:
                lines.append(_Line(person_id, direction, Reason.STOP, first_day - timedelta(days=1), first_day))
    return lines


def list_prepare(*, actor: Actor, commune: AdministrativeUnit, month: YearMonth) -> BhytList:
    """(Re)compute the commune's draft list of `month`. A sent list is never recomputed."""
    require(insurance_policy.can_prepare(actor, commune.pk))
    with transaction.atomic():
        bhyt_list, _created = BhytList.objects.select_for_update().get_or_create(
            commune=commune,
            month=month.first_day,
            defaults={"province_code": province_code_of(commune), "send_deadline": send_deadline(month)},
        )
        if bhyt_list.is_sent:
            raise ValidationError({"month": f"Danh sách tháng {month.display()} đã gửi BHXH, không lập lại được."})
        wanted = [
            _Line(change.person_id, change.direction, change.reason, change.day)
            for change in coverage.changes(month, [commune.pk])
            if change.commune_id == commune.pk
        ] + _corrections(commune, month)
        people = Person.objects.select_related("village", "commune").in_bulk([line.person_id for line in wanted])
        cards = dict(
            HealthCard.objects.filter(person_id__in=people, replaced_on__isnull=True).values_list("person_id", "number")
        )
        bhyt_list.lines.all().delete()
        code = group_code()
        BhytLine.objects.bulk_create(
            BhytLine(
                bhyt_list=bhyt_list,
                person_id=line.person_id,
                direction=line.direction,
                reason=line.reason,
                from_date=line.day if line.direction == Direction.INCREASE else None,
                to_date=line.day if line.direction == Direction.DECREASE else None,
                corrects_month=line.corrects,
                full_name=people[line.person_id].full_name,
                birth_date=people[line.person_id].birth_date,
                birth_year=people[line.person_id].birth_year,
                sex=people[line.person_id].sex,
                citizen_id=people[line.person_id].citizen_id or "",
                card_number=cards.get(line.person_id, ""),
                address=_address(people[line.person_id])[:400],
                group_code=code,
            )
            for line in wanted
        )
        per_person = coverage.premium_per_person(month)
        bhyt_list.covered = coverage.covered_people(month, [commune.pk]).get(commune.pk, 0)
        bhyt_list.premium_per_person = per_person
        bhyt_list.premium_total = per_person * bhyt_list.covered
        bhyt_list.send_deadline = send_deadline(month)
        bhyt_list.prepared_at, bhyt_list.prepared_by_id = timezone.now(), actor.pk
        bhyt_list.save()
        record_event(
            actor=actor,
            action="insurance.list_prepare",
            obj=bhyt_list,
            after={"month": str(month), "lines": len(wanted), "covered": bhyt_list.covered},
            territory_id=commune.pk,
        )
    return bhyt_list


def list_send(*, actor: Actor, bhyt_list: BhytList) -> BhytList:
    """Send the list to the BHXH office (and the labour office): frozen from now on."""
    require(insurance_policy.can_send(actor, bhyt_list))
    with transaction.atomic():
        locked = BhytList.objects.select_for_update().get(pk=bhyt_list.pk)
        if locked.is_sent:
            return locked
        if locked.prepared_at is None:
            raise ValidationError({"status": "Hãy lập danh sách trước khi gửi."})
        locked.status, locked.sent_at, locked.sent_by_id = ListStatus.SENT, timezone.now(), actor.pk
        locked.save(update_fields=["status", "sent_at", "sent_by"])
        record_event(
            actor=actor,
            action="insurance.list_send",
            obj=locked,
            before={"status": ListStatus.DRAFT},
            after={"status": locked.status, "late": locked.sent_late, "deadline": locked.send_deadline.isoformat()},
            territory_id=locked.commune_id,
        )
    return locked


def list_receive(*, actor: Actor, bhyt_list: BhytList) -> BhytList:
    require(insurance_policy.can_process(actor, bhyt_list))
    with transaction.atomic():
        locked = BhytList.objects.select_for_update().get(pk=bhyt_list.pk)
        if locked.status != ListStatus.SENT:
            return locked
        locked.status, locked.received_at = ListStatus.RECEIVED, timezone.now()
        locked.save(update_fields=["status", "received_at"])
        record_event(
            actor=actor,
            action="insurance.list_receive",
            obj=locked,
            before={"status": ListStatus.SENT},
            after={"status": locked.status},
            territory_id=locked.commune_id,
        )
    return locked


def _check_card(number: str, valid_from: date | None, valid_to: date | None) -> dict[str, str]:
    errors = {}
    if not CARD_NUMBER.match(number):
        errors["number"] = "Mã thẻ BHYT gồm 15 ký tự: 2 chữ cái in hoa và 13 chữ số."
    if valid_from is None:
        errors["valid_from"] = "Nhập ngày thẻ có giá trị từ."
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = "Ngày hết giá trị phải sau ngày có giá trị."
    return errors


def _open_for_cards(bhyt_list: BhytList) -> None:
    if bhyt_list.status == ListStatus.PROCESSED:
        raise ValidationError({"status": "Danh sách đã xử lý xong, không ghi thêm được."})


def _write_card(actor: Actor, line: BhytLine, number: str, valid_from: date, valid_to: date | None) -> HealthCard:
    HealthCard.objects.filter(person_id=line.person_id, replaced_on__isnull=True).update(replaced_on=valid_from)
    card = HealthCard.objects.create(
        person_id=line.person_id,
        number=number,
        valid_from=valid_from,
        valid_to=valid_to,
        line=line,
        recorded_by_id=actor.pk,
        commune_id=line.bhyt_list.commune_id,
    )
    line.status, line.card_number, line.rejection = LineStatus.DONE, number, ""
    line.save(update_fields=["status", "card_number", "rejection"])
    return card


def card_record(
    *, actor: Actor, line: BhytLine, number: str, valid_from: date | None, valid_to: date | None
) -> HealthCard:
    """Record the card issued for one increase line of a sent list."""
    require(insurance_policy.can_process(actor, line.bhyt_list))
    number = number.strip().upper()
    errors = _check_card(number, valid_from, valid_to)
    if line.direction != Direction.INCREASE:
        errors["number"] = "Chỉ ghi thẻ cho dòng tăng."
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None
    with transaction.atomic():
        _open_for_cards(BhytList.objects.select_for_update().get(pk=line.bhyt_list_id))
        card = _write_card(actor, line, number, valid_from, valid_to)
        record_event(
            actor=actor,
            action="insurance.card_record",
            obj=card,
            after={
                "number": number,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to and valid_to.isoformat(),
            },
            territory_id=line.bhyt_list.commune_id,
        )
    return card


@dataclass(frozen=True)
class CardRow:
    line_id: int
    number: str
    valid_from: date
    valid_to: date | None


def cards_apply(*, actor: Actor, bhyt_list: BhytList, rows: list[CardRow]) -> int:
    """Record the cards of an uploaded file, all or none (the file was checked row by row by
    `uploads.check_cards_file`; this checks again that each line is an increase of this list)."""
    require(insurance_policy.can_process(actor, bhyt_list))
    with transaction.atomic():
        locked = BhytList.objects.select_for_update().get(pk=bhyt_list.pk)
        _open_for_cards(locked)
        lines = locked.lines.filter(direction=Direction.INCREASE).in_bulk([row.line_id for row in rows])
        if len(lines) != len({row.line_id for row in rows}) or len(rows) != len(lines):
            raise ValidationError({"file": "Tệp có dòng không thuộc danh sách tăng này hoặc bị trùng."})
        for row in rows:
            _write_card(actor, lines[row.line_id], row.number, row.valid_from, row.valid_to)
        record_event(
            actor=actor,
            action="insurance.cards_apply",
            obj=locked,
            after={"cards": len(rows)},
            territory_id=locked.commune_id,
        )
    return len(rows)


def line_return(*, actor: Actor, line: BhytLine, reason: str) -> BhytLine:
    """BHXH returns a line to the commune with its reason (it appears on the commune's to-do)."""
    require(insurance_policy.can_process(actor, line.bhyt_list))
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Nhập lý do trả lại."})
    if len(reason) > 255:
        raise ValidationError({"reason": f"Quá dài: tối đa 255 ký tự (đang có {len(reason)})."})
    with transaction.atomic():
        _open_for_cards(BhytList.objects.select_for_update().get(pk=line.bhyt_list_id))
        line.status, line.rejection, line.handled_at = LineStatus.REJECTED, reason, None
        line.save(update_fields=["status", "rejection", "handled_at"])
        record_event(
            actor=actor,
            action="insurance.line_return",
            obj=line,
            after={"reason": reason},
            territory_id=line.bhyt_list.commune_id,
        )
    return line


def line_handled(*, actor: Actor, line: BhytLine) -> BhytLine:
    """The commune has dealt with a returned line (corrected the register, informed the person)."""
    require(insurance_policy.can_handle_returned(actor, line))
    if line.status != LineStatus.REJECTED:
        raise ValidationError({"status": "Dòng này không bị BHXH trả lại."})
    with transaction.atomic():
        line.handled_at = timezone.now()
        line.save(update_fields=["handled_at"])
        record_event(actor=actor, action="insurance.line_handled", obj=line, territory_id=line.bhyt_list.commune_id)
    return line


def list_process(*, actor: Actor, bhyt_list: BhytList) -> BhytList:
    """BHXH has processed the list: the cards of the decrease lines end on the line's date, the
    other pending lines are done. Every increase line needs its card or a return first."""
    require(insurance_policy.can_process(actor, bhyt_list))
    with transaction.atomic():
        locked = BhytList.objects.select_for_update().get(pk=bhyt_list.pk)
        if locked.status == ListStatus.PROCESSED:
            return locked
        waiting = locked.lines.filter(direction=Direction.INCREASE, status=LineStatus.PENDING).count()
        if waiting:
            raise ValidationError({"status": f"Còn {waiting} dòng tăng chưa ghi thẻ hoặc trả lại."})
        for line in locked.lines.filter(direction=Direction.DECREASE, status=LineStatus.PENDING):
            end = line.to_date or locked.month
            HealthCard.objects.filter(person_id=line.person_id, replaced_on__isnull=True, valid_from__lte=end).exclude(
                valid_to__lte=end
            ).update(valid_to=end)
        locked.lines.filter(status=LineStatus.PENDING).update(status=LineStatus.DONE)
        before = locked.status
        locked.status, locked.processed_at = ListStatus.PROCESSED, timezone.now()
        locked.save(update_fields=["status", "processed_at"])
        record_event(
            actor=actor,
            action="insurance.list_process",
            obj=locked,
            before={"status": before},
            after={"status": locked.status},
            territory_id=locked.commune_id,
        )
    return locked


def document_taken(*, actor: Actor, bhyt_list: BhytList, document: str) -> None:
    """A list leaving the system carries names and IDs: the audit log keeps who took which file.
    The view has already checked that the actor may read the list."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action="insurance.document_taken",
            obj=bhyt_list,
            after={"document": document, "month": f"{bhyt_list.month:%Y-%m}"},
            territory_id=bhyt_list.commune_id,
        )


def other_scheme_record(
    *, actor: Actor, person: Person, scheme: str, valid_from: date | None, valid_to: date | None
) -> OtherScheme:
    """Record that another BHYT scheme covers the person (a pensioner, a veteran…): the most
    favourable card is kept, and from `valid_from` the person is off the State list (a decrease
    `other_scheme` in the next list)."""
    require(insurance_policy.can_prepare(actor, person.commune_id))
    scheme = " ".join(scheme.split())
    errors = {}
    if not scheme:
        errors["scheme"] = "Nhập đối tượng tham gia BHYT khác (ví dụ: hưu trí, người có công)."
    elif len(scheme) > 150:
        errors["scheme"] = f"Quá dài: tối đa 150 ký tự (đang có {len(scheme)})."
    if valid_from is None:
        errors["valid_from"] = "Nhập ngày bắt đầu có thẻ theo đối tượng khác."
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None
    with transaction.atomic():
        recorded = OtherScheme.objects.create(person=person, scheme=scheme, valid_from=valid_from, valid_to=valid_to)
        record_event(
            actor=actor,
            action="insurance.other_scheme_record",
            obj=recorded,
            after={
                "scheme": scheme,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
            territory_id=person.commune_id,
        )
    return recorded


def other_scheme_change(
    *,
    actor: Actor,
    record: OtherScheme,
    scheme: str,
    valid_from: date | None,
    valid_to: date | None,
    reason: str,
) -> OtherScheme:
    """End or correct another BHYT scheme recorded on the person (a pension stopped, a date typed wrong). From
    the day after `valid_to` the person is covered by the State again, so the next list carries the increase,
    and a month already sent gets its correction line (the lists are derived, nothing else is rewritten)."""
    person = record.person
    require(insurance_policy.can_prepare(actor, person.commune_id))
    scheme = " ".join(scheme.split())
    reason = " ".join(reason.split())
    errors = {}
    if not scheme:
        errors["scheme"] = "Nhập đối tượng tham gia BHYT khác (ví dụ: hưu trí, người có công)."
    elif len(scheme) > 150:
        errors["scheme"] = f"Quá dài: tối đa 150 ký tự (đang có {len(scheme)})."
    if valid_from is None:
        errors["valid_from"] = "Nhập ngày bắt đầu có thẻ theo đối tượng khác."
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if not reason:
        errors["reason"] = "Nêu lý do kết thúc hoặc sửa (ví dụ: thôi hưởng lương hưu từ ngày…)."
    elif len(reason) > 255:
        errors["reason"] = f"Quá dài: tối đa 255 ký tự (đang có {len(reason)})."
    before = {
        "scheme": record.scheme,
        "valid_from": record.valid_from.isoformat(),
        "valid_to": record.valid_to.isoformat() if record.valid_to else None,
    }
    after = {
        "scheme": scheme,
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_to": valid_to.isoformat() if valid_to else None,
    }
    if not errors and before == after:
        errors["valid_to"] = "Chưa có gì thay đổi: nhập ngày kết thúc hoặc sửa thông tin."
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None
    with transaction.atomic():
        locked = OtherScheme.objects.select_for_update().get(pk=record.pk)
        locked.scheme, locked.valid_from, locked.valid_to = scheme, valid_from, valid_to
        locked.save(update_fields=["scheme", "valid_from", "valid_to"])
        record_event(
            actor=actor,
            action="insurance.other_scheme_change",
            obj=locked,
            before=before,
            after=after,
            reason=reason,
            territory_id=person.commune_id,
        )
    return locked
