from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from .forms import PasswordResetForm, SetPasswordForm

# The admin signs people in through the one sign-in page, with its lock-out and second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("", include("assessments.urls")),
    path("standards/", include("standards.urls")),
    path("pulse/", include("assessments.pulse_urls")),
    path("reports/", include("reports.urls")),
    # allauth's sign-in and sign-out (account/login.html), under the names the pages and specs use.
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    # One password reset: Django's, with forms whose messages name their field (partnership_audit/forms.py),
    # the email sent by the worker, and no link for someone whose organisation requires single sign-on.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path("accounts/password/reset/", RedirectView.as_view(pattern_name="password_reset")),
    path("accounts/signup/", RedirectView.as_view(pattern_name="login")),
    path("accounts/", include("django.contrib.auth.urls")),
    # allauth: second factors (accounts/2fa/), organisations' sign-in (accounts/oidc/<provider id>/login/...).
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
