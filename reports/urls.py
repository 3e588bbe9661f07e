from django.urls import re_path

from . import views

app_name = "reports"

urlpatterns = [
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
