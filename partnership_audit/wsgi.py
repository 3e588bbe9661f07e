"""WSGI entry point: `gunicorn partnership_audit.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership_audit.settings")

application = get_wsgi_application()
