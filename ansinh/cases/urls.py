from django.urls import path

from ansinh.cases import (
    decision_views,
    dossier_views,
    pension_views,
    posting_views,
    proposal_views,
    review_views,
    views,
)

app_name = "cases"
urlpatterns = [
    path("nhap-excel/", views.import_start, name="import_start"),
    path("nhap-excel/mau.xlsx", views.import_template, name="import_template"),
    path("nhap-excel/<int:pk>/", views.import_detail, name="import_detail"),
    path("nhap-excel/<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap-excel/<int:pk>/chon-trung/", views.import_decide, name="import_decide"),
    path("nhap-excel/<int:pk>/chon-trung/tat-ca/", views.import_decide_all, name="import_decide_all"),
    path("nhap-excel/<int:pk>/chon-xa/", views.import_choose_unit, name="import_choose_unit"),
    path("nhap-excel/<int:pk>/thu-lai/", views.import_retry, name="import_retry"),
    # Dossiers (issue 5)
    path("viec-can-lam/", dossier_views.todo, name="todo"),
    path("ho-so/", dossier_views.dossier_list, name="dossier_list"),
    path("ho-so/lap/<int:person_pk>/", dossier_views.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", dossier_views.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/to-khai/", dossier_views.dossier_declaration, name="dossier_declaration"),
    path("ho-so/<int:pk>/to-khai.pdf", dossier_views.dossier_declaration_pdf, name="dossier_declaration_pdf"),
    path("ho-so/<int:pk>/giay-to/", dossier_views.dossier_attach, name="dossier_attach"),
    path("ho-so/giay-to/<int:pk>/", dossier_views.attachment_download, name="attachment_download"),
    path("ho-so/giay-to/<int:pk>/go/", dossier_views.attachment_remove, name="attachment_remove"),
    path("ho-so/<int:pk>/chuyen-buoc/", dossier_views.dossier_transition, name="dossier_transition"),
    path("ho-so/<int:pk>/khieu-nai/", dossier_views.complaint_add, name="complaint_add"),
    path("khieu-nai/<int:pk>/tra-loi/", dossier_views.complaint_resolve, name="complaint_resolve"),
    path("<int:pk>/bao-tu-nhanh/", dossier_views.report_death, name="report_death"),
    path("<int:pk>/bao-chuyen-di/", dossier_views.report_move, name="report_move"),
    path("ra-soat/", review_views.review, name="review"),
    path("ra-soat/lap-ho-so/", review_views.review_correct, name="review_correct"),
    # Public posting
    path("niem-yet/", posting_views.posting_list, name="posting_list"),
    path("niem-yet/lap/", posting_views.posting_create, name="posting_create"),
    path("niem-yet/<int:pk>/", posting_views.posting_detail, name="posting_detail"),
    path("niem-yet/<int:pk>/danh-sach.pdf", posting_views.posting_print, name="posting_pdf"),
    path("niem-yet/<int:pk>/ket-thuc/", posting_views.posting_close, name="posting_close"),
    path("cong-khai/<int:commune_pk>/", posting_views.public_posting, name="public_posting"),
    # Decisions
    path("to-trinh/", proposal_views.proposal_list, name="proposal_list"),
    path("to-trinh/ky/", proposal_views.proposal_create, name="proposal_create"),
    path("to-trinh/<int:pk>/", proposal_views.proposal_detail, name="proposal_detail"),
    path("to-trinh/<int:pk>/to-trinh.pdf", proposal_views.proposal_pdf_download, name="proposal_pdf"),
    path("to-trinh/<int:pk>/to-trinh.docx", proposal_views.proposal_docx_download, name="proposal_docx"),
    path("quyet-dinh/", decision_views.decision_list, name="decision_list"),
    path("quyet-dinh/gop/", decision_views.decision_batch, name="decision_batch"),
    path("quyet-dinh/<int:pk>/", decision_views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/ky/", decision_views.decision_sign, name="decision_sign"),
    path("quyet-dinh/<int:pk>/quyet-dinh.docx", decision_views.decision_docx_download, name="decision_docx"),
    path("quyet-dinh/<int:pk>/quyet-dinh.pdf", decision_views.decision_pdf_download, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/ban-scan/", decision_views.decision_scan, name="decision_scan"),
    path("quyet-dinh/<int:pk>/ban-scan/tai-len/", decision_views.decision_scan_upload, name="decision_scan_upload"),
    # The social pension (issue 15 item 3)
    path("huu-tri-xa-hoi/chuyen/<int:commune_pk>/", pension_views.pension_transfer, name="pension_transfer"),
]
