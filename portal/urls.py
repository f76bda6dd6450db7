from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("charts.css", views.charts_css, name="charts_css"),
    path("region/", views.region, name="region"),
    path("region/map.svg", views.region_map, name="region_map"),
    path("language", views.set_language, name="set_language"),
    path("session/keepalive", views.keepalive, name="keepalive"),
]
