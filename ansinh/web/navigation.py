"""The menu each user sees: only what their roles can open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.policies import is_administrator
from ansinh.cases.policies import decision_policy, dossier_policy
from ansinh.core.access import Actor, is_active_user
from ansinh.disability.policies import disability_policy
from ansinh.inspections.policies import inspection_policy
from ansinh.insurance.policies import insurance_policy
from ansinh.outreach.policies import campaign_policy, feedback_policy
from ansinh.payments.policies import payroll_policy
from ansinh.registry.policies import person_policy
from ansinh.reports.policies import form_policy
from ansinh.supports.policies import education_policy, one_off_policy, round_policy
from ansinh.web.policies import audit_log_policy


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    icon: str


def menu_for(actor: Actor) -> list[MenuItem]:
    if not is_active_user(actor):
        return []
    items = [
        MenuItem(str(_("Trang chủ")), reverse("web:home"), "house"),
        MenuItem(str(_("Địa bàn")), reverse("territory:unit_list"), "geo-alt"),
        MenuItem(str(_("Chính sách, mức chuẩn")), reverse("rules:parameter_list"), "journal-bookmark"),
    ]
    if person_policy.can_read_register(actor):
        items.insert(1, MenuItem(str(_("Sổ đối tượng")), reverse("registry:person_list"), "people-fill"))
    if dossier_policy.can_read(actor):
        # After the register: dossiers, the commune's public posting, decisions (issue 5).
        at = 2 if person_policy.can_read_register(actor) else 1
        cases = [MenuItem(str(_("Hồ sơ")), reverse("cases:todo"), "folder2-open")]
        if dossier_policy.can_post(actor):
            cases.append(MenuItem(str(_("Niêm yết")), reverse("cases:posting_list"), "pin-angle"))
        if decision_policy.can_read(actor):
            cases.append(MenuItem(str(_("Quyết định")), reverse("cases:decision_list"), "file-earmark-text"))
        items[at:at] = cases
    if disability_policy.can_read(actor):
        items.insert(2, MenuItem(str(_("Khuyết tật")), reverse("disability:index"), "universal-access"))
    if payroll_policy.can_read_lists(actor):
        items.append(MenuItem(str(_("Chi trả")), reverse("payments:month"), "cash-coin"))
    if insurance_policy.can_read_lists(actor):
        items.append(MenuItem(str(_("Thẻ BHYT")), reverse("insurance:month"), "heart-pulse"))
    elif insurance_policy.can_read_premiums(actor):
        items.append(MenuItem(str(_("Kinh phí BHYT")), reverse("insurance:premiums"), "heart-pulse"))
    if one_off_policy.can_read(actor):
        items.append(MenuItem(str(_("Mai táng, hỏa táng")), reverse("supports:one_offs"), "flower1"))
    if education_policy.can_read(actor):
        items.append(MenuItem(str(_("Hỗ trợ học tập")), reverse("supports:education"), "mortarboard"))
    if round_policy.can_read(actor):
        items.append(MenuItem(str(_("Hỗ trợ khẩn cấp")), reverse("supports:rounds"), "life-preserver"))
    if form_policy.can_read_forms(actor):
        items.append(MenuItem(str(_("Báo cáo")), reverse("reports:monthly_list"), "clipboard-data"))
    if inspection_policy.can_read(actor):
        items.append(MenuItem(str(_("Kiểm tra")), reverse("inspections:index"), "clipboard-check"))
    if campaign_policy.can_read(actor):
        items.append(MenuItem(str(_("Truyền thông")), reverse("outreach:campaign_list"), "megaphone"))
    if feedback_policy.can_read(actor):
        items.append(MenuItem(str(_("Phản ánh")), reverse("outreach:feedback_list"), "chat-left-text"))
    if audit_log_policy.can_read_log(actor):
        items.append(MenuItem(str(_("Nhật ký")), reverse("web:audit_log"), "journal-text"))
    if is_administrator(actor):
        items += [
            MenuItem(str(_("Người dùng")), reverse("accounts:user_list"), "people"),
            MenuItem(str(_("Cơ quan")), reverse("accounts:office_list"), "building"),
            MenuItem(str(_("Cài đặt")), reverse("accounts:settings"), "gear"),
            MenuItem(str(_("Lịch nghỉ lễ")), reverse("workdays:calendar"), "calendar3"),
        ]
    return items
