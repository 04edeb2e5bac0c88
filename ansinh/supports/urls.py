from django.urls import path

from ansinh.supports import views

app_name = "supports"

urlpatterns = [
    path("mot-lan/", views.one_offs, name="one_offs"),
    path("mot-lan/<int:pk>/thu-hoi/", views.one_off_recover, name="one_off_recover"),
]
