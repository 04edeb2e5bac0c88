from django.contrib.auth import views as auth_views
from django.urls import include, path

from ansinh.accounts.auth_views import LoginView

urlpatterns = [
    path(
        "dang-nhap/",
        LoginView.as_view(),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("dia-ban/", include("ansinh.territory.urls")),
    path("lich-nghi/", include("ansinh.workdays.urls")),
    path("quan-tri/", include("ansinh.accounts.urls")),
    path("", include("ansinh.rules.urls")),
    path("khuyet-tat/", include("ansinh.disability.urls")),
    path("chi-tra/", include("ansinh.payments.urls")),
    path("bhyt/", include("ansinh.insurance.urls")),
    path("ho-tro/", include("ansinh.supports.urls")),
    path("bao-cao/", include("ansinh.reports.urls")),
    path("doi-tuong/", include("ansinh.cases.urls")),
    path("doi-tuong/", include("ansinh.registry.urls")),
    path("", include("ansinh.outreach.urls")),
    path("kiem-tra/", include("ansinh.inspections.urls")),
    path("", include("ansinh.web.urls")),
]
