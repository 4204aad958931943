from .base import *  # noqa: F403

# Development: mail and SMS are written to the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
