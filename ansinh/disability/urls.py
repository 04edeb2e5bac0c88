from django.urls import path

from ansinh.disability import (
    assessment_views,
    certificate_views,
    council_views,
    document_views,
    escalation_views,
    home_views,
    posting_views,
    request_views,
    session_views,
)

app_name = "disability"
urlpatterns = [
    path("", home_views.index, name="index"),
    # council
    path("hoi-dong/", council_views.council_list, name="council_list"),
    path("hoi-dong/them/", council_views.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", council_views.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/thanh-vien/", council_views.member_add, name="member_add"),
    path("thanh-vien/<int:pk>/thoi/", council_views.member_leave, name="member_leave"),
    path("thanh-vien/<int:pk>/tap-huan/", council_views.member_training, name="member_training"),
    path("thanh-vien/<int:pk>/nhiem-vu/", council_views.member_duties, name="member_duties"),
    path("thanh-vien/<int:pk>/thong-bao.pdf", document_views.member_notice_pdf, name="member_notice_pdf"),
    # requests (Mẫu 01) and the school (Mẫu 04)
    path("don/", request_views.request_list, name="request_list"),
    path("don/them/", request_views.request_create, name="request_create"),
    path("don/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("don/<int:pk>/ket-thuc/", request_views.request_close, name="request_close"),
    path("don/<int:pk>/nha-truong/", request_views.consultation_create, name="consultation_create"),
    path("don/<int:pk>/giam-dinh/", escalation_views.escalation_create, name="escalation_create"),
    path("don/<int:pk>/cap-giay/", certificate_views.certificate_issue, name="certificate_issue"),
    path("tham-khao/<int:pk>/tra-loi/", request_views.consultation_reply, name="consultation_reply"),
    path("tham-khao/<int:pk>/mau-04.pdf", document_views.consultation_pdf, name="consultation_pdf"),
    path("giam-dinh/<int:pk>/ket-qua/", escalation_views.escalation_outcome, name="escalation_outcome"),
    # sessions, invitations, attendance, minutes (Mẫu 05)
    path("phien-hop/", session_views.session_list, name="session_list"),
    path("phien-hop/them/", session_views.session_create, name="session_create"),
    path("phien-hop/<int:pk>/", session_views.session_detail, name="session_detail"),
    path("phien-hop/<int:pk>/moi/", session_views.invitation_create, name="invitation_create"),
    path("phien-hop/<int:pk>/diem-danh/", session_views.session_attendance, name="session_attendance"),
    path("phien-hop/<int:pk>/ket-thuc/", session_views.session_close, name="session_close"),
    path("phien-hop/<int:pk>/huy/", session_views.session_cancel, name="session_cancel"),
    path("phien-hop/<int:pk>/bien-ban.<str:fmt>", document_views.session_minutes, name="session_minutes"),
    path("giay-moi/<int:pk>.pdf", document_views.invitation_pdf, name="invitation_pdf"),
    # assessment (Mẫu 02 / 03), conclusion, posting, complaints
    path("giay-moi/<int:pk>/phieu/", assessment_views.assessment_edit, name="assessment_edit"),
    path("giay-moi/<int:pk>/goi-y/", assessment_views.assessment_preview, name="assessment_preview"),
    path("phieu/<int:pk>/", assessment_views.assessment_detail, name="assessment_detail"),
    path("phieu/<int:pk>/ket-luan/", assessment_views.assessment_conclude, name="assessment_conclude"),
    path("phieu/<int:pk>/bien-ban.<str:fmt>", document_views.assessment_minutes, name="assessment_minutes"),
    path("phieu/<int:pk>/niem-yet/", posting_views.posting_create, name="posting_create"),
    path("niem-yet/<int:pk>/khieu-nai/", posting_views.complaint_create, name="complaint_create"),
    path("niem-yet/<int:pk>/ket-thuc/", posting_views.posting_close, name="posting_close"),
    path("khieu-nai/<int:pk>/tra-loi/", posting_views.complaint_answer, name="complaint_answer"),
    # certificates (Mẫu 06)
    path("giay-xac-nhan/", certificate_views.certificate_list, name="certificate_list"),
    path("giay-xac-nhan/<int:pk>/", certificate_views.certificate_detail, name="certificate_detail"),
    path("giay-xac-nhan/<int:pk>/in.pdf", document_views.certificate_pdf, name="certificate_pdf"),
    path("giay-xac-nhan/<int:pk>/lap-ho-so/", certificate_views.certificate_dossier, name="certificate_dossier"),
    path("giay-xac-nhan/<int:pk>/thu-hoi/", certificate_views.certificate_revoke, name="certificate_revoke"),
    # planning, costs, reports (Mẫu 07 / 08)
    path("xac-dinh-lai/", home_views.reassessment_list, name="reassessment_list"),
    path("chi-phi/", document_views.costs, name="costs"),
    path("bao-cao/", document_views.reports, name="reports"),
]
