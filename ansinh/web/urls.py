from django.urls import path

from ansinh.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("toan-canh/", views.overview, name="overview"),
]
