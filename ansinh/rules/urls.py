from django.urls import path

from ansinh.rules import views

app_name = "rules"
urlpatterns = [
    path("chinh-sach/", views.parameter_list, name="parameter_list"),
    path("chinh-sach/tham-so/them/", views.parameter_create, name="parameter_create"),
    path("chinh-sach/tham-so/<int:pk>/", views.parameter_detail, name="parameter_detail"),
    path("chinh-sach/tham-so/<int:pk>/sua/", views.parameter_edit, name="parameter_edit"),
    path("chinh-sach/dien-doi-tuong/", views.category_list, name="category_list"),
    path("chinh-sach/van-ban/", views.document_list, name="document_list"),
    path("chinh-sach/van-ban/them/", views.document_create, name="document_create"),
    path("chinh-sach/van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("chinh-sach/van-ban/<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("chinh-sach/van-ban/<int:pk>/tep/", views.document_file, name="document_file"),
    path("kiem-tra-quyen-loi/", views.public_check, name="public_check"),
    path("api/kiem-tra-quyen-loi/", views.public_check_api, name="public_check_api"),
]
