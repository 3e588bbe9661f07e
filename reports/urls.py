from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("national/", views.national_overview, name="national"),
    path("national/frontline/", views.national_frontline, name="national_frontline"),
    path("national/<str:table>.csv", views.national_csv, name="national_csv"),
    path("assessments/<int:pk>/comparison/", views.assessment_comparison, name="comparison"),
    # The PDF is rendered by the worker: its own view serves it, or says it is being prepared.
    re_path(r"^assessments/(?P<pk>\d+)/(?P<kind>action-plan)\.(?P<fmt>pdf)$", views.action_plan_pdf, name="download"),
    re_path(
        r"^assessments/(?P<pk>\d+)/(?P<kind>action-plan)\.(?P<fmt>xlsx|csv)$",
        views.download,
        name="download",
    ),
    # The s75 review pack: the plan's progress through the year, for the agreement's annual review.
    re_path(r"^assessments/(?P<pk>\d+)/s75-review-pack\.(?P<fmt>pdf|xlsx)$", views.review_pack, name="review_pack"),
    re_path(
        r"^assessments/(?P<pk>\d+)/(?P<kind>responses)\.(?P<fmt>xlsx|csv)$",
        views.download,
        name="download",
    ),
]
