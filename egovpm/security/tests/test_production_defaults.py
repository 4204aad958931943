"""Production defaults, attacked as the penetration test did: the demo data (whose passwords README.md
publishes) cannot be loaded under the production settings, and the WSGI entry point never falls back to the
development settings and their public key."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from django.conf import settings

from .test_hardening import PROD_ENV


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_load_demo_refuses_to_run_under_the_production_settings(tmp_path):
    database = tmp_path / "prod.sqlite3"
    result = _run("manage.py", "load_demo", env=PROD_ENV | {"DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode != 0
    assert "生产环境（egovpm.config.settings.prod）不允许载入演示数据" in result.stderr
    assert "Traceback" not in result.stderr
    # refused before anything is written: no demo account, not even a table
    if database.exists():
        tables = sqlite3.connect(database).execute("select name from sqlite_master").fetchall()
        assert tables == []


def test_the_wsgi_entry_point_refuses_to_start_without_a_settings_module():
    result = _run("-c", "import egovpm.config.wsgi", env={})
    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in result.stderr


def test_the_wsgi_entry_point_refuses_the_development_key_with_debug_off():
    env = {"DJANGO_SETTINGS_MODULE": "egovpm.config.settings.dev", "DJANGO_DEBUG": "0"}
    result = _run("-c", "import egovpm.config.wsgi", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is the public development key" in result.stderr


def test_the_wsgi_entry_point_starts_with_the_production_settings():
    script = "import egovpm.config.wsgi as w; from django.conf import settings as s; print(s.SETTINGS_MODULE)"
    result = _run("-c", script, env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "egovpm.config.settings.prod"


def test_manage_py_keeps_the_development_default_for_make_run():
    """`make run` (manage.py runserver, which loads the WSGI module) needs no environment."""
    script = "import egovpm.config.wsgi; from django.conf import settings as s; print(s.SETTINGS_MODULE, s.DEBUG)"
    result = _run("manage.py", "shell", "-c", script, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "egovpm.config.settings.dev True"
