from django.urls import path

from ansinh.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("them/", views.person_create, name="person_create"),
    path("trung-lap/", views.duplicate_list, name="duplicate_list"),
    path("dac-biet-kho-khan/", views.difficult_areas, name="difficult_areas"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("<int:pk>/thong-tin/", views.person_fact_add, name="person_fact_add"),
    path("<int:pk>/chuyen-noi-o/", views.person_move, name="person_move"),
    path("<int:pk>/bao-tu/", views.person_death, name="person_death"),
    path("<int:pk>/gop/", views.person_merge, name="person_merge"),
    path("<int:pk>/ho-gia-dinh/", views.person_household, name="person_household"),
    path("<int:pk>/ho-ngheo/", views.person_poverty, name="person_poverty"),
    path("<int:pk>/giam-ho/", views.person_guardian, name="person_guardian"),
]
