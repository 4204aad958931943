"""SQLite under concurrent writes, attacked as the load test found it: two requests writing at once got a
500 "database is locked". The embedded default queues writers (settings SQLITE_OPTIONS: IMMEDIATE
transactions, a wait, the write-ahead log), and a lock still not had after the wait is a Chinese 503 or a
message at the form, never a 500 and never half saved."""

from __future__ import annotations

import sqlite3
import threading
import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse

from egovpm.api.models import ApiToken
from egovpm.config.settings import base
from egovpm.core.busy import BUSY_MESSAGE, DatabaseBusyMiddleware, server_error

WRITERS = 2


def _write_at_once(database, options: dict) -> list[BaseException | None]:
    """WRITERS threads, each on its own connection to the file `database`, start a transaction at the
    same moment, read, then write (the shape of every service: check the state, then change it)."""

    def connect():
        settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database), "OPTIONS": options}
        return ConnectionHandler({"default": settings})["default"]

    setup = connect()  # as `migrate` does before the platform serves: the table, in the journal mode
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    start = threading.Barrier(WRITERS)
    outcomes: list[BaseException | None] = [None] * WRITERS

    def writer(n: int) -> None:
        connection = connect()
        try:
            start.wait(timeout=10)
            # what transaction.atomic() does on SQLite: BEGIN (with the transaction mode of OPTIONS)
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM t")
                time.sleep(0.3)  # both have read before either writes
                cursor.execute("INSERT INTO t (n) VALUES (%s)", [n])
            connection.commit()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcomes[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_without_the_options_two_writers_meet_database_is_locked(tmp_path, django_db_blocker):
    """The finding itself, on Django's SQLite defaults: one of two concurrent writers fails."""
    with django_db_blocker.unblock():
        outcomes = _write_at_once(tmp_path / "plain.sqlite3", {"timeout": 1})
    failures = [exc for exc in outcomes if exc is not None]
    assert failures and all("database is locked" in str(exc) for exc in failures)


def test_the_embedded_default_queues_two_writers_on_a_file_database(tmp_path, django_db_blocker):
    database = tmp_path / "queued.sqlite3"
    with django_db_blocker.unblock():
        assert _write_at_once(database, base.SQLITE_OPTIONS) == [None] * WRITERS
    with sqlite3.connect(database) as check:
        assert sorted(n for (n,) in check.execute("SELECT n FROM t")) == list(range(WRITERS))
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_default_database_is_sqlite_with_the_queueing_options(monkeypatch):
    import importlib
    import sys

    monkeypatch.delenv("DATABASE_URL", raising=False)
    sys.modules.pop("egovpm.config.settings.base", None)
    try:
        settings = importlib.import_module("egovpm.config.settings.base")
        default = settings.DATABASES["default"]
    finally:
        sys.modules.pop("egovpm.config.settings.base", None)
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert default["OPTIONS"]["timeout"] >= 10
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]


LOCKED = OperationalError("database is locked")


def test_a_form_whose_save_meets_a_locked_database_keeps_the_input_with_a_message(city, client):
    client.force_login(city.users["clerk"])
    with mock.patch("egovpm.api.services.api_token_create", side_effect=LOCKED):
        response = client.post(reverse("api:token_list"), {"name": "共享平台", "scope": "read", "otp_token": "123456"})
    assert response.status_code == 200
    page = response.content.decode()
    assert BUSY_MESSAGE in page and "共享平台" in page
    assert "database is locked" not in page
    assert not ApiToken.objects.filter(name="共享平台").exists()


def test_an_api_call_that_meets_a_locked_database_answers_503_busy(city, client):
    from egovpm.api.services import api_token_create
    from egovpm.testing.otp import second_factor_code

    _, secret = api_token_create(
        actor=city.users["clerk"],
        user=city.users["clerk"],
        name="忙",
        scope="read",
        otp_token=second_factor_code(city.users["clerk"]),
    )
    with mock.patch("egovpm.api.present.me", side_effect=LOCKED):
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 503
    assert response.json()["code"] == "busy"
    assert response["Retry-After"] == "5"


def _locked_view(request):
    raise LOCKED


urlpatterns = [path("locked/", _locked_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_that_meets_a_locked_database_answers_a_chinese_503(city):
    client = Client(raise_request_exception=False)
    client.force_login(city.users["clerk"])
    response = client.get("/locked/")
    assert response.status_code == 503
    assert "系统繁忙" in response.content.decode() and "database" not in response.content.decode()
    assert response["Retry-After"] == "5"


def test_outside_a_view_the_error_handler_answers_503_for_a_locked_database_and_500_else(db):
    request = RequestFactory().get("/")
    try:
        raise LOCKED
    except OperationalError:
        assert server_error(request).status_code == 503
    try:
        raise OperationalError("no such table: x")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 500 and "服务器错误" in response.content.decode()
    assert DatabaseBusyMiddleware(lambda r: None).process_exception(request, ValueError()) is None


@pytest.mark.parametrize("message", ["database is locked", "database table is locked", "database is busy"])
def test_every_sqlite_lock_message_is_busy(message):
    from egovpm.core.busy import database_busy

    assert database_busy(OperationalError(message))
