"""What the disability council work moves when a territorial change is applied (territory.changes):
each new commune gets its council from the change's date, its members carried over from the
predecessors' councils for the commune chair to confirm (Luật NKT Art 16: the chair forms the
council); the old councils end the day before. Requests still open follow the person's commune."""

from __future__ import annotations

from ansinh.disability.models import Council, CouncilMember, CouncilRole, Request, RequestStatus
from ansinh.territory.changes import Change, ChangeReport

FINAL_REQUEST_STATES = [
    RequestStatus.CERTIFIED,
    RequestStatus.NOT_DISABLED,
    RequestStatus.REFUSED,
    RequestStatus.WITHDRAWN,
]
PENDING = "Chuyển từ Hội đồng {old} theo sắp xếp đơn vị hành chính; chờ Chủ tịch UBND xã xác nhận."


def move_councils(change: Change, report: ChangeReport) -> None:
    by_successor: dict[int, list[int]] = {}
    for old, new in change.pairs():
        by_successor.setdefault(new, []).append(old)
    for new, olds in sorted(by_successor.items()):
        old_councils = list(Council.objects.filter(commune_id__in=olds, term_end__isnull=True).order_by("commune_id"))
        if not old_councils:
            continue
        council = Council.objects.filter(commune_id=new, term_end__isnull=True).first()
        if council is None:
            council = Council.objects.create(
                commune_id=new,
                term_start=change.day,
                created_by_id=(change.actor.pk if change.actor is not None else None) or old_councils[0].created_by_id,
            )
            report.add((old_councils[0].commune_id, new), "councils", 1)
        members = list(
            CouncilMember.objects.filter(council__in=old_councils, left_on__isnull=True)
            .exclude(role=CouncilRole.CHAIR)  # the new commune's chair chairs the council
            .select_related("council")
            .order_by("council__commune_id", "pk")
        )
        seated = set(
            CouncilMember.objects.filter(council=council, left_on__isnull=True, role=CouncilRole.SECRETARY).values_list(
                "role", flat=True
            )
        )
        carried: list[CouncilMember] = []
        for member in members:
            old_name = change.units[member.council.commune_id].full_name
            if member.role == CouncilRole.SECRETARY and member.role in seated:
                report.conflicts.append(
                    f"Hội đồng XĐMĐKT {change.units[new].full_name} chỉ có một thư ký: {member.full_name} "
                    f"(thư ký Hội đồng {old_name}) không được chuyển, Chủ tịch UBND xã phân công lại."
                )
                continue
            seated.add(member.role)
            carried.append(
                CouncilMember(
                    council=council,
                    full_name=member.full_name,
                    role=member.role,
                    position=member.position,
                    phone=member.phone,
                    joined_on=change.day,
                    duties=PENDING.format(old=old_name),
                )
            )
        CouncilMember.objects.bulk_create(carried)
        Council.objects.filter(pk__in=[c.pk for c in old_councils]).update(term_end=change.last_old_day)
    for old, new in change.pairs():
        Request.objects.filter(commune_id=old).exclude(status__in=FINAL_REQUEST_STATES).update(commune_id=new)
