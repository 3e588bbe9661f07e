from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("national/", views.national_overview, name="national"),
    path("national/<str:table>.csv", views.national_csv, name="national_csv"),
    path("assessments/<int:pk>/comparison/", views.assessment_comparison, name="comparison"),
    re_path(
        r"^assessments/(?P<pk>\d+)/(?P<kind>action-plan)\.(?P<fmt>pdf|xlsx|csv)$",
        views.download,
        name="download",
    ),
    re_path(
        r"^assessments/(?P<pk>\d+)/(?P<kind>responses)\.(?P<fmt>xlsx|csv)$",
        views.download,
        name="download",
    ),
]
