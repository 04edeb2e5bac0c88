from django.urls import path

from ansinh.accounts import views

app_name = "accounts"
urlpatterns = [
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/mat-khau/", views.user_set_password, name="user_set_password"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_unlock, name="user_unlock"),
    path("co-quan/", views.office_list, name="office_list"),
    path("co-quan/them/", views.office_edit, name="office_create"),
    path("co-quan/<int:pk>/", views.office_edit, name="office_edit"),
    path("co-quan/<int:pk>/doi-ten/", views.office_rename, name="office_rename"),
    path("cai-dat/", views.settings_edit, name="settings"),
]
