from django.urls import path

from ansinh.reports import views, views_monthly

app_name = "reports"
urlpatterns = [
    path("mau-10a/", views.form10a_page, name="form10a"),
    path("mau-10a/chi-tiet/", views.form10a_drilldown, name="form10a_drilldown"),
    path("mau-10a/tai-ve.xlsx", views.form10a_file, {"kind": "xlsx"}, name="form10a_xlsx"),
    path("mau-10a/tai-ve.pdf", views.form10a_file, {"kind": "pdf"}, name="form10a_pdf"),
    path("chi-tieu/", views.spending_page, name="spending"),
    path("thang/", views_monthly.monthly_list, name="monthly_list"),
    path("thang/lap/", views_monthly.monthly_prepare, name="monthly_prepare"),
    path("thang/<int:pk>/", views_monthly.monthly_detail, name="monthly_detail"),
    path("thang/<int:pk>/danh-gia/", views_monthly.monthly_write, name="monthly_write"),
    path("thang/<int:pk>/gui/", views_monthly.monthly_send, name="monthly_send"),
    path("thang/<int:pk>/da-nhan/", views_monthly.monthly_receive, name="monthly_receive"),
]
