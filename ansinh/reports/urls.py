from django.urls import path

from ansinh.reports import views

app_name = "reports"
urlpatterns = [
    path("mau-10a/", views.form10a_page, name="form10a"),
    path("mau-10a/chi-tiet/", views.form10a_drilldown, name="form10a_drilldown"),
    path("mau-10a/tai-ve.xlsx", views.form10a_file, {"kind": "xlsx"}, name="form10a_xlsx"),
    path("mau-10a/tai-ve.pdf", views.form10a_file, {"kind": "pdf"}, name="form10a_pdf"),
]
