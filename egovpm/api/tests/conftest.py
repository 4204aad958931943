"""API test helpers: a client that calls /api/v1/ with a real token of a user, and a small world of
declarations at several stages, built through the services."""

from __future__ import annotations

import json

import pytest

from egovpm.api.models import TokenScope
from egovpm.api.services import api_token_create
from egovpm.catalog import services as catalog_services
from egovpm.conftest import PROPOSAL, application_data
from egovpm.intake import services
from egovpm.testing import scenario
from egovpm.testing.otp import second_factor_code

BASE = "/api/v1"


class Api:
    """Calls the API as one user, with a token created through the token service."""

    def __init__(self, client, user, scope: str = TokenScope.WRITE):
        self.client = client
        self.user = user
        self.token, self.secret = api_token_create(
            actor=user, user=user, name=f"测试 {user.username}", scope=scope, otp_token=second_factor_code(user)
        )

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret}"}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def post(self, path: str, data=None):
        body = json.dumps(data if data is not None else {}, ensure_ascii=False, default=str)
        return self.client.post(BASE + path, body, content_type="application/json", headers=self.headers)

    def put(self, path: str, data=None):
        body = json.dumps(data if data is not None else {}, ensure_ascii=False, default=str)
        return self.client.put(BASE + path, body, content_type="application/json", headers=self.headers)

    def delete(self, path: str):
        return self.client.delete(BASE + path, headers=self.headers)

    def upload(self, path: str, data: dict):
        return self.client.post(BASE + path, data, headers=self.headers)

    def act(self, pk: int, action: str, body: dict | None = None, status: int = 200) -> dict:
        """Take a lifecycle action on declaration `pk`; the answer must have `status`."""
        response = self.post(f"/declarations/{pk}/actions/{action}", body or {})
        assert response.status_code == status, (action, response.content.decode())
        return response.json()


@pytest.fixture
def api_as(client, city):
    """api_as("clerk") → an Api for that user of the city (write token unless scope="read")."""
    made: dict = {}

    def make(name: str, scope: str = TokenScope.WRITE) -> Api:
        key = (name, scope)
        if key not in made:
            made[key] = Api(client, city.users[name], scope)
        return made[key]

    return make


def walk_users(city) -> dict:
    u = city.users
    return {
        "clerk": u["clerk"],
        "supervisor": u["supervisor"],
        "office_reviewer": u["office_reviewer"],
        "office_head": u["office_head"],
        "finance": u["finance"],
        "reviewers": [u["finance"], u["audit"], u["expert"]],
    }


def application_json(**overrides) -> dict:
    """The application form as JSON (money as strings, dates ISO)."""
    return {k: str(v) if not isinstance(v, bool) else v for k, v in application_data(**overrides).items()}


@pytest.fixture
def world(city, plan_year):
    """The hospital's declarations: `draft`, `review` (in the initial review, a procurement item),
    `passed` (initially passed, one catalog entry), `library` (in the budget library, with catalog and
    documents), `approved` (passed the re-review, not sent to Finance); the culture bureau's `other` draft."""
    u = city.users
    walk = walk_users(city)
    draft = scenario.declare(clerk=u["clerk"], plan_year=plan_year, name="草稿项目", data=application_data())
    review = scenario.declare(
        clerk=u["clerk"], plan_year=plan_year, name="在审项目", data=application_data(), proposal=PROPOSAL
    )
    review = scenario.advance(review, "in_initial_review", **walk)
    services.procurement_item_add(
        actor=u["office_reviewer"],
        declaration=review,
        data={
            "category": "equipment",
            "name": "服务器",
            "specification": "",
            "quantity": 2,
            "estimated_amount": "20.00",
        },
    )
    library = scenario.declare(
        clerk=u["clerk"], plan_year=plan_year, name="已批项目", data=application_data(), proposal=PROPOSAL
    )
    library = scenario.advance(library, "in_budget_library", **walk)
    passed = scenario.declare(
        clerk=u["clerk"], plan_year=plan_year, name="初审通过项目", data=application_data(), proposal=PROPOSAL
    )
    passed = scenario.advance(passed, "initially_passed", **walk)
    catalog_services.catalog_entry_save(actor=u["clerk"], project=passed.project, data=scenario.catalog_entry_data(1))
    approved = scenario.declare(
        clerk=u["clerk"], plan_year=plan_year, name="复核通过项目", data=application_data(), proposal=PROPOSAL
    )
    approved = scenario.advance(approved, "approved", **walk)
    other = scenario.declare(
        clerk=u["culture_clerk"], plan_year=plan_year, name="他单位草稿", data=application_data(), proposal=PROPOSAL
    )
    return {
        "plan_year": plan_year,
        "draft": draft,
        "review": review,
        "library": library,
        "other": other,
        "passed": passed,
        "approved": approved,
        "passed_entry": passed.project.catalog_entries.get(),
        "round": review.review_round,
        "invitation": review.invitations.get(reviewer=u["expert"]),
        "entry": library.project.catalog_entries.first(),
        "document": library.documents.order_by("id").first(),
    }
