"""The checks every write of disability determination starts with: who may manage or sign in the commune
(403 before any validation), and the input rules they share (no future day, required text, known
disability types).

Every action of the app (councils, requests, sessions, assessments, postings, complaints, escalations,
certificates, allowance_dossiers) checks the policy first, validates with Vietnamese messages keyed by
field, writes in one transaction under a row lock (a second click finds the work done and changes
nothing) and records an audit event. Legal basis: Luật NKT 51/2010 Arts 15–20; TT 01/2019/TT-BLĐTBXH
(amended by TT 08/2023); NĐ 20/2021 Art 8 for the start, change and stop of the 5.6 allowance
(domain.md §5, §7).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from ansinh.core.access import Actor, require
from ansinh.disability.policies import DisabilityAction, disability_policy
from ansinh.registry.models import DisabilityType


def require_manage(actor: Actor, commune_id: int) -> None:
    require(disability_policy.can_in(actor, DisabilityAction.MANAGE, commune_id))


def require_sign(actor: Actor, commune_id: int) -> None:
    require(disability_policy.can_in(actor, DisabilityAction.SIGN, commune_id))


def not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "Ngày không được ở tương lai."})


def required_text(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise ValidationError({field: message})
    return text.strip()


def check_types(types: Sequence[str], field: str = "types") -> list[str]:
    unknown = [code for code in types if code not in DisabilityType.values]
    if unknown:
        raise ValidationError({field: f"Dạng khuyết tật không hợp lệ: {', '.join(unknown)}."})
    return [code for code in DisabilityType.values if code in set(types)]
