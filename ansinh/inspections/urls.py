from django.urls import path

from ansinh.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("trong-so/", views.weights, name="weights"),
    path("trong-so/<int:pk>/", views.weight_change, name="weight_change"),
    path("ke-hoach/them/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("tu-kiem-tra/", views.self_start, name="self_start"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/bang-kiem/", views.checklist_save, name="checklist_save"),
    path("<int:pk>/phat-hien/", views.finding_add, name="finding_add"),
    path("<int:pk>/ket-thuc/", views.inspection_finish, name="inspection_finish"),
    path("<int:pk>/bien-ban.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/bien-ban.docx", views.report_docx, name="report_docx"),
    path("phat-hien/<int:pk>/tep/", views.finding_evidence, name="finding_evidence"),
    path("phat-hien/<int:pk>/kien-nghi/", views.recommendation_add, name="recommendation_add"),
    path("kien-nghi/<int:pk>/dong/", views.recommendation_close, name="recommendation_close"),
]
