from __future__ import annotations

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user, open_for


class CalendarPolicy:
    """Everyone logged in reads the calendar; the labour office head and administrators keep it."""

    def can_view(self, actor: Actor) -> bool:
        return is_active_user(actor)

    def can_edit(self, actor: Actor) -> bool:
        return is_active_user(actor) and (
            actor.has_role(Role.ADMIN)
            or (actor.office_kind == OfficeKind.LABOUR_OFFICE and actor.has_role(Role.HEAD) and open_for(actor))
        )


calendar_policy = CalendarPolicy()
