from django.urls import path

from ansinh.cases import views

app_name = "cases"
urlpatterns = [
    path("nhap-excel/", views.import_start, name="import_start"),
    path("nhap-excel/mau.xlsx", views.import_template, name="import_template"),
    path("nhap-excel/<int:pk>/", views.import_detail, name="import_detail"),
    path("nhap-excel/<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
]
