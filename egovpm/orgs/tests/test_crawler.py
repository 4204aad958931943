"""第四条 (GB/T 22239-2019 8.1.4.2): a crawler logs in as each role, starts at the cockpit and follows every
link and htmx hx-get it finds; no page, download or export it reaches shows a project of another unit the
role may not see, and nothing answers 500.

The world is the access matrix's (egovpm/orgs/tests/world.py), built once for both: every project name
carries its unit's marker (甲医院… for 市人民医院, 乙文旅… for 文广旅局), so a page or a file that shows one
is easy to spot."""

from __future__ import annotations

import io
import re
from collections import deque
from html import unescape
from unittest import mock
from urllib.parse import unquote, urljoin, urlsplit

import docx
import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from egovpm.documents.models import Document
from egovpm.orgs.tests.test_access_matrix import POST_ONLY

from .world import rolled_back, world_projects

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
ROLES = (
    "clerk",
    "hospital_leader",
    "supervisor",
    "health_clerk",
    "culture_clerk",
    "office_reviewer",
    "office_head",
    "finance",
    "audit",
    "expert",
    "expert2",
    "sysadmin",
    "secadmin",
    "auditadmin",
)
# Not followed: files served by the web server, the token-authenticated API, Django's admin site beyond its
# entry (the access matrix covers that), and links that log out.
SKIP_PREFIXES = ("/static/", "/api/v1/", "/admin/")
# The audit administrator's job is to read the whole audit log (三员分立): its events name every object.
READS_EVERYTHING = {"auditadmin": "audit:"}
LINK = re.compile(r"""(?:href|hx-get)\s*=\s*["']([^"'#]+)""")

BEFORE_OFFICE = ("draft", "awaiting_consent")
APPLICANT_UNIT = {
    "clerk": "hospital",
    "hospital_leader": "hospital",
    "health_clerk": "hospital",
    "culture_clerk": "culture",
}
OFFICE = ("office_reviewer", "office_head")
INVITED = {"expert": "hospital", "expert2": "culture"}


DISCLOSED = re.compile(r"<tr[^>]*data-disclosure=\"[^\"]*\"[^>]*>.*?</tr>", re.S)
DECLARATION_LINK = re.compile(r'href="/intake/\d+/"')


def may_see(role: str, item: dict) -> bool:
    """Who sees which project, as intake.selectors.declarations_visible_to and the filing rules (第十条) say:
    a unit its own and its subordinates' (the supervising department once sent to it), the Office, Finance
    and Audit what reached the Office (filings: the Office only), an expert what it was invited to review,
    an administrator nothing."""
    unit, key, stage = item["unit"], item["key"], item["stage"]
    if role in APPLICANT_UNIT:
        return APPLICANT_UNIT[role] == unit
    if role == "supervisor":
        return unit == "hospital" and stage not in BEFORE_OFFICE
    if key == "filing":
        return role in OFFICE
    if role in (*OFFICE, "finance", "audit"):
        return stage not in BEFORE_OFFICE
    if role in INVITED:
        return INVITED[role] == unit and key in ("a", "b")
    return False


def file_text(response) -> str:
    """The words of a downloaded file: its name, and the cells of an XLSX or the text of a DOCX."""
    disposition = unquote(response.get("Content-Disposition", ""))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    text = [disposition]
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        text += [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    elif "wordprocessingml" in content_type:
        document = docx.Document(io.BytesIO(body))
        text += [p.text for p in document.paragraphs]
        text += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(text)


def served_document(path: str) -> Document | None:
    match = resolve(path)
    if match.view_name == "documents:download":
        return Document.objects.select_related("project").get(pk=match.kwargs["pk"])
    return None


def followable(base: str, link: str) -> str | None:
    url = urljoin(base, unescape(link.strip()))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    try:
        name = resolve(path).view_name
    except Resolver404:
        return None
    if name in POST_ONLY:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, role: str, hidden: dict[str, str]) -> tuple[list[str], int, int]:
    """Visit everything reachable from the cockpit; return the problems found, the number of pages and of
    files (downloads and exports) fetched."""
    queue, seen, problems = deque(["/"]), {"/"}, []
    visited = files = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = rolled_back(client.get, url)
        visited += 1
        checked = hidden
        if resolve(urlsplit(url).path).view_name.startswith(READS_EVERYTHING.get(role, "-")):
            checked = {}
        if response.status_code >= 500:
            problems.append(f"{role}: {url} answers {response.status_code}")
            continue
        if response.status_code in (301, 302):
            links = [response["Location"]]
        elif "attachment" in response.get("Content-Disposition", ""):
            files += 1
            text = file_text(response)
            document = served_document(urlsplit(url).path)
            if document is not None:
                owner = document.project.name
                text += "\n" + owner
            problems += [
                f"{role}: the file {url} shows {name} ({why})" for name, why in checked.items() if name in text
            ]
            continue
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            html = response.content.decode()
            # 第五条: the similar projects and shared resources of other units are shown by design with their
            # name and unit only (egovpm/duplication): such a row may name another unit's project, and holds no
            # link to it
            disclosed = DISCLOSED.findall(html)
            problems += [
                f"{role}: {url} links another unit's project in {row[:80]}"
                for row in disclosed
                if DECLARATION_LINK.search(row)
            ]
            checked_html = DISCLOSED.sub("", html)
            problems += [f"{role}: {url} shows {name} ({why})" for name, why in checked.items() if name in checked_html]
            links = LINK.findall(html)
        else:
            continue
        for link in links:
            target = followable(url, link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return problems, visited, files


def crawl_every_role(world) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """Crawl as each role (egovpm/orgs/tests/conftest.py calls this inside its transaction); return the
    problems, and the pages and files each role reached. What the crawl writes (the logins' sessions and
    audit events) is rolled back, so the access matrix observes the world after it as built."""
    # The application form's PDF is the DOCX's content typeset; its text is checked in the DOCX.
    pdf = mock.patch("egovpm.intake.application_form.application_pdf", return_value=b"%PDF-1.4 crawler")
    projects = world_projects(world)
    problems, reached, files = [], {}, {}
    with pdf, transaction.atomic():
        for role in ROLES:
            hidden = {p["name"]: f"{p['unit']} {p['key']}, {p['stage']}" for p in projects if not may_see(role, p)}
            client = Client()
            client.force_login(world["city"].users[role])
            found, reached[role], files[role] = crawl(client, role, hidden)
            problems += found
        transaction.set_rollback(True)
    return problems, reached, files


# Who sees what is decided by the same selectors the access matrix asserts on both databases; the crawl
# adds the links and files of the pages, which do not depend on the database.
@pytest.mark.article("第四条")
@pytest.mark.any_database
def test_no_role_reaches_a_project_it_may_not_see(observed_world):
    problems, reached, files = observed_world.crawl
    assert not problems, "\n".join(problems)
    # The crawl did get somewhere: the Office reaches the declarations, their files and the plan's exports;
    # a clerk its own project's files.
    assert reached["office_reviewer"] > 30, reached
    assert files["office_reviewer"] > 4 and files["clerk"] > 1, files
    assert all(count > 1 for count in reached.values()), reached


def test_the_rules_of_the_crawler_are_not_empty():
    """may_see must hide something from everyone but the Office, or the crawler proves nothing."""
    items = [{"unit": u, "key": k, "stage": "submitted"} for u in ("hospital", "culture") for k in ("a", "filing")]
    for role in ROLES:
        if role not in OFFICE:
            assert not all(may_see(role, item) for item in items), role
