from django.urls import URLPattern

app_name = "disability"
urlpatterns: list[URLPattern] = []
