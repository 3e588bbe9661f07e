from django.urls import re_path

from . import views

app_name = "reports"

urlpatterns = [
    re_path(
        r"^assessments/(?P<pk>\d+)/action-plan\.(?P<fmt>csv|xlsx|pdf)$",
        views.action_plan_download,
        name="action_plan",
    ),
]
