from django.urls import path

from ansinh.disability import document_views, views

app_name = "disability"
urlpatterns = [
    path("", views.index, name="index"),
    # council
    path("hoi-dong/", views.council_list, name="council_list"),
    path("hoi-dong/them/", views.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", views.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("thanh-vien/<int:pk>/thoi/", views.member_leave, name="member_leave"),
    path("thanh-vien/<int:pk>/tap-huan/", views.member_training, name="member_training"),
    path("thanh-vien/<int:pk>/nhiem-vu/", views.member_duties, name="member_duties"),
    path("thanh-vien/<int:pk>/thong-bao.pdf", document_views.member_notice_pdf, name="member_notice_pdf"),
    # requests (Mẫu 01) and the school (Mẫu 04)
    path("don/", views.request_list, name="request_list"),
    path("don/them/", views.request_create, name="request_create"),
    path("don/<int:pk>/", views.request_detail, name="request_detail"),
    path("don/<int:pk>/ket-thuc/", views.request_close, name="request_close"),
    path("don/<int:pk>/nha-truong/", views.consultation_create, name="consultation_create"),
    path("don/<int:pk>/giam-dinh/", views.escalation_create, name="escalation_create"),
    path("don/<int:pk>/cap-giay/", views.certificate_issue, name="certificate_issue"),
    path("tham-khao/<int:pk>/tra-loi/", views.consultation_reply, name="consultation_reply"),
    path("tham-khao/<int:pk>/mau-04.pdf", document_views.consultation_pdf, name="consultation_pdf"),
    path("giam-dinh/<int:pk>/ket-qua/", views.escalation_outcome, name="escalation_outcome"),
    # sessions, invitations, attendance, minutes (Mẫu 05)
    path("phien-hop/", views.session_list, name="session_list"),
    path("phien-hop/them/", views.session_create, name="session_create"),
    path("phien-hop/<int:pk>/", views.session_detail, name="session_detail"),
    path("phien-hop/<int:pk>/moi/", views.invitation_create, name="invitation_create"),
    path("phien-hop/<int:pk>/diem-danh/", views.session_attendance, name="session_attendance"),
    path("phien-hop/<int:pk>/ket-thuc/", views.session_close, name="session_close"),
    path("phien-hop/<int:pk>/huy/", views.session_cancel, name="session_cancel"),
    path("phien-hop/<int:pk>/bien-ban.<str:fmt>", document_views.session_minutes, name="session_minutes"),
    path("giay-moi/<int:pk>.pdf", document_views.invitation_pdf, name="invitation_pdf"),
    # assessment (Mẫu 02 / 03), conclusion, posting, complaints
    path("giay-moi/<int:pk>/phieu/", views.assessment_edit, name="assessment_edit"),
    path("giay-moi/<int:pk>/goi-y/", views.assessment_preview, name="assessment_preview"),
    path("phieu/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("phieu/<int:pk>/ket-luan/", views.assessment_conclude, name="assessment_conclude"),
    path("phieu/<int:pk>/bien-ban.<str:fmt>", document_views.assessment_minutes, name="assessment_minutes"),
    path("phieu/<int:pk>/niem-yet/", views.posting_create, name="posting_create"),
    path("niem-yet/<int:pk>/khieu-nai/", views.complaint_create, name="complaint_create"),
    path("niem-yet/<int:pk>/ket-thuc/", views.posting_close, name="posting_close"),
    path("khieu-nai/<int:pk>/tra-loi/", views.complaint_answer, name="complaint_answer"),
    # certificates (Mẫu 06)
    path("giay-xac-nhan/", views.certificate_list, name="certificate_list"),
    path("giay-xac-nhan/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("giay-xac-nhan/<int:pk>/in.pdf", document_views.certificate_pdf, name="certificate_pdf"),
    path("giay-xac-nhan/<int:pk>/lap-ho-so/", views.certificate_dossier, name="certificate_dossier"),
    path("giay-xac-nhan/<int:pk>/thu-hoi/", views.certificate_revoke, name="certificate_revoke"),
    # planning, costs, reports (Mẫu 07 / 08)
    path("xac-dinh-lai/", views.reassessment_list, name="reassessment_list"),
    path("chi-phi/", document_views.costs, name="costs"),
    path("bao-cao/", document_views.reports, name="reports"),
]
