from django.urls import path

from ansinh.insurance import views

app_name = "insurance"
urlpatterns = [
    path("", views.month, name="month"),
    path("lap/", views.prepare, name="prepare"),
    path("tra-lai/", views.returned, name="returned"),
    path("kinh-phi/", views.premiums, name="premiums"),
    path("<int:pk>/", views.list_detail, name="list_detail"),
    path("<int:pk>/gui/", views.list_send, name="list_send"),
    path("<int:pk>/nhan/", views.list_receive, name="list_receive"),
    path("<int:pk>/xu-ly-xong/", views.list_process, name="list_process"),
    path("<int:pk>/danh-sach.xlsx", views.list_xlsx, name="list_xlsx"),
    path("<int:pk>/danh-sach.pdf", views.list_pdf, name="list_pdf"),
    path("<int:pk>/tai-len-the/", views.cards_upload, name="cards_upload"),
    path("dong/<int:pk>/the/", views.line_card, name="line_card"),
    path("dong/<int:pk>/tra-lai/", views.line_return, name="line_return"),
    path("dong/<int:pk>/da-xu-ly/", views.line_handled, name="line_handled"),
    path("doi-tuong-khac/sua/<int:pk>/", views.other_scheme_change, name="other_scheme_change"),
    path("doi-tuong-khac/<int:person_pk>/", views.other_scheme_record, name="other_scheme_record"),
]
