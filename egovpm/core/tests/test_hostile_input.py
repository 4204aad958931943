"""Hostile input everywhere: every form of the platform, posted through its real view as the role that
uses it, with random and hostile values (overlong text, control characters and NUL, lone surrogates,
scripts, SQL-ish strings, negative, enormous and non-numbers, dates out of range). The platform answers
with a clear Chinese error at the field, or saves the value as given; never a 500.

The fields come from the page itself (its <form>), so a field added later is fed too. Each example
runs in a savepoint that is rolled back, so every example meets the same data."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egovpm.conftest import PROPOSAL, application_data
from egovpm.filings.models import Filing
from egovpm.filings.services import filing_create
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.intake.services.special import special_create
from egovpm.testing import scenario

CJK = re.compile(r"[\u4e00-\u9fff]")

HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "项目\x00名称",
    "\x07\x08\x1b[31m\x7f",
    "\r\n\t",
    "\ud800",
    "a\udfffb",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE intake_declaration; --",
    "' OR '1'='1",
    "{{ 7*7 }}{% debug %}",
    "\u202e\u200b\ufeff",
    "𠀀𝕏😀",
    "x" * 5000,
    "长" * 2000,
    "../../etc/passwd",
]
HOSTILE_NUMBERS = [
    "-1",
    "-0.01",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    "9" * 40,
    "99999999999999.99",
    "1.005",
    "0.001",
    "1,000",
    " 12 ",
    "１２",
    "0x10",
    "1e-400",
]
HOSTILE_DATES = [
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "0000-00-00",
    "2027-02-30",
    "2027-13-01",
    "1900-01-01",
    "2027/03/01",
    "-2027-03-01",
    "2027-03-01T25:00",
    "今天",
]

text_values = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=200))
number_values = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    text_values,
)
date_values = st.one_of(st.sampled_from(HOSTILE_DATES), st.dates().map(str), text_values)


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, select, checkbox, radio, file, hidden
    options: list[str] = field(default_factory=list)
    initial: list[str] = field(default_factory=list)
    multiple: bool = False


class FormParser(HTMLParser):
    """The fields of the page's POST forms, by form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: Field | None = None
        self.option: str | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": {}}
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        fields, name = self.current["fields"], a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (a.get("type") or "text").lower()
            kind = {"email": "text", "tel": "text", "search": "text", "password": "text", "url": "text"}.get(kind, kind)
            if kind in ("submit", "button", "reset", "image"):
                return
            f = fields.setdefault(name, Field(name, kind))
            if kind in ("checkbox", "radio"):
                f.options.append(a.get("value") or "on")
                f.multiple = f.multiple or (kind == "checkbox" and len(f.options) > 1)
                if "checked" in a:
                    f.initial.append(a.get("value") or "on")
            elif a.get("value") is not None:
                f.initial = [a["value"]]
        elif tag == "select" and name:
            self.select = fields.setdefault(name, Field(name, "select", multiple="multiple" in a))
        elif tag == "option" and self.select is not None:
            self.option = a.get("value", "")
            self.select.options.append(self.option)
            if "selected" in a:
                self.select.initial.append(self.option)
        elif tag == "textarea" and name:
            self.textarea = fields.setdefault(name, Field(name, "text"))
            self.textarea.initial = [""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.initial = [self.textarea.initial[0] + data]

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(html: str, url: str) -> dict[str, Field]:
    """The fields of the page's main POST form: the one posting to `url` with the most fields."""
    parser = FormParser()
    parser.feed(html)
    candidates = [f for f in parser.forms if f["method"] == "post" and f["action"] in ("", url) and f["fields"]]
    assert candidates, f"no form on {url}"
    return max(candidates, key=lambda f: len(f["fields"]))["fields"]


def value_strategy(f: Field, names: set[str]):
    """Keep the page's value, or a hostile one of the field's kind."""
    kept = st.just(list(f.initial))
    if f.kind == "file":
        return st.sampled_from(["pdf", "junk", "none"])
    if f.kind in ("checkbox", "radio", "select"):
        some = st.lists(st.sampled_from(f.options or [""]), max_size=3, unique=True) if f.options else st.just([])
        return st.one_of(kept, some, st.lists(text_values, min_size=1, max_size=2))
    looks = f.name.lower()
    if f.kind == "number" or any(k in looks for k in ("amount", "investment", "total", "fiscal", "prior_", "current_")):
        hostile = number_values
    elif f.kind == "date" or looks.endswith("date") or "_date" in looks:
        hostile = date_values
    else:
        hostile = text_values
    return st.one_of(kept, hostile.map(lambda v: [v]))


def encode(data: dict[str, list[str]]) -> bytes:
    """Form-encode as a browser would, but let lone surrogates through (as raw, invalid UTF-8 bytes)."""
    return urlencode(
        [(k, v) for k, values in data.items() for v in values], encoding="utf-8", errors="surrogatepass"
    ).encode("ascii")


def clean_for_multipart(value: str) -> str:
    return value.encode("utf-8", "replace").decode("utf-8")


def uploaded(kind: str):
    if kind == "pdf":
        return scenario.pdf_file("材料<script>.pdf")
    if kind == "junk":
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile("\x00evil.exe", b"MZ\x90\x00" * 64, content_type="application/pdf")
    return None


def error_messages(html: str) -> list[str]:
    found = re.findall(r'<(ul|p|div)[^>]*class="errorlist[^"]*"[^>]*>(.*?)</\1>', html, re.S)
    return [re.sub(r"<[^>]+>", "", body).strip() for _, body in found]


# The forms, each with the object it needs and the role that fills it in


@dataclass(frozen=True)
class Case:
    name: str
    user: str
    url: Callable  # (world) -> url
    baseline: dict = field(default_factory=dict)  # valid values, so that some examples save
    check: Callable | None = None  # (world, posted) -> None, after a save
    page: Callable | None = None  # (world) -> the page showing the form, when it is not at `url`


class World:
    """Lazily built objects, each through the real services."""

    def __init__(self, city, plan_year):
        self.city, self.plan_year, self.u = city, plan_year, city.users
        self._cache: dict = {}

    def once(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def at(self, stage: str, **data) -> Declaration:
        def build():
            decl = scenario.declare(
                clerk=self.u["clerk"], plan_year=self.plan_year, name=f"项目{stage}", data=application_data(**data)
            )
            return scenario.advance(
                decl,
                stage,
                clerk=self.u["clerk"],
                supervisor=self.u["supervisor"],
                office_reviewer=self.u["office_reviewer"],
                office_head=self.u["office_head"],
                finance=self.u["finance"],
                reviewers=[self.u["expert"]],
            )

        return self.once(("decl", stage, tuple(sorted(data))), build)

    def awaiting_consent(self) -> Declaration:
        def build():
            decl = self.at("draft")
            return services.declaration_submit(actor=self.u["clerk"], declaration=decl)

        return self.once("awaiting", build)

    def flagged(self) -> Declaration:
        def build():
            decl = scenario.declare(
                clerk=self.u["culture_clerk"],
                plan_year=self.plan_year,
                name="政务云扩容",
                data=application_data(infrastructure_areas=["云存储"]),
            )
            return scenario.submit(decl, clerk=self.u["culture_clerk"])

        return self.once("flagged", build)

    def special_draft(self) -> Declaration:
        return self.once(
            "special",
            lambda: special_create(
                actor=self.u["clerk"],
                plan_year=self.plan_year,
                name="应急指挥",
                data=application_data(),
                basis="unforeseeable",
                unforeseeable_reason="突发事件。",
            ),
        )

    def filing(self) -> Filing:
        return self.once(
            "filing",
            lambda: filing_create(
                actor=self.u["clerk"],
                kind=Filing.Kind.HIGHER_AUTHORITY,
                name="省级平台对接",
                higher_authority="省卫生健康委员会",
                approval_reference="苏卫规划〔2026〕12号",
                total_investment=Decimal("80.00"),
                description="按省里统一部署建设。",
                needs_matching_funds=True,
                matching_amount=Decimal("20.00"),
                approval_document=scenario.pdf_file("批准文件.pdf"),
            ),
        )

    def contract(self):
        """A funded project in construction with its estimate approved, a procurement and a contract."""

        def build():
            from egovpm.procurement.tests.conftest import in_construction

            return in_construction(self.city, self.at("funded"))["contract"]

        return self.once("contract", build)


def declaration_round_trip(world, posted):
    decl = Declaration.objects.select_related("project").order_by("-pk").first()
    for name, attr in (("name", decl.project.name), ("leader_name", decl.leader_name)):
        sent = posted.get(name, [""])[0]
        if "\ufffd" not in attr and not any("\ud800" <= ch <= "\udfff" for ch in sent):
            assert attr == sent.strip(), (name, sent, attr)


APPLICATION = {k: [str(v)] for k, v in application_data().items() if not isinstance(v, bool)} | {
    "name": ["互联网医院"],
    "plan_compiled": ["True"],
    "plan_expert_reviewed": ["False"],
}

CASES = [
    Case(
        "declaration_create",
        "clerk",
        lambda w: reverse("intake:declaration_create"),
        APPLICATION,
        declaration_round_trip,
    ),
    Case("declaration_edit", "clerk", lambda w: reverse("intake:declaration_edit", args=[w.at("draft").pk])),
    Case(
        "proposal_edit",
        "clerk",
        lambda w: reverse("intake:proposal_edit", args=[w.at("draft").pk]),
        {k: [v] for k, v in PROPOSAL.items()},
    ),
    Case("document_upload", "clerk", lambda w: reverse("intake:document_upload", args=[w.at("draft").pk])),
    Case(
        "refuse_consent",
        "supervisor",
        lambda w: reverse("intake:declaration_act", args=[w.awaiting_consent().pk, "refuse_consent"]),
        page=lambda w: reverse("intake:declaration_detail", args=[w.awaiting_consent().pk]),
    ),
    Case("round_create", "office_reviewer", lambda w: reverse("intake:round_create"), {"name": ["第二批初审"]}),
    Case(
        "initial_review_start",
        "office_reviewer",
        lambda w: reverse("intake:initial_review_start", args=[w.at("submitted").pk]),
    ),
    Case(
        "procurement_item_add",
        "office_reviewer",
        lambda w: reverse("intake:procurement_item_add", args=[w.at("in_initial_review").pk]),
        page=lambda w: reverse("intake:declaration_detail", args=[w.at("in_initial_review").pk]),
    ),
    Case(
        "review_opinion",
        "expert",
        lambda w: reverse("intake:invitation_detail", args=[w.at("in_initial_review").invitations.get().pk]),
    ),
    Case(
        "not_arrange",
        "office_reviewer",
        lambda w: reverse("intake:declaration_act", args=[w.at("in_initial_review").pk, "not_arrange"]),
        page=lambda w: reverse("intake:declaration_detail", args=[w.at("in_initial_review").pk]),
    ),
    Case(
        "catalog_entry",
        "clerk",
        lambda w: reverse("catalog:project_catalog", args=[w.at("initially_passed").project_id]),
        {k: [v] for k, v in scenario.catalog_entry_data(7).items()},
    ),
    Case(
        "re_review_approve",
        "office_head",
        lambda w: reverse("intake:re_review_approve", args=[w.at("in_re_review").pk]),
    ),
    Case("budget_arrange", "finance", lambda w: reverse("intake:budget_arrange", args=[w.at("in_budget_library").pk])),
    Case(
        "coordinated_item_create",
        "office_reviewer",
        lambda w: reverse("coordination:coordinated_item_create"),
        page=lambda w: reverse("coordination:coordination_list"),
    ),
    Case(
        "coordination_fold",
        "office_reviewer",
        lambda w: reverse("coordination:coordination_fold", args=[w.flagged().pk]),
    ),
    Case(
        "coordination_standalone",
        "office_reviewer",
        lambda w: reverse("coordination:coordination_standalone", args=[w.flagged().pk]),
    ),
    Case("special_create", "clerk", lambda w: reverse("intake:special_create"), APPLICATION),
    Case("special_edit", "clerk", lambda w: reverse("intake:special_edit", args=[w.special_draft().pk])),
    Case("filing_create", "clerk", lambda w: reverse("filings:filing_create")),
    Case("filing_route", "clerk", lambda w: reverse("filings:filing_route", args=[w.filing().pk])),
    Case("filing_upload", "clerk", lambda w: reverse("filings:filing_upload", args=[w.filing().pk])),
    Case("api_token", "clerk", lambda w: reverse("api:token_list")),
    Case("security_policy", "secadmin", lambda w: reverse("security:policy")),
    Case("user_roles", "secadmin", lambda w: reverse("security:user_roles", args=[w.u["clerk"].pk])),
    Case("password_change", "clerk", lambda w: reverse("accounts:password_change")),
    Case(
        "procurement_create",
        "clerk",
        lambda w: reverse("procurement:procurement_create", args=[w.contract().project_id]),
    ),
    Case(
        "contract_create",
        "clerk",
        lambda w: reverse("procurement:contract_create", args=[w.contract().procurement_id]),
    ),
    Case("payment_create", "finance", lambda w: reverse("procurement:payment_create", args=[w.contract().pk])),
]


@pytest.fixture
def world(city, plan_year):
    return World(city, plan_year)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_form_answers_hostile_input_with_an_error_or_a_correct_save(case, world, client, data):
    client.force_login(world.u[case.user])
    url = case.url(world)

    def read_form():
        page = client.get(case.page(world) if case.page else url)
        assert page.status_code == 200, (case.name, page.status_code)
        return form_fields(page.content.decode(), url)

    fields = world.once("form", read_form)
    names = set(fields)
    # Either every field hostile at once, or one hostile field in an otherwise valid form (so that
    # values which should be accepted, such as a script as plain text, reach the database).
    valid = {name: f.initial for name, f in fields.items()} | case.baseline
    target = data.draw(
        st.sampled_from([None, *sorted(n for n, f in fields.items() if f.kind != "file")]), label="field"
    )
    posted = {}
    files = {}
    for name, f in fields.items():
        if f.kind == "file":
            files[name] = data.draw(value_strategy(f, names), label=name)
        elif target is not None and name != target:
            posted[name] = valid.get(name, [])
        else:
            posted[name] = data.draw(value_strategy(f, names), label=name)

    with transaction.atomic():
        if files:
            payload = {k: [clean_for_multipart(v) for v in vs] for k, vs in posted.items()}
            for name, kind in files.items():
                if (upload := uploaded(kind)) is not None:
                    payload[name] = upload
            response = client.post(url, payload)
        else:
            response = client.post(url, encode(posted), content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (case.name, posted)
        if response.status_code == 200:
            for message in error_messages(response.content.decode()):
                assert CJK.search(message), (case.name, message)
        elif response.status_code == 302 and case.check is not None:
            case.check(world, posted)
        transaction.set_rollback(True)
