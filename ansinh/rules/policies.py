"""Who may read and change the law as data (design.md §3).

Everyone logged in reads parameters, categories and documents (officers explain amounts to
citizens). Only the head of a labour office, who keeps rates current when a decree arrives
(journeys.md), or an administrator changes them. The public checker needs no login."""

from __future__ import annotations

from ansinh.core.access import Actor, OfficeKind, Role, is_active_user, open_for


class RulesPolicy:
    def can_view(self, actor: Actor) -> bool:
        return is_active_user(actor)

    def can_edit(self, actor: Actor) -> bool:
        if not is_active_user(actor):
            return False
        if actor.has_role(Role.ADMIN):
            return True
        # the labour head keeps the rates until the commune flow; then its office is an archive (core.access)
        return actor.office_kind == OfficeKind.LABOUR_OFFICE and actor.has_role(Role.HEAD) and open_for(actor)


rules_policy = RulesPolicy()
