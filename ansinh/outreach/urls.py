from django.urls import path

from ansinh.outreach import views

app_name = "outreach"
urlpatterns = [
    path("thong-tin/", views.public_home, name="public_home"),
    path("thong-tin/van-ban/", views.legal_texts, name="legal_texts"),
    path("thong-tin/niem-yet/", views.posting_index, name="posting_index"),
    path("thong-tin/phan-anh/", views.feedback_send, name="feedback_send"),
    path("thong-tin/phan-anh/tra-cuu/", views.feedback_status, name="feedback_status"),
    path("thong-tin/ho-tro-khac/", views.other_supports, name="other_supports"),
    path("thong-tin/<slug:slug>/", views.support_detail, name="support_detail"),
    path("phan-anh/", views.feedback_list, name="feedback_list"),
    path("phan-anh/ghi-nhan/", views.feedback_record, name="feedback_record"),
    path("phan-anh/thong-ke/", views.feedback_counts, name="feedback_counts"),
    path("phan-anh/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("phan-anh/<int:pk>/tra-loi/", views.feedback_answer, name="feedback_answer"),
    path("phan-anh/<int:pk>/dong/", views.feedback_close, name="feedback_close"),
    path("phan-anh/<int:pk>/chuyen/", views.feedback_route, name="feedback_route"),
    path("truyen-thong/", views.campaign_list, name="campaign_list"),
    path("truyen-thong/them/", views.campaign_create, name="campaign_create"),
    path("truyen-thong/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("truyen-thong/hoat-dong/", views.activity_record, name="activity_record"),
    path("truyen-thong/bao-phu/", views.coverage, name="coverage"),
    path("tin-nhan/", views.outbox, name="outbox"),
]
