from django.urls import path

from ansinh.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_year, name="calendar"),
    path("<int:year>/", views.calendar_year, name="calendar_year"),
    path("ngay/<int:pk>/xoa/", views.calendar_day_delete, name="calendar_day_delete"),
]
