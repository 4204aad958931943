"""The WSGI entry point (gunicorn egovpm.config.wsgi). Unlike manage.py it has no default settings module:
a server started without DJANGO_SETTINGS_MODULE must not silently run the development settings and their
public key. `manage.py runserver` (make run) sets the development settings before it loads this module."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    raise ImproperlyConfigured(
        "DJANGO_SETTINGS_MODULE is not set: the WSGI server needs an explicit settings module "
        "(production: DJANGO_SETTINGS_MODULE=egovpm.config.settings.prod). 未设置 DJANGO_SETTINGS_MODULE，拒绝启动。"
    )

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (configured by get_wsgi_application)

if not settings.DEBUG and settings.SECRET_KEY == settings.DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the public development key: set DJANGO_SECRET_KEY "
        "(or use egovpm.config.settings.prod). 生产运行不得使用开发密钥，拒绝启动。"
    )
