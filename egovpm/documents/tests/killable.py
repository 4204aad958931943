"""The separate processes of test_kill_upload, run as `python -m egovpm.documents.tests.killable ...`:

seed            migrate the database of DATABASE_URL, build a city and a draft declaration, log the
                clerk in; print what the test needs (JSON)
serve PORT HOLD serve the platform (one process, as a worker would) on PORT; with HOLD > 0 every
                audit append first waits HOLD seconds, so that the test can kill the process while a
                submission's transaction is open and its file already written
state DECL      print the declaration's stage, its documents and the audit chain's verdict (JSON)
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egovpm.testing.process_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

CSRF = "k" * 32


def seed() -> dict:
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from egovpm.conftest import IN_WINDOW, PROPOSAL, application_data
    from egovpm.core import clock
    from egovpm.intake import services
    from egovpm.testing.city import build_city

    call_command("migrate", verbosity=0)
    with clock.frozen(IN_WINDOW):
        city = build_city()
        plan_year = services.plan_year_open(actor=city.users["office_reviewer"], year=2027)
        clerk = city.users["clerk"]
        decl = services.declaration_create(actor=clerk, plan_year=plan_year, name="互联网医院", data=application_data())
        services.proposal_save(actor=clerk, declaration=decl, data=PROPOSAL)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(clerk.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = clerk.get_session_auth_hash()
    session.create()
    return {
        "declaration": decl.pk,
        "cookies": {settings.SESSION_COOKIE_NAME: session.session_key, settings.CSRF_COOKIE_NAME: CSRF},
        "csrf": CSRF,
    }


def serve(port: int, hold: float) -> None:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    if hold:
        from egovpm.audit import services as audit_services

        original = audit_services._lock_head

        def slow():
            time.sleep(hold)
            original()

        audit_services._lock_head = slow

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    httpd = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=Quiet)
    print("ready", flush=True)
    httpd.serve_forever()


def state(pk: int) -> dict:
    from egovpm.audit.selectors import audit_chain_verify
    from egovpm.intake.models import Declaration

    decl = Declaration.objects.get(pk=pk)
    count, broken = audit_chain_verify()
    return {
        "stage": decl.stage,
        "documents": list(decl.documents.values_list("file", flat=True)),
        "audit_events": count,
        "audit_broken": broken,
    }


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "seed":
        print(json.dumps(seed()))
    elif command == "serve":
        serve(int(args[0]), float(args[1]))
    elif command == "state":
        print(json.dumps(state(int(args[0]))))
