"""The frontline's answer pages: no account, a single-use link or code. Included at /pulse/ (namespace "pulse")."""

from django.urls import path

from .views import pulse_answer

app_name = "pulse"

urlpatterns = [
    path("", pulse_answer.enter_code, name="start"),
    path("thank-you/", pulse_answer.thanks, name="thanks"),
    path("<str:token>/", pulse_answer.answer, name="answer"),
]
