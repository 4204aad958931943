"""Uploads as a 等级测评 tester probes them: the size cap is the security policy's, stored names are
sanitized, files live outside every web root, and leave only through the permission-checked download
as an attachment that is never sniffed nor cached."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path, reverse
from django.views import static

from egovpm.conftest import application_data
from egovpm.core.errors import Refused
from egovpm.documents.checks import private_storage_problems
from egovpm.documents.domain import NAME_MAX_BYTES, NAME_MAX_CHARS, PDF, accept, safe_name, size_problem
from egovpm.documents.models import Document, DocumentKind
from egovpm.intake import services
from egovpm.security.policy import security_policy
from egovpm.security.services import security_policy_update
from egovpm.testing import scenario

MB = 1024 * 1024
PDF_HEAD = b"%PDF-1.4"


@pytest.mark.parametrize(
    "name, safe",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\a.pdf", "a.pdf"),
        ("/var/files/projects/1/x.pdf", "x.pdf"),
        (".htaccess", "htaccess"),
        ("...pdf", "pdf"),
        ("a\x00b\r\nc\td.pdf", "abcd.pdf"),
        ("invoice\u202efdp.pdf", "invoicefdp.pdf"),  # a right-to-left override would disguise the name
        ('报告"<script>".pdf', "报告_script_.pdf"),
        ("a;rm -rf $HOME`.pdf", "a_rm -rf _HOME_.pdf"),
        ("  项目建议书（第二版）.pdf  ", "项目建议书（第二版）.pdf"),
        ("", "file"),
    ],
)
def test_stored_names_are_sanitized(name, safe):
    assert safe_name(name) == safe


def test_overlong_names_are_cut_keeping_the_extension():
    for stem in ("申" * 400, "a" * 400):
        name = safe_name(stem + ".pdf")
        assert name.endswith(".pdf")
        assert len(name) <= NAME_MAX_CHARS
        assert len(name.encode("utf-8")) <= NAME_MAX_BYTES


def test_the_size_cap_is_a_parameter_of_the_rule():
    assert size_problem(MB, MB) == ""
    assert size_problem(MB + 1, MB) == "文件超过 1 MB 上限。"
    assert size_problem(0, MB) == "文件为空，请重新选择。"
    assert accept("a.pdf", PDF_HEAD, 2 * MB, max_bytes=3 * MB) == (PDF, "")
    assert accept("a.pdf", PDF_HEAD, 4 * MB, max_bytes=3 * MB) == (None, "文件超过 3 MB 上限。")


@pytest.fixture
def draft(city, plan_year):
    return services.declaration_create(
        actor=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data()
    )


def _upload(city, declaration, upload):
    return services.declaration_document_upload(
        actor=city.users["clerk"], declaration=declaration, kind=DocumentKind.PROPOSAL, upload=upload
    )


def test_the_size_cap_comes_from_the_security_policy(city, draft):
    big = scenario.pdf_file("大文件.pdf", body="x" * (MB + MB // 2))
    assert _upload(city, draft, big).size > MB  # under the default 50 MB
    security_policy_update(actor=city.users["secadmin"], policy=replace(security_policy(), upload_max_mb=1))
    big.seek(0)
    with pytest.raises(Refused) as refused:
        _upload(city, draft, big)
    assert refused.value.message == "文件超过 1 MB 上限。"
    assert refused.value.code == "bad_file"
    assert draft.documents.count() == 1


def test_a_hostile_name_is_stored_sanitized_inside_the_private_root(city, draft):
    doc = _upload(city, draft, scenario.pdf_file("../../.././.bashrc\n建议书.pdf"))
    assert doc.original_name == "bashrc建议书.pdf"  # no directories, no leading dot, no newline
    stored = Path(doc.file.path).resolve()
    root = Path(settings.PRIVATE_STORAGE_ROOT).resolve()
    assert root in stored.parents
    assert stored.name.endswith("-bashrc建议书.pdf")
    assert ".." not in doc.file.name and "\n" not in doc.file.name


def test_files_are_stored_outside_every_web_root_and_no_url_serves_them():
    root = Path(settings.PRIVATE_STORAGE_ROOT).resolve()
    for web_root in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        web_root = Path(web_root).resolve()
        assert web_root != root and web_root not in root.parents and root not in web_root.parents
    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None
    assert private_storage_problems() == []


def test_the_system_check_refuses_files_inside_a_web_root():
    inside = Path(settings.STATIC_ROOT) / "files"
    storages = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(inside)}}}
    with override_settings(PRIVATE_STORAGE_ROOT=inside, STORAGES=storages):
        problems = private_storage_problems()
    assert any("STATIC_ROOT" in p for p in problems)
    assert any("base_url" in p for p in problems)


urlpatterns = [path("files/<path:path>", static.serve, {"document_root": settings.PRIVATE_STORAGE_ROOT})]


@override_settings(ROOT_URLCONF=__name__)
def test_the_system_check_refuses_a_url_serving_the_files():
    assert any("网址" in p for p in private_storage_problems())


def test_the_running_site_has_the_system_check_passing():
    from django.core import checks

    assert [e for e in checks.run_checks() if e.id == "egovpm.E020"] == []


@pytest.fixture
def stored(city, draft):
    return _upload(city, draft, scenario.pdf_file("项目建议书.pdf"))


def test_a_stored_file_is_not_reachable_by_any_plain_url(client, city, stored):
    client.force_login(city.users["clerk"])
    for prefix in ("/", "/static/", "/media/", "/files/", "/var/files/", "/documents/"):
        assert client.get(prefix + stored.file.name).status_code == 404


DOWNLOAD_NAMES = ['报告"终稿".pdf', "a\r\nSet-Cookie: x=1.pdf", "项目建议书（第二版）.pdf", "plain.pdf"]


@pytest.mark.parametrize("original_name", DOWNLOAD_NAMES)
def test_the_download_is_an_attachment_never_sniffed_nor_cached(client, city, stored, original_name):
    # A name as an older version or a direct database write might have left it: the header stays intact.
    Document.objects.filter(pk=stored.pk).update(original_name=original_name)
    client.force_login(city.users["clerk"])
    response = client.get(reverse("documents:download", args=[stored.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="document-')
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.count('"') == 2  # only the ASCII fallback is quoted; the real name is %-encoded
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == original_name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert "x" not in response.cookies
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_download_refuses_who_may_not_see_the_declaration(client, city, stored):
    client.force_login(city.users["culture_clerk"])
    assert client.get(reverse("documents:download", args=[stored.pk])).status_code == 404
