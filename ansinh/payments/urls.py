from django.urls import path

from ansinh.payments import authorisation_views, post_office_report_views, rate_change_views, recovery_views, views

app_name = "payments"
urlpatterns = [
    path("", views.month_dashboard, name="month"),
    path("lap/", views.payroll_generate, name="generate"),
    path("doi-soat/", views.reconciliation, name="reconciliation"),
    path("tong-hop/", views.district_summary, name="district_summary"),
    path("<int:pk>/", views.payroll_detail, name="payroll_detail"),
    path("<int:pk>/duyet/", views.payroll_approve, name="payroll_approve"),
    path("<int:pk>/gui/", views.payroll_send, name="payroll_send"),
    path("<int:pk>/danh-sach.xlsx", views.payroll_xlsx, name="payroll_xlsx"),
    path("<int:pk>/ky-nhan.pdf", views.payroll_signature_pdf, name="payroll_signature_pdf"),
    path("<int:pk>/ket-qua/", views.payroll_result, name="payroll_result"),
    path("<int:pk>/tai-len/", views.payroll_upload, name="payroll_upload"),
    path("dong/<int:pk>/", views.line_detail, name="line_detail"),
    path("uy-quyen/", authorisation_views.authorisation_list, name="authorisations"),
    path("uy-quyen/them/<int:person_pk>/", authorisation_views.authorisation_create, name="authorisation_create"),
    path("uy-quyen/<int:pk>/gia-han/", authorisation_views.authorisation_renew, name="authorisation_renew"),
    path("uy-quyen/<int:pk>/huy/", authorisation_views.authorisation_revoke, name="authorisation_revoke"),
    path("uy-quyen/<int:pk>/ban-chup/", authorisation_views.authorisation_scan, name="authorisation_scan"),
    path("thu-hoi/", recovery_views.recovery_dashboard, name="recoveries"),
    path("thu-hoi/khau-tru/", recovery_views.offset_setting, name="offset_setting"),
    path("thu-hoi/<int:pk>/", recovery_views.recovery_detail, name="recovery_detail"),
    path("thu-hoi/<int:pk>/nop-lai/", recovery_views.recovery_repay, name="recovery_repay"),
    path("thu-hoi/<int:pk>/mien/", recovery_views.recovery_write_off, name="recovery_write_off"),
    path("bao-cao/", post_office_report_views.post_office_report, name="post_office_report"),
    path("dieu-chinh-muc/", rate_change_views.rate_changes, name="rate_changes"),
]
