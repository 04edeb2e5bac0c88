from django.urls import path

from ansinh.supports import views

app_name = "supports"

urlpatterns = [
    path("mot-lan/", views.one_offs, name="one_offs"),
    path("mot-lan/<int:pk>/thu-hoi/", views.one_off_recover, name="one_off_recover"),
    path("hoc-tap/", views.education_desk, name="education"),
    path("hoc-tap/them/", views.enrolment_add, name="enrolment_add"),
    path("hoc-tap/tai-len/", views.enrolment_upload, name="enrolment_upload"),
    path("hoc-tap/<int:pk>/xac-nhan/", views.enrolment_answer, name="enrolment_answer"),
    path("hoc-tap/<int:pk>/thoi-hoc/", views.enrolment_leave, name="enrolment_leave"),
    path("hoc-tap/quyet-dinh/", views.education_decide, name="education_decide"),
    path("hoc-tap/ky-chi/", views.instalment_list, name="instalments"),
    path("hoc-tap/ky-chi/lap/", views.instalments_make, name="instalments_make"),
    path("hoc-tap/ky-chi/da-chi/", views.instalments_pay, name="instalments_pay"),
]

urlpatterns += [
    path("khan-cap/", views.rounds, name="rounds"),
    path("khan-cap/mo/", views.round_open, name="round_open"),
    path("khan-cap/<int:pk>/", views.round_detail, name="round_detail"),
    path("khan-cap/<int:pk>/them/", views.round_line_add, name="round_line_add"),
    path("khan-cap/<int:pk>/trinh/", views.round_submit, name="round_submit"),
    path("khan-cap/<int:pk>/quyet-dinh/", views.round_decide, name="round_decide"),
    path("khan-cap/<int:pk>/tai/<slug:what>/", views.round_document, name="round_document"),
]
