from django.urls import path

from . import views
from .views import assessment, partner_views, partnership, plan, pulse, review, timeline

app_name = "assessments"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path("partnerships/<int:pk>/profile/", partnership.profile_edit, name="profile"),
    path("partnerships/<int:pk>/profile/history/", partnership.profile_history, name="profile_history"),
    path("partnerships/<int:pk>/timeline/", timeline.timeline, name="timeline"),
    path("partnerships/<int:pk>/timeline/new/", timeline.timeline_event_edit, name="timeline_new"),
    path("partnerships/<int:pk>/timeline/<int:event_pk>/", timeline.timeline_event_edit, name="timeline_edit"),
    path(
        "partnerships/<int:pk>/timeline/<int:event_pk>/delete/", timeline.timeline_event_delete, name="timeline_delete"
    ),
    path("partnerships/<int:pk>/teams/new/", views.team_edit, name="team_new"),
    path("partnerships/<int:pk>/teams/<int:team_pk>/", views.team_edit, name="team_edit"),
    path("partnerships/<int:pk>/teams/<int:team_pk>/delete/", views.team_delete, name="team_delete"),
    path("partnerships/<int:partnership_pk>/assessments/new/", views.assessment_start, name="start"),
    path("organisations/<int:organisation_pk>/invite/", views.invitation_create, name="invite"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("assessments/<int:pk>/", views.assessment_overview, name="overview"),
    path("assessments/<int:pk>/check/", views.assessment_check, name="check"),
    path("assessments/<int:pk>/sign-off/", views.assessment_sign_off, name="sign_off"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<int:pk>/submitted/", views.assessment_submitted, name="submitted"),
    # The frontline pulse: the leads' pages (the answer pages are in pulse_urls).
    path("assessments/<int:pk>/pulse/", pulse.pulse, name="pulse"),
    path("assessments/<int:pk>/pulse/invite/", pulse.pulse_invite, name="pulse_invite"),
    path("assessments/<int:pk>/pulse/codes/", pulse.pulse_codes, name="pulse_codes"),
    path("assessments/<int:pk>/pulse/close/", pulse.pulse_close, name="pulse_close"),
    path("assessments/<int:pk>/pulse/comments/", pulse.pulse_comments, name="pulse_comments"),
    path("assessments/<int:pk>/pulse/comments/<uuid:reply_id>/withhold/", pulse.pulse_withhold, name="pulse_withhold"),
    path("assessments/<int:pk>/show-views/", assessment.partner_views_reveal, name="reveal_views"),
    path("assessments/<int:pk>/activity/", views.assessment_activity, name="activity"),
    # The living action plan, once accepted
    path("assessments/<int:pk>/plan/", plan.plan, name="plan"),
    path("assessments/<int:pk>/plan/actions/<int:action_pk>/", plan.action_progress, name="action_progress"),
    path("assessments/<int:pk>/plan/files/<int:file_pk>/", plan.completion_file, name="completion_file"),
    path(
        "assessments/<int:pk>/plan/files/<int:file_pk>/delete/",
        plan.completion_file_delete,
        name="completion_file_delete",
    ),
    path("assessments/<int:pk>/standards/<str:code>/interim/", plan.interim_rating, name="interim"),
    path("assessments/<int:pk>/files/<int:file_pk>/", views.evidence_download, name="file"),
    path("assessments/<int:pk>/files/<int:file_pk>/delete/", views.evidence_delete, name="file_delete"),
    path("assessments/<int:pk>/standards/<str:code>/", views.response_edit, name="standard"),
    path("assessments/<int:pk>/standards/<str:code>/our-view/", partner_views.partner_view_edit, name="our_view"),
    path("assessments/<int:pk>/standards/<str:code>/history/", views.response_history, name="history"),
    path("assessments/<int:pk>/standards/<str:code>/actions/new/", views.action_edit, name="action_new"),
    path("assessments/<int:pk>/standards/<str:code>/actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path(
        "assessments/<int:pk>/standards/<str:code>/actions/<int:action_pk>/delete/",
        views.action_delete,
        name="action_delete",
    ),
    # BASW review and the partnership's replies
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:pk>/", review.review_assessment, name="review"),
    path("review/<int:pk>/take/", review.review_take, name="review_take"),
    path("review/<int:pk>/take-over/", review.review_take_over, name="review_take_over"),
    path("review/<int:pk>/agree-remaining/", review.review_agree_remaining, name="review_agree_remaining"),
    path("review/<int:pk>/standards/<str:code>/", review.review_standard, name="review_standard"),
    path("review/<int:pk>/return/", review.review_return, name="review_return"),
    path("review/<int:pk>/accept/", review.review_accept, name="review_accept"),
    path("assessments/<int:pk>/standards/<str:code>/reply/", review.response_reply, name="reply"),
]
