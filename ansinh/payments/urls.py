from django.urls import path

from ansinh.payments import views, views_more

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
    path("uy-quyen/", views_more.authorisation_list, name="authorisations"),
    path("uy-quyen/them/<int:person_pk>/", views_more.authorisation_create, name="authorisation_create"),
    path("uy-quyen/<int:pk>/gia-han/", views_more.authorisation_renew, name="authorisation_renew"),
    path("uy-quyen/<int:pk>/huy/", views_more.authorisation_revoke, name="authorisation_revoke"),
    path("uy-quyen/<int:pk>/ban-chup/", views_more.authorisation_scan, name="authorisation_scan"),
    path("thu-hoi/", views_more.recovery_dashboard, name="recoveries"),
    path("thu-hoi/khau-tru/", views_more.offset_setting, name="offset_setting"),
    path("thu-hoi/<int:pk>/", views_more.recovery_detail, name="recovery_detail"),
    path("thu-hoi/<int:pk>/nop-lai/", views_more.recovery_repay, name="recovery_repay"),
    path("thu-hoi/<int:pk>/mien/", views_more.recovery_write_off, name="recovery_write_off"),
    path("bao-cao/", views_more.post_office_report, name="post_office_report"),
    path("dieu-chinh-muc/", views_more.rate_changes, name="rate_changes"),
]
