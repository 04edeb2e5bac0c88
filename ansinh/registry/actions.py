"""Writes to the register; each checks the policy, validates, writes in one transaction and audits."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from ansinh.audit.events import record_event, snapshot
from ansinh.core.access import Actor, require
from ansinh.core.concurrency import rechecked_on_clash
from ansinh.registry import life_events
from ansinh.registry.models import (
    DifficultArea,
    FactKind,
    Household,
    HouseholdMember,
    HouseholdPoverty,
    LifeStatus,
    Person,
    PersonFact,
    PovertyStatus,
    Relationship,
    Residence,
)
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.registry.validation import PersonInput, check_person
from ansinh.territory.models import AdministrativeUnit, UnitLevel
from ansinh.territory.selectors import closed_after_change, province_code_of, refused_after_end

PERSON_FIELDS = [
    "full_name", "birth_date", "birth_year", "sex", "ethnicity", "citizen_id", "old_id_number", "phone",
    "commune", "village", "address", "life_status", "death_date", "life_status_source", "guardian",
]  # fmt: skip


def _check_place(commune: AdministrativeUnit, village: AdministrativeUnit | None, day: date | None = None) -> None:
    if commune.level != UnitLevel.COMMUNE:
        raise ValidationError({"commune": "Hãy chọn một xã, thị trấn."})
    day = day or timezone.localdate()
    if closed_after_change(commune, day):
        raise ValidationError({"commune": refused_after_end(commune, day)})
    if village is not None and village.parent_id != commune.pk:
        raise ValidationError({"village": f"{village.full_name} không thuộc {commune.full_name}."})


def _check_unique_id(citizen_id: str | None, exclude_pk: int | None = None) -> None:
    if not citizen_id:
        return
    clash = Person.objects.filter(citizen_id=citizen_id).exclude(pk=exclude_pk or 0).first()
    if clash is not None:
        raise ValidationError(
            {"citizen_id": f"Số CCCD {citizen_id} đã có trong sổ: {clash.full_name}, sinh {clash.birth_display}."}
        )


def person_create(
    *,
    actor: Actor,
    data: PersonInput,
    commune: AdministrativeUnit,
    village: AdministrativeUnit | None = None,
    ethnicity: str = "01",
    phone: str = "",
    address: str = "",
    resident_from: date | None = None,
    source: str = "",
) -> Person:
    require(person_policy.can_create_in(actor, commune.pk))
    checked = check_person(data, timezone.localdate())
    if checked.errors:
        raise ValidationError(checked.errors)
    _check_place(commune, village)
    with transaction.atomic():
        _check_unique_id(checked.citizen_id)
        person = Person(
            full_name=checked.full_name,
            birth_date=checked.birth_date,
            birth_year=checked.birth_year,
            sex=checked.sex,
            ethnicity=ethnicity,
            citizen_id=checked.citizen_id,
            old_id_number=checked.old_id_number,
            phone=phone,
            commune=commune,
            village=village,
            province_code=province_code_of(commune),
            address=address,
        )
        with rechecked_on_clash(lambda: _check_unique_id(checked.citizen_id)):
            person.save()
        Residence.objects.create(
            person=person,
            commune=commune,
            village=village,
            valid_from=resident_from or checked.birth_date or timezone.localdate(),
            source=source,
        )
        record_event(
            actor=actor,
            action="registry.person_create",
            obj=person,
            after=snapshot(person, PERSON_FIELDS),
            reason=source,
            territory_id=commune.pk,
        )
    return person


def person_update(*, actor: Actor, person: Person, data: PersonInput, changes: dict[str, Any], reason: str) -> Person:
    """Correct identity and contact fields (not residence or life status: they have their own actions)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do sửa thông tin."})
    checked = check_person(data, timezone.localdate())
    if checked.errors:
        raise ValidationError(checked.errors)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        _check_unique_id(checked.citizen_id, exclude_pk=locked.pk)
        before = snapshot(locked, PERSON_FIELDS)
        locked.full_name, locked.sex = checked.full_name, checked.sex
        locked.birth_date, locked.birth_year = checked.birth_date, checked.birth_year
        locked.citizen_id, locked.old_id_number = checked.citizen_id, checked.old_id_number
        for name in ("ethnicity", "phone", "address"):
            if name in changes:
                setattr(locked, name, changes[name])
        with rechecked_on_clash(lambda: _check_unique_id(checked.citizen_id, exclude_pk=locked.pk)):
            locked.save()
        record_event(
            actor=actor,
            action="registry.person_update",
            obj=locked,
            before=before,
            after=snapshot(locked, PERSON_FIELDS),
            reason=reason.strip(),
            territory_id=locked.commune_id,
        )
    return locked


def residence_move(
    *,
    actor: Actor,
    person: Person,
    commune: AdministrativeUnit,
    village: AdministrativeUnit | None,
    moved_on: date,
    source: str,
) -> Residence:
    """Record a move: the open residence ends the day before, the new one starts on `moved_on`."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    _check_place(commune, village, moved_on)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        current = locked.residences.filter(valid_to__isnull=True).first()
        if current is not None and moved_on <= current.valid_from:
            raise ValidationError(
                {"moved_on": f"Ngày chuyển phải sau ngày đến nơi ở hiện tại ({current.valid_from:%d/%m/%Y})."}
            )
        before = snapshot(locked, ["commune", "village"])
        if current is not None:
            current.valid_to = date.fromordinal(moved_on.toordinal() - 1)
            current.save(update_fields=["valid_to"])
        residence = Residence.objects.create(
            person=locked, commune=commune, village=village, valid_from=moved_on, source=source
        )
        locked.commune, locked.village, locked.province_code = commune, village, province_code_of(commune)
        locked.save(update_fields=["commune", "village", "province_code", "updated_at"])
        record_event(
            actor=actor,
            action="registry.residence_move",
            obj=locked,
            before=before,
            after={**snapshot(locked, ["commune", "village"]), "moved_on": moved_on.isoformat()},
            reason=source,
            territory_id=commune.pk,
        )
    return residence


def fact_add(
    *, actor: Actor, person: Person, kind: str, value: dict[str, Any], effective_from: date, source: str
) -> PersonFact:
    """Add a dated fact; the previous open fact of the same kind ends the day before."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if kind == FactKind.HIV:
        require(person_policy.can_read_restricted(actor))
    if not source.strip():
        raise ValidationError({"source": "Hãy ghi nguồn hoặc giấy tờ chứng minh."})
    if effective_from > timezone.localdate():
        raise ValidationError({"effective_from": "Ngày có hiệu lực không được ở tương lai."})
    with transaction.atomic():
        previous = person.facts.filter(kind=kind, effective_to__isnull=True).first()
        if previous is not None:
            if effective_from <= previous.effective_from:
                raise ValidationError(
                    {"effective_from": f"Phải sau ngày của thông tin trước ({previous.effective_from:%d/%m/%Y})."}
                )
            previous.effective_to = date.fromordinal(effective_from.toordinal() - 1)
            previous.save(update_fields=["effective_to"])
        fact = PersonFact.objects.create(
            person=person, kind=kind, value=value, effective_from=effective_from, source=source.strip()
        )
        # The audit keeps that an HIV fact was added, never its content.
        after: dict[str, Any] = {"kind": kind, "effective_from": effective_from.isoformat()}
        if kind != FactKind.HIV:
            after["value"] = value
        record_event(
            actor=actor,
            action="registry.fact_add",
            obj=person,
            after=after,
            reason=source.strip(),
            territory_id=person.commune_id,
        )
    return fact


LIFE_FIELDS = ["life_status", "death_date", "missing_on", "life_status_source"]


def death_record(*, actor: Actor, person: Person, died_on: date, source: str, status: str = LifeStatus.DEAD) -> Person:
    """Record a death, or a court's declaration that the person is missing (NĐ 20/2021 Art 8:
    the allowance stops from the month after either)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if status not in (LifeStatus.DEAD, LifeStatus.MISSING):
        raise ValidationError({"status": "Chọn chết hoặc bị tuyên bố mất tích."})
    what = "Ngày chết" if status == LifeStatus.DEAD else "Ngày tuyên bố mất tích"
    if died_on > timezone.localdate():
        raise ValidationError({"died_on": f"{what} không được ở tương lai."})
    if person.birth_date and died_on < person.birth_date:
        raise ValidationError({"died_on": f"{what} không được trước ngày sinh."})
    if not source.strip():
        raise ValidationError({"source": "Hãy ghi nguồn tin (trưởng thôn, hộ tịch, bưu điện, quyết định của tòa án…)."})
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.life_status == LifeStatus.DEAD:
            raise ValidationError(f"{locked.full_name} đã được ghi nhận chết ngày {locked.death_date:%d/%m/%Y}.")
        if locked.life_status == status:
            raise ValidationError(f"{locked.full_name} đã được ghi nhận {locked.get_life_status_display().lower()}.")
        before = snapshot(locked, LIFE_FIELDS)
        locked.life_status, locked.life_status_source = status, source.strip()
        if status == LifeStatus.DEAD:
            locked.death_date = died_on
        else:
            locked.missing_on = died_on
        locked.save()
        record_event(
            actor=actor,
            action="registry.death_record" if status == LifeStatus.DEAD else "registry.missing_record",
            obj=locked,
            before=before,
            after=snapshot(locked, LIFE_FIELDS),
            reason=source.strip(),
            territory_id=locked.commune_id,
        )
        life_events.death_recorded(actor, locked)
    return locked


def person_merge(*, actor: Actor, keep: Person, duplicate: Person, reason: str) -> Person:
    """Merge a duplicate record into `keep`: its facts, residences, household memberships,
    wards and entitlements move over; identity fields `keep` lacks are taken from it; the
    duplicate stays in the database, marked merged, so history and audit still resolve."""
    require(person_policy.can(actor, PersonAction.CHANGE, keep))
    require(person_policy.can(actor, PersonAction.CHANGE, duplicate))
    if keep.pk == duplicate.pk:
        raise ValidationError("Hãy chọn hai hồ sơ khác nhau.")
    if not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do gộp hồ sơ."})
    with transaction.atomic():
        target, other = (Person.objects.select_for_update().get(pk=pk) for pk in (keep.pk, duplicate.pk))
        _check_mergeable(target, other)
        before = {"keep": snapshot(target, PERSON_FIELDS), "duplicate": snapshot(other, PERSON_FIELDS)}
        for name in ("birth_date", "citizen_id", "old_id_number", "phone", "address", "guardian"):
            if not getattr(target, name) and getattr(other, name):
                setattr(target, name, getattr(other, name))
                setattr(other, name, None if name in ("citizen_id", "guardian", "birth_date") else "")
        other.merged_into = target
        other.save()
        target.save()
        other.residences.filter(valid_to__isnull=True).update(valid_to=timezone.localdate())
        other.residences.update(person=target)
        other.facts.update(person=target)
        other.wards.update(guardian=target)
        if not target.memberships.filter(valid_to__isnull=True).exists():
            other.memberships.update(person=target)
        other.entitlements.update(person=target)
        for obj, action in ((target, "registry.person_merge"), (other, "registry.person_merge")):
            record_event(
                actor=actor,
                action=action,
                obj=obj,
                before=before,
                after={"kept": target.pk, "merged": other.pk},
                reason=reason.strip(),
                territory_id=obj.commune_id,
            )
    return target


def _check_mergeable(target: Person, other: Person) -> None:
    if other.merged_into_id is not None or target.merged_into_id is not None:
        raise ValidationError("Một trong hai hồ sơ đã được gộp trước đó.")
    if target.citizen_id and other.citizen_id and target.citizen_id != other.citizen_id:
        raise ValidationError("Hai hồ sơ có số CCCD khác nhau: đây là hai người, không gộp được.")
    open_categories = set(target.entitlements.filter(end_month__isnull=True).values_list("category_code", flat=True))
    clash = other.entitlements.filter(end_month__isnull=True, category_code__in=open_categories)
    if clash.exists():
        codes = ", ".join(sorted(clash.values_list("category_code", flat=True)))
        raise ValidationError(
            f"Cả hai hồ sơ đang hưởng diện {codes}: phải có quyết định thôi hưởng cho một hồ sơ trước khi gộp."
        )


def household_member_add(
    *, actor: Actor, person: Person, head: Person | None, relationship: str, joined_on: date, source: str
) -> HouseholdMember:
    """Put `person` in `head`'s household (or start their own household when `head` is None)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if head is not None:
        require(person_policy.can(actor, PersonAction.VIEW, head))
    if relationship not in Relationship.values or (head is None) != (relationship == Relationship.HEAD):
        raise ValidationError(
            {"relationship": "Người đứng tên hộ là chủ hộ; các thành viên khác chọn quan hệ với chủ hộ."}
        )
    with transaction.atomic():
        household = _household_of(head, person) if head is not None else None
        if household is None and head is not None:
            raise ValidationError({"head": f"{head.full_name} chưa là chủ hộ nào."})
        current = _check_not_member(person, household)
        if current is not None:
            current.valid_to = date.fromordinal(joined_on.toordinal() - 1)
            current.save(update_fields=["valid_to"])
        if household is None:
            household = Household.objects.create(commune=person.commune, village=person.village)
        joined = household
        with rechecked_on_clash(lambda: _check_not_member(person, joined, clash=True)):
            member = HouseholdMember.objects.create(
                household=household, person=person, relationship=relationship, valid_from=joined_on
            )
        record_event(
            actor=actor,
            action="registry.household_member_add",
            obj=person,
            after={"household": household.pk, "relationship": relationship, "from": joined_on.isoformat()},
            reason=source,
            territory_id=person.commune_id,
        )
    return member


def _check_not_member(person: Person, household: Household | None, clash: bool = False) -> HouseholdMember | None:
    """The person's open membership, refused when it is already in `household`. After a clash (a
    concurrent request gave the person a household first) any open membership is refused."""
    current = person.memberships.filter(valid_to__isnull=True).first()
    if current is not None and household is not None and current.household_id == household.pk:
        raise ValidationError({"head": "Người này đã ở trong hộ đó."})
    if current is not None and clash:
        raise ValidationError({"head": "Người này vừa được ghi vào một hộ khác. Hãy tải lại trang và kiểm tra."})
    return current


def _household_of(head: Person, person: Person) -> Household | None:
    membership = head.memberships.filter(valid_to__isnull=True, relationship=Relationship.HEAD).first()
    return membership.household if membership else None


def poverty_set(*, actor: Actor, household: Household, year: int, status: str, source: str) -> HouseholdPoverty | None:
    """Record the household's place on the commune's poor/near-poor list of `year` ("" = on neither)."""
    head = household.members.filter(relationship=Relationship.HEAD).select_related("person").first()
    if head is None:
        raise ValidationError("Hộ chưa có chủ hộ.")
    require(person_policy.can(actor, PersonAction.CHANGE, head.person))
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": f"Năm {year} không hợp lý."})
    if status and status not in PovertyStatus.values:
        raise ValidationError({"status": "Phân loại phải là hộ nghèo, hộ cận nghèo hoặc để trống."})
    with transaction.atomic():
        Household.objects.select_for_update().filter(pk=household.pk).first()  # one list entry per year at a time
        before = list(household.poverty.filter(year=year).values("status", "source"))
        household.poverty.filter(year=year).delete()
        record = (
            HouseholdPoverty.objects.create(household=household, year=year, status=status, source=source)
            if status
            else None
        )
        record_event(
            actor=actor,
            action="registry.poverty_set",
            obj=head.person,
            before={"year": year, "list": before},
            after={"year": year, "status": status, "source": source},
            reason=source,
            territory_id=household.commune_id,
        )
    return record


def guardian_set(*, actor: Actor, person: Person, guardian: Person | None, relation: str) -> Person:
    """Record (or clear) the legal guardian or representative who acts for the person."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if guardian is not None and guardian.pk == person.pk:
        raise ValidationError({"guardian": "Một người không thể tự làm người giám hộ của mình."})
    if guardian is not None and guardian.life_status != LifeStatus.ALIVE:
        raise ValidationError({"guardian": f"{guardian.full_name} không còn sống hoặc đã mất tích."})
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(locked, ["guardian", "guardian_relation"])
        locked.guardian, locked.guardian_relation = guardian, relation.strip() if guardian else ""
        locked.save(update_fields=["guardian", "guardian_relation", "updated_at"])
        record_event(
            actor=actor,
            action="registry.guardian_set",
            obj=locked,
            before=before,
            after=snapshot(locked, ["guardian", "guardian_relation"]),
            territory_id=locked.commune_id,
        )
    return locked


def difficult_area_add(
    *, actor: Actor, unit: AdministrativeUnit, valid_from: date, valid_to: date | None, source: str
) -> DifficultArea:
    """Record that a commune or village is classed extremely difficult (ĐBKK) over a period;
    periods of one unit may not overlap."""
    require(person_policy.can_keep_area_data(actor, unit))
    if unit.level not in (UnitLevel.COMMUNE, UnitLevel.VILLAGE):
        raise ValidationError({"unit": "Chỉ xã hoặc thôn mới được xếp loại đặc biệt khó khăn."})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "Ngày kết thúc không được trước ngày bắt đầu."})
    if not source.strip():
        raise ValidationError({"source": "Hãy ghi quyết định phê duyệt danh sách (ví dụ QĐ 861/QĐ-TTg)."})
    with transaction.atomic():
        overlapping = DifficultArea.objects.select_for_update().filter(unit=unit, valid_from__lte=valid_to or date.max)
        overlapping = overlapping.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=valid_from))
        if clash := overlapping.first():
            end = f"{clash.valid_to:%d/%m/%Y}" if clash.valid_to else "nay"
            raise ValidationError(
                {"valid_from": f"{unit.full_name} đã được xếp loại từ {clash.valid_from:%d/%m/%Y} đến {end}."}
            )
        area = DifficultArea.objects.create(unit=unit, valid_from=valid_from, valid_to=valid_to, source=source.strip())
        record_event(
            actor=actor,
            action="registry.difficult_area_add",
            obj=unit,
            after={"from": valid_from.isoformat(), "to": valid_to.isoformat() if valid_to else None, "source": source},
            territory_id=unit.pk,
        )
    return area
