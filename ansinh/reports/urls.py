from django.urls import path

from ansinh.reports import views, views_estimates, views_monthly

app_name = "reports"
urlpatterns = [
    path("mau-10a/", views.form_page, {"code": "10a"}, name="form10a"),
    path("mau-10a/chi-tiet/", views.form_drilldown, {"code": "10a"}, name="form10a_drilldown"),
    path("mau-10a/tai-ve.xlsx", views.form_file, {"code": "10a", "kind": "xlsx"}, name="form10a_xlsx"),
    path("mau-10a/tai-ve.pdf", views.form_file, {"code": "10a", "kind": "pdf"}, name="form10a_pdf"),
    path("mau-10b/", views.form_page, {"code": "10b"}, name="form10b"),
    path("mau-10b/chi-tiet/", views.form_drilldown, {"code": "10b"}, name="form10b_drilldown"),
    path("mau-10b/tai-ve.xlsx", views.form_file, {"code": "10b", "kind": "xlsx"}, name="form10b_xlsx"),
    path("mau-10b/tai-ve.pdf", views.form_file, {"code": "10b", "kind": "pdf"}, name="form10b_pdf"),
    path("mau-10c/", views.form_page, {"code": "10c"}, name="form10c"),
    path("mau-10c/chi-tiet/", views.form_drilldown, {"code": "10c"}, name="form10c_drilldown"),
    path("mau-10c/tai-ve.xlsx", views.form_file, {"code": "10c", "kind": "xlsx"}, name="form10c_xlsx"),
    path("mau-10c/tai-ve.pdf", views.form_file, {"code": "10c", "kind": "pdf"}, name="form10c_pdf"),
    path("mau-10d/", views.form_page, {"code": "10d"}, name="form10d"),
    path("mau-10d/chi-tiet/", views.form_drilldown, {"code": "10d"}, name="form10d_drilldown"),
    path("mau-10d/tai-ve.xlsx", views.form_file, {"code": "10d", "kind": "xlsx"}, name="form10d_xlsx"),
    path("mau-10d/tai-ve.pdf", views.form_file, {"code": "10d", "kind": "pdf"}, name="form10d_pdf"),
    path("chi-tieu/", views.spending_page, name="spending"),
    path("thang/", views_monthly.monthly_list, name="monthly_list"),
    path("thang/lap/", views_monthly.monthly_prepare, name="monthly_prepare"),
    path("thang/<int:pk>/", views_monthly.monthly_detail, name="monthly_detail"),
    path("thang/<int:pk>/danh-gia/", views_monthly.monthly_write, name="monthly_write"),
    path("thang/<int:pk>/gui/", views_monthly.monthly_send, name="monthly_send"),
    path("thang/<int:pk>/da-nhan/", views_monthly.monthly_receive, name="monthly_receive"),
    path("du-toan/", views_estimates.estimate_list, name="estimate_list"),
    path("du-toan/lap/", views_estimates.estimate_prepare, name="estimate_prepare"),
    path("du-toan/<int:pk>/", views_estimates.estimate_detail, name="estimate_detail"),
    path("du-toan/<int:pk>/dong/<int:line>/", views_estimates.estimate_adjust, name="estimate_adjust"),
    path("du-toan/<int:pk>/gui/", views_estimates.estimate_send, name="estimate_send"),
    path("du-toan/<int:pk>/da-nhan/", views_estimates.estimate_receive, name="estimate_receive"),
    path("du-toan/<int:pk>/tai-ve.xlsx", views_estimates.estimate_file, name="estimate_xlsx"),
]
