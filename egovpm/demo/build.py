"""Carry the demo city into the database through the platform's own services, each step at a plausible
moment of 2026 (the clock is injected), so that the audit chain tells the year's story in order.

The city and its accounts are set up in February. The Office opens plan year 2026 on 03-02 for the special
procedure only (demo.special: applications from March to November, written opinions on 11-24 and 11-25);
the filings of 第十条 arrive from March on (demo.filing). The 2027 annual plan is declared in September and
October (window closes 10-31), reviewed in early November, feasibility materials arrive by mid-November,
re-reviews, approvals and Finance's budget library follow in the second half of November; a few 2027
declarations touch the infrastructure systems and the Office coordinates them (demo.coordination, 第六条).
All of it is one schedule, run in time order. Nothing is dated after LAST_DAY.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import transaction
from django.test.utils import override_settings

from egovpm.acceptance.models import Acceptance
from egovpm.catalog import domain as catalog_domain
from egovpm.catalog import services as catalog_services
from egovpm.construction.models import Construction
from egovpm.core import clock
from egovpm.demo.notifications import notification_steps
from egovpm.documents.models import DocumentKind
from egovpm.documents.outlines import FEASIBILITY, PROPOSAL
from egovpm.filings.models import Filing
from egovpm.intake import services
from egovpm.intake.models import Declaration, PlanYear, Procedure, ReviewRound
from egovpm.operations.models import Operation
from egovpm.orgs.models import Unit, User
from egovpm.policy.loader import get_policy
from egovpm.projects.models import Project
from egovpm.security.services_accounts import unit_create, user_create
from egovpm.testing.outline_corpus import Spec, docx_file
from egovpm.testing.scenario import declare, pdf_file

from . import opinions
from .acceptance import acceptance_steps, accepted_projects
from .accountability import accountability_steps
from .construction import SUSPENDED, SUSPENDED_UNIT, WITHHELD, WITHHELD_UNIT, construction_steps
from .coordination import coordination_steps
from .credentials import demo_credentials
from .duplication import duplication_steps
from .experts import expert_steps, library_accounts
from .filing import filing_steps
from .operations import operations_steps
from .people import MARKER_USERNAME, PASSWORD, UNITS, USERS, clerk_of, supervisor_of
from .procurement import procurement_steps
from .projects import (
    DOMAINS,
    NEXT_PLAN_YEAR,
    NEXT_YEAR_DRAFTS,
    PLAN_YEAR,
    PROJECTS,
    DemoProject,
    application,
    continuation,
    proposal,
    wan,
)
from .special import PLAN_YEAR_NOTES as SPECIAL_PLAN_YEAR_NOTES
from .special import PLAN_YEAR_OPENED_AT as SPECIAL_PLAN_YEAR_OPENED_AT
from .special import YEAR as SPECIAL_PLAN_YEAR
from .special import special_steps
from .supervision import in_construction_steps, supervision_steps, suspended_steps

TZ = clock.TZ
SETUP_AT = dt.datetime(2026, 2, 24, 9, 0, tzinfo=TZ)  # before every scheduled step
PLAN_OPENED_AT = dt.datetime(2026, 8, 28, 10, 0, tzinfo=TZ)
ROUND_ONE_AT = dt.datetime(2026, 11, 2, 8, 45, tzinfo=TZ)
ROUND_TWO_AT = dt.datetime(2026, 11, 16, 8, 45, tzinfo=TZ)
TRANSMISSION_AT = dt.datetime(2026, 11, 19, 16, 30, tzinfo=TZ)
NEXT_PLAN_OPENED_AT = dt.datetime(2026, 11, 23, 8, 50, tzinfo=TZ)
LAST_DAY = dt.date(2026, 11, 25)
PROCUREMENT_AT = dt.datetime(2026, 11, 25, 18, 40, tzinfo=TZ)  # after the starts of demo.construction

# Fates that end before the Office's initial review: declared late in October.
BEFORE_REVIEW = ("draft", "awaiting_consent", "submitted")
# The supervising department first sends this one back, then consents (第七条(一)).
REFUSED_ONCE = "市人民医院互联网医院平台"
# 第十六条: a funded project whose unit keeps its resource catalog up to date after the feasibility stage
# (one entry revised, one added: the catalog page shows three versions).
CATALOG_REVISED = "社会信用体系综合服务平台升级改造"


class SharedSaltPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Every demo account has the same password: derive its PBKDF2 key once, with one salt, instead of
    once per account (each derivation costs about half a second). The hashes it writes are ordinary
    pbkdf2_sha256 hashes that Django's default hasher verifies."""

    _salt = ""
    _encoded: dict[tuple, str] = {}

    def salt(self):
        if not SharedSaltPBKDF2PasswordHasher._salt:
            SharedSaltPBKDF2PasswordHasher._salt = super().salt()
        return SharedSaltPBKDF2PasswordHasher._salt

    def encode(self, password, salt, iterations=None):
        key = (password, salt, iterations)
        if key not in self._encoded:
            self._encoded[key] = super().encode(password, salt, iterations)
        return self._encoded[key]


@contextmanager
def _password_hashed_once():
    """Use SharedSaltPBKDF2PasswordHasher where PBKDF2 is the configured hasher (not in tests)."""
    hashers = settings.PASSWORD_HASHERS
    if hashers[0] != "django.contrib.auth.hashers.PBKDF2PasswordHasher":
        yield
        return
    with override_settings(PASSWORD_HASHERS=[f"{__name__}.SharedSaltPBKDF2PasswordHasher", *hashers]):
        yield


def demo_present() -> bool:
    return User.objects.filter(username=MARKER_USERNAME).exists()


def database_empty() -> bool:
    return not Unit.objects.exists() and not User.objects.exists()


def _day(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


@dataclass
class Track:
    """One project of the demo on its way through the year."""

    n: int
    project: DemoProject
    form: dict
    pk: int | None = None

    @property
    def fate(self) -> str:
        return self.project.fate


class Builder:
    def __init__(self):
        self.units: dict[str, Unit] = {}
        self.users: dict[str, User] = {}
        self.plan_years: dict[int, PlanYear] = {}
        self.rounds: dict[str, ReviewRound] = {}
        self.steps: list[tuple[dt.datetime, int, Callable[[], None]]] = []
        self.library_seq = 0

    # -- scheduling ------------------------------------------------------------------------------
    def at(self, day: dt.date, n: int, step: int, fn: Callable[[], None]) -> None:
        """Schedule `fn` on `day` during office hours; the hour varies with the project and the step."""
        if day > LAST_DAY:
            raise ValueError(f"demo step dated {day} after {LAST_DAY}")
        when = dt.datetime.combine(day, dt.time(9 + (n + 3 * step) % 7, (13 * n + 7 * step) % 60), tzinfo=TZ)
        self.exact(when, fn)

    def exact(self, when: dt.datetime, fn: Callable[[], None]) -> None:
        """Schedule `fn` at `when`: after the city is set up (SETUP_AT), not after LAST_DAY."""
        if when.astimezone(TZ).date() > LAST_DAY:
            raise ValueError(f"demo step dated {when:%Y-%m-%d %H:%M} after {LAST_DAY}")
        if when <= SETUP_AT:
            raise ValueError(f"demo step dated {when:%Y-%m-%d %H:%M}, before the city is set up ({SETUP_AT:%Y-%m-%d})")
        self.steps.append((when, len(self.steps), fn))

    def exact_all(self, steps: list[tuple[dt.datetime, Callable[[], None]]]) -> None:
        """Schedule the dated steps of another part of the demo (coordination_steps() and the like)."""
        for when, fn in steps:
            self.exact(when, fn)

    def run(self) -> None:
        for when, _, fn in sorted(self.steps, key=lambda s: (s[0], s[1])):
            with clock.frozen(when):
                fn()

    # -- helpers ---------------------------------------------------------------------------------
    def user(self, username: str) -> User:
        return self.users[username]

    def decl(self, track: Track) -> Declaration:
        return Declaration.objects.select_related("unit", "plan_year", "project").get(pk=track.pk)

    def office(self, n: int) -> User:
        return self.user("office1" if n % 2 == 0 else "office2")

    # -- the city --------------------------------------------------------------------------------
    def people(self) -> None:
        with clock.frozen(SETUP_AT), _password_hashed_once():
            for u in UNITS:
                parent = self.units[u.parent] if u.parent else None
                self.units[u.key] = unit_create(
                    name=u.name, code=u.code, kind=u.kind, parent=parent, short_name=u.short_name
                )
            for p in USERS:
                self.users[p.username] = user_create(
                    username=p.username,
                    password=PASSWORD,
                    full_name=p.full_name,
                    unit=self.units[p.unit] if p.unit else None,
                    roles=list(p.roles),
                    phone=p.phone,
                    title=p.title,
                    expertise=p.expertise,
                )
            # 第七条(二): the expert library's further accounts (egovpm.demo.experts)
            self.users.update(library_accounts(lambda **kw: user_create(password=PASSWORD, **kw)))

    def open_plan_year(self, year: int, when: dt.datetime, notes: str = "") -> None:
        def run():
            deadline = f"{year - 1}年10月31日"
            self.plan_years[year] = services.plan_year_open(
                actor=self.user("office1"),
                year=year,
                notes=notes or opinions.PLAN_YEAR_NOTES.format(deadline=deadline, year=year),
            )

        self.exact(when, run)

    def open_round(self, key: str, name: str, when: dt.datetime) -> None:
        def run():
            self.rounds[key] = services.review_round_open(
                actor=self.user("office1"), plan_year=self.plan_years[PLAN_YEAR], name=name, notes=opinions.ROUND_NOTES
            )

        self.exact(when, run)

    # -- one project through 第七条 ----------------------------------------------------------------
    def schedule(self, track: Track) -> None:
        n, fate = track.n, track.fate
        late = fate in BEFORE_REVIEW
        created = _day(10, 12 + n % 8) if late else _day(9, 1) + dt.timedelta(days=(n * 47) % 48)
        self.at(created, n, 0, lambda: self.create(track))
        if fate == "draft":
            return
        submitted = created + dt.timedelta(days=3 + n % 5)
        self.at(submitted, n, 1, lambda: self.submit(track))
        supervisor = supervisor_of(track.project.unit)
        if supervisor and fate != "awaiting_consent":
            consent = submitted + dt.timedelta(days=1 + n % 2)
            if track.project.name == REFUSED_ONCE:
                self.at(consent, n, 2, lambda: self.refuse_consent(track))
                self.at(consent + dt.timedelta(days=1), n, 3, lambda: self.submit(track))
                consent += dt.timedelta(days=2)
            self.at(consent, n, 4, lambda: self.consent(track))
        if late:
            return
        second_round = fate == "in_initial_review"
        start = _day(11, 16 + n % 4) if second_round else _day(11, 2 + n % 4)
        self.at(start, n, 5, lambda: self.start_initial_review(track, "second" if second_round else "first"))
        self.at(start + dt.timedelta(days=1), n, 6, lambda: self.mark_procurement(track))
        for k in range(len(self.reviewers(track))):
            if second_round and k == len(self.reviewers(track)) - 1:
                break  # the last invited party has not answered yet
            self.at(start + dt.timedelta(days=1 + (n + k) % 3), n, 7 + k, lambda k=k: self.opinion(track, k))
        if second_round:
            return
        concluded = _day(11, 9 + n % 3)
        if fate == "not_arranged":
            self.at(concluded, n, 12, lambda: self.not_arrange(track))
            return
        self.at(concluded, n, 12, lambda: self.pass_initial_review(track))
        if fate == "initially_passed":
            return
        feasibility = _day(11, 18 + n % 5) if fate == "feasibility_submitted" else _day(11, 12 + n % 3)
        self.at(feasibility, n, 13, lambda: self.submit_feasibility(track))
        if fate == "feasibility_submitted":
            return
        re_review = feasibility + dt.timedelta(days=2 if fate != "in_re_review" else 3 + n % 4)
        self.at(re_review, n, 14, lambda: self.start_re_review(track))
        if fate == "in_re_review":
            return
        if fate == "returned":
            self.at(_day(11, 18 + n % 5), n, 15, lambda: self.return_re_review(track))
            return
        sent = fate != "approved" or n % 2 == 0  # some approvals come after the transmission to Finance
        decided = _day(11, 17 + n % 3) if sent else _day(11, 20 + n % 4)
        self.at(decided, n, 15, lambda: self.approve(track))
        if fate == "approved":
            return
        self.at(_day(11, 20 + n % 3), n, 16, lambda: self.place(track))
        if fate == "funded":
            self.at(_day(11, 23 + n % 3), n, 17, lambda: self.arrange(track))
        if track.project.name == CATALOG_REVISED:
            self.at(LAST_DAY, n, 18, lambda: self.revise_catalog(track))

    def create(self, track: Track) -> None:
        p = track.project
        plan_year = self.plan_years[PLAN_YEAR]
        clerk = self.user(clerk_of(p.unit))
        online = p.nature in ("new", "continuing") and track.n % 3 != 0
        if p.nature in ("new", "continuing") and not online:
            # 附件2 uploaded as Word; every other one lacks 三、现状及需求分析, for the outline check to show
            decl = services.declaration_create(actor=clerk, plan_year=plan_year, name=p.name, data=track.form)
            spec = Spec(PROPOSAL, seed=track.n, omit={"3"} if track.n % 2 else set())
            upload = docx_file(spec, f"{p.name}项目建议书.docx")
            services.declaration_document_upload(
                actor=clerk, declaration=decl, kind=DocumentKind.PROPOSAL, upload=upload
            )
        else:
            decl = declare(
                clerk=clerk,
                plan_year=plan_year,
                name=p.name,
                data=track.form,
                proposal=proposal(p, track.form) if online else None,
            )
        track.pk = decl.pk

    def submit(self, track: Track) -> None:
        services.declaration_submit(actor=self.user(clerk_of(track.project.unit)), declaration=self.decl(track))

    def consent(self, track: Track) -> None:
        services.declaration_consent(
            actor=self.user(supervisor_of(track.project.unit)),
            declaration=self.decl(track),
            opinion=opinions.CONSENT[track.n % len(opinions.CONSENT)],
        )

    def refuse_consent(self, track: Track) -> None:
        services.declaration_refuse_consent(
            actor=self.user(supervisor_of(track.project.unit)),
            declaration=self.decl(track),
            reason=opinions.CONSENT_REFUSAL,
        )

    def reviewers(self, track: Track) -> list[str]:
        """Finance always; Audit for larger projects; the field's expert, and the cost expert for large ones."""
        p, n = track.project, track.n
        total = Decimal(p.total)
        names = ["finance1" if n % 2 == 0 else "finance2"]
        if total >= 200:
            names.append("audit1")
        names.append(DOMAINS[p.domain].expert)
        if total >= 300 and "expert3" not in names:
            names.append("expert3")
        if p.domain in ("gov", "police") and "expert2" not in names:
            names.append("expert2")
        return names

    def start_initial_review(self, track: Track, round_key: str) -> None:
        services.initial_review_start(
            actor=self.office(track.n),
            declaration=self.decl(track),
            review_round=self.rounds[round_key],
            reviewers=[self.user(u) for u in self.reviewers(track)],
        )

    def mark_procurement(self, track: Track) -> None:
        for category, name, spec, quantity, amount in opinions.PROCUREMENT.get(track.project.name, ()):
            services.procurement_item_add(
                actor=self.office(track.n),
                declaration=self.decl(track),
                data={
                    "category": category,
                    "name": name,
                    "specification": spec,
                    "quantity": quantity,
                    "estimated_amount": Decimal(amount),
                },
            )

    def opinion(self, track: Track, k: int) -> None:
        username = self.reviewers(track)[k]
        reviewer = self.user(username)
        decl = self.decl(track)
        invitation = decl.invitations.get(reviewer=reviewer)
        if track.fate == "not_arranged":
            recommendation = "not_arrange" if k != 1 else "adjust"
        else:
            recommendation = "pass" if (track.n + k) % 3 == 0 else "adjust"
        pool = opinions.REVIEW_OPINIONS[invitation.party][recommendation]
        text = pool[(track.n + k) % len(pool)].format(fiscal=decl.current_fiscal)
        services.review_opinion_submit(
            actor=reviewer, invitation=invitation, recommendation=recommendation, opinion=text
        )

    def pass_initial_review(self, track: Track) -> None:
        adjustments = opinions.ADJUSTMENTS[track.n % len(opinions.ADJUSTMENTS)]
        services.initial_review_pass(
            actor=self.office(track.n),
            declaration=self.decl(track),
            opinion=opinions.INITIAL_PASS.format(name=track.project.name, adjustments=adjustments),
        )

    def not_arrange(self, track: Track) -> None:
        services.initial_review_not_arrange(
            actor=self.office(track.n), declaration=self.decl(track), reason=track.project.reason
        )

    def submit_feasibility(self, track: Track) -> None:
        """第七条(三): the feasibility report, the expert preliminary opinion and the resource catalog
        (new and continuing projects; the others go to re-review without)."""
        clerk = self.user(clerk_of(track.project.unit))
        decl = self.decl(track)
        if decl.nature not in get_policy().intake.feasibility_required_natures:
            services.feasibility_submit(actor=clerk, declaration=decl)
            return
        # 附件3 as Word: every fourth report lacks 第七章 and two annexes, so the outline check has findings to show
        spec = Spec(FEASIBILITY, with_toc=True, seed=track.n)
        if track.n % 4 == 0:
            spec.omit = {"7", *(h.code for h in FEASIBILITY.sections_of("7"))}
            spec.annexes = ("图表资料", "软硬件配置清单", "应用系统定制开发工作量核算表")
        report = docx_file(spec, f"{track.project.name}可行性研究报告.docx")
        services.declaration_document_upload(
            actor=clerk, declaration=decl, kind=DocumentKind.FEASIBILITY_REPORT, upload=report
        )
        filename = f"{track.project.name}专家初步论证意见.pdf"
        upload = pdf_file(filename, body=f"{decl.project.code} {filename}")
        services.declaration_document_upload(
            actor=clerk, declaration=decl, kind=DocumentKind.EXPERT_OPINION, upload=upload
        )
        for k, (name, items, share_type) in enumerate(DOMAINS[track.project.domain].resources):
            catalog_services.catalog_entry_save(
                actor=clerk,
                project=decl.project,
                data={
                    "name": name,
                    "code": f"QD-{decl.unit.code}-{track.n:03d}{k + 1}",
                    "provider": decl.unit.name,
                    "category": "主题信息资源",
                    "summary": f"“{track.project.name}”运行形成的{name}。",
                    "format": "数据库",
                    "items": items,
                    "share_type": share_type,
                    "share_condition": ""
                    if share_type == "unconditional"
                    else "按部门履职需要共享，使用须经提供方授权。",
                    "open_attribute": "closed",
                    "update_cycle": "realtime" if track.project.domain in ("env", "police") else "daily",
                },
            )
        services.feasibility_submit(actor=clerk, declaration=decl)

    def start_re_review(self, track: Track) -> None:
        services.re_review_start(actor=self.office(track.n), declaration=self.decl(track))

    def approve(self, track: Track) -> None:
        decl = self.decl(track)
        # the Office trims one project in four by a tenth
        amount = wan(decl.total_investment * Decimal("0.9")) if track.n % 4 == 0 else decl.total_investment
        services.re_review_approve(
            actor=self.user("office_head"),
            declaration=decl,
            opinion=opinions.APPROVAL.format(name=track.project.name, year=PLAN_YEAR, amount=amount),
            approved_amount=amount,
        )

    def return_re_review(self, track: Track) -> None:
        services.re_review_return(
            actor=self.user("office_head"), declaration=self.decl(track), reason=track.project.reason
        )

    def send_to_finance(self) -> None:
        services.plan_send_to_finance(actor=self.user("office1"), plan_year=self.plan_years[PLAN_YEAR])

    def place(self, track: Track) -> None:
        self.library_seq += 1
        services.budget_library_place(
            actor=self.user("finance1"),
            declaration=self.decl(track),
            library_code=f"QDYS{PLAN_YEAR}{self.library_seq:04d}",
        )

    def arrange(self, track: Track) -> None:
        decl = self.decl(track)
        # 第七条(五): arranged "结合财力情况统筹考虑" — one in five gets less than asked
        amount = wan(decl.current_fiscal * Decimal("0.8")) if track.n % 5 == 0 else decl.current_fiscal
        services.budget_funds_arrange(actor=self.user("finance2"), declaration=decl, amount=amount)

    def revise_catalog(self, track: Track) -> None:
        """第十六条: while the project is built, its unit revises an entry of the catalog and adds one; the
        earlier versions stay in the catalog's history."""
        clerk = self.user(clerk_of(track.project.unit))
        project = self.decl(track).project
        first = project.catalog_entries.order_by("code").first()
        revised = {f: getattr(first, f) for f in catalog_domain.FIELDS}
        revised.update(update_cycle="realtime", items=first.items + "\n数据更新时间")
        catalog_services.catalog_entry_save(actor=clerk, project=project, data=revised, entry=first)
        catalog_services.catalog_entry_save(
            actor=clerk,
            project=project,
            data={
                **revised,
                "name": "信用信息接口调用记录",
                "code": f"{first.code}-API",
                "summary": f"“{project.name}”接入市政务信息资源共享交换平台后形成的接口调用记录。",
                "format": "接口",
                "items": "调用部门\n接口名称\n调用时间\n返回结果",
                "share_type": "conditional",
                "share_condition": "向市级部门按履职需要共享，使用须经提供方授权。",
            },
        )

    def next_year_draft(self, n: int, p: DemoProject, day: dt.date) -> None:
        previous = (
            next((i, q) for i, q in enumerate(PROJECTS) if q.name == p.name) if p.nature == "continuing" else None
        )

        def run():
            clerk = self.user(clerk_of(p.unit))
            plan_year = self.plan_years[NEXT_PLAN_YEAR]
            if previous is None:
                form = application(p, n, plan_year=NEXT_PLAN_YEAR)
                declare(clerk=clerk, plan_year=plan_year, name=p.name, data=form, proposal=proposal(p, form))
                return
            form = continuation(application(previous[1], previous[0]), plan_year=NEXT_PLAN_YEAR)
            project = Project.objects.get(name=p.name, unit=self.units[p.unit])
            decl = services.declaration_create(
                actor=clerk, plan_year=plan_year, name=p.name, data=form, project=project
            )
            services.proposal_save(actor=clerk, declaration=decl, data=proposal(p, form))

        self.at(day, n, 0, run)


def build() -> dict[str, int]:
    """Load the whole demo in one transaction, as one schedule run in time order. Returns a few counts."""
    builder = Builder()
    with transaction.atomic():
        builder.people()
        # 第八条, 第九条: plan year 2026 serves the special procedure only; 第十条: the filings
        builder.open_plan_year(SPECIAL_PLAN_YEAR, SPECIAL_PLAN_YEAR_OPENED_AT, notes=SPECIAL_PLAN_YEAR_NOTES)
        builder.exact_all(special_steps())
        builder.exact_all(filing_steps())
        builder.exact_all(supervision_steps())  # 第十三条, 第十七条, 第十八条
        builder.open_plan_year(PLAN_YEAR, PLAN_OPENED_AT)
        builder.open_round("first", f"{PLAN_YEAR}年度第一批初审", ROUND_ONE_AT)
        builder.open_round("second", f"{PLAN_YEAR}年度第二批初审", ROUND_TWO_AT)
        for n, project in enumerate(PROJECTS):
            builder.schedule(Track(n, project, application(project, n)))
        builder.exact_all(coordination_steps())  # 第二条, 第三条, 第六条 among the 2027 declarations
        builder.exact_all(construction_steps("office1"))  # 第十一条 to 第十六条, once the funds are arranged
        builder.exact(TRANSMISSION_AT, builder.send_to_finance)
        builder.open_plan_year(NEXT_PLAN_YEAR, NEXT_PLAN_OPENED_AT)
        for n, project in enumerate(NEXT_YEAR_DRAFTS):
            builder.next_year_draft(len(PROJECTS) + n, project, _day(11, 24 + n % 2))
        # 第十一条, 第四条: after the day's construction steps, each project with an approved estimate
        builder.exact_all(procurement_steps(PROCUREMENT_AT, finance_username="finance1"))
        builder.exact_all(in_construction_steps(WITHHELD, WITHHELD_UNIT))  # 第十八条: then no more payments
        builder.exact_all(suspended_steps(SUSPENDED, SUSPENDED_UNIT))  # 第十八条: construction suspended
        builder.exact_all(acceptance_steps())  # 第十九条 to 第二十一条: the completed projects' acceptance
        # 第二十一条 to 第二十四条: the accepted projects in operation under each mode, incidents, next year's O&M
        # declarations, a final audit
        builder.exact_all(operations_steps(accepted_projects, plan_year=NEXT_PLAN_YEAR, audit_username="audit1"))
        builder.exact_all(accountability_steps())  # 第三十条, 第三十一条: at the end of the day
        builder.exact_all(notification_steps())  # the daily reminders and a 催办 of the Office
        builder.exact_all(expert_steps())  # 第七条(二): the library, a draw with a decline, scores
        builder.exact_all(duplication_steps())  # 第五条 judgements, 第七条(二) the 2027 procurement plan
        builder.run()
        demo_credentials(builder.users.values())
    general = Declaration.objects.filter(procedure=Procedure.GENERAL)
    return {
        "units": len(builder.units),
        "users": len(builder.users),
        "declarations": general.count(),
        f"declarations_{PLAN_YEAR}": general.filter(plan_year__year=PLAN_YEAR).count(),
        "special": Declaration.objects.filter(procedure=Procedure.SPECIAL).count(),
        "filings": Filing.objects.count(),
        "coordinated": general.filter(stage="coordinated").count(),
        "constructions": Construction.objects.count(),
        "acceptances": Acceptance.objects.count(),
        "operations": Operation.objects.count(),
    }
