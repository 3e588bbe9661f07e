from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.framework_index, name="index"),
    path("search/", views.search, name="search"),
    path("<slug:framework>/<slug:version>/", views.version_detail, name="version"),
    path("<slug:framework>/<slug:version>/<str:code>/", views.standard_detail, name="standard"),
]
