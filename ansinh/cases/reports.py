"""One-step reports of a commune officer: a death (or a court's missing declaration) and a move. The
register records the event and the stop or move dossier is opened with its month."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.cases import effective, selectors
from ansinh.cases.dossiers import create_dossier, open_duplicate
from ansinh.cases.models import Dossier, DossierKind
from ansinh.cases.steps import drop_draft, record_step
from ansinh.cases.workflow import ACTIVE_STATES, DossierState, Transition
from ansinh.core.access import Actor, require
from ansinh.registry.actions import death_record, residence_move
from ansinh.registry.models import LifeStatus, Person
from ansinh.registry.policies import PersonAction, person_policy
from ansinh.territory.models import AdministrativeUnit
from ansinh.territory.selectors import unit_covers


def report_death(
    *, actor: Actor, person: Person, died_on: date, source: str, status: str = LifeStatus.DEAD
) -> Dossier | None:
    """A commune officer reports a death (or a court's missing declaration) in one short form: the
    register records it (registry.death_record), payment stops from the month after
    (selectors.stop_month_for) and the stop dossier is opened with that month; other open
    dossiers of the person are cancelled. Returns the stop dossier (None without entitlements)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    with transaction.atomic():
        recorded = death_record(actor=actor, person=person, died_on=died_on, source=source, status=status)
        ground = "death" if status == LifeStatus.DEAD else "missing"
        _cancel_open_dossiers(
            actor, recorded, f"Đối tượng {'đã chết' if ground == 'death' else 'bị tuyên bố mất tích'}."
        )
        if not selectors.open_entitlements(recorded).exists():
            return None
        stop = effective.stop_month(event_on=died_on, ground=ground)
        return create_dossier(
            actor=actor,
            person=recorded,
            kind=DossierKind.STOP,
            category_code="",
            form_code="",
            declaration={},
            ground=ground,
            ground_date=died_on,
            proposed_month=stop.month,
            entitlement=None,
            target_commune=None,
            external_place="",
            coefficient=None,
            commune_id=recorded.commune_id,
        )


def _cancel_open_dossiers(actor: Actor, person: Person, reason: str) -> None:
    for dossier in (
        Dossier.objects.select_for_update()
        .filter(person=person, state__in=ACTIVE_STATES)
        .exclude(kind__in=[DossierKind.STOP, DossierKind.FUNERAL, DossierKind.CREMATION])
    ):
        drop_draft(dossier)
        cancel = Transition(
            "cancel", "Hủy hồ sơ", DossierState(dossier.state), DossierState.CANCELLED, frozenset(), frozenset(), None
        )
        record_step(actor, dossier, cancel, reason, None)


def report_move(
    *,
    actor: Actor,
    person: Person,
    moved_on: date,
    target_commune: AdministrativeUnit | None = None,
    external_place: str = "",
    source: str = "",
) -> Dossier | None:
    """A move reported in one short form. Within the district: the register records the new
    residence and the move dossier goes to the new commune (payment continues there from the
    month after the move). Out of the district: the move-away (stop) dossier is opened at the old
    commune. Returns the dossier (None when the person has no entitlement)."""
    require(person_policy.can(actor, PersonAction.CHANGE, person))
    if target_commune is None and not external_place.strip():
        raise ValidationError({"target_commune": "Hãy chọn xã chuyển đến, hoặc ghi nơi chuyển đến ngoài huyện."})
    if moved_on > timezone.localdate():
        raise ValidationError({"moved_on": "Ngày chuyển không được ở tương lai."})
    if target_commune is not None:
        if target_commune.pk == person.commune_id:
            raise ValidationError({"target_commune": "Xã chuyển đến trùng xã đang ở."})
        if actor.scope_unit_id is None or not _same_district(person.commune_id, target_commune.pk):
            raise ValidationError(
                {"target_commune": "Xã chuyển đến phải trong cùng huyện; ngoài huyện hãy ghi nơi đến."}
            )
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.life_status != LifeStatus.ALIVE:
            raise ValidationError({"person": f"{locked.full_name} đã {locked.get_life_status_display().lower()}."})
        has_entitlements = selectors.open_entitlements(locked).exists()
        if target_commune is not None:
            residence_move(
                actor=actor, person=locked, commune=target_commune, village=None, moved_on=moved_on,
                source=source.strip() or "Báo chuyển nơi ở",
            )  # fmt: skip
            locked.refresh_from_db()
            ground, commune_id = "within_district", target_commune.pk
        else:
            ground, commune_id = "to_other_district", locked.commune_id
        if not has_entitlements:
            return None
        if (duplicate := open_duplicate(locked, DossierKind.MOVE)) is not None:
            raise ValidationError(f"Đã có hồ sơ chuyển nơi hưởng số {duplicate.pk} đang xử lý.")
        month = (
            effective.move_within_month(moved_on=moved_on)
            if ground == "within_district"
            else effective.stop_month(event_on=moved_on, ground=ground)
        )
        return create_dossier(
            actor=actor,
            person=locked,
            kind=DossierKind.MOVE,
            category_code="",
            form_code="",
            declaration={},
            ground=ground,
            ground_date=moved_on,
            proposed_month=month.month,
            entitlement=None,
            target_commune=target_commune,
            external_place=external_place,
            coefficient=None,
            commune_id=commune_id,
        )


def _same_district(commune_id: int, other_id: int) -> bool:
    parent = AdministrativeUnit.objects.filter(pk=commune_id).values_list("parent_id", flat=True).first()
    return parent is not None and unit_covers(parent, other_id)
