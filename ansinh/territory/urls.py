from django.urls import path

from ansinh.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/them-thon/", views.village_create, name="village_create"),
    path("thon/<int:pk>/", views.village_edit, name="village_edit"),
    path("sap-xep/", views.change_list, name="change_list"),
    path("sap-xep/<str:day>/", views.change_detail, name="change_detail"),
]
