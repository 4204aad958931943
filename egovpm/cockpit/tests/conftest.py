"""Declarations at chosen stages, built through the real services (egovpm.testing.scenario)."""

from __future__ import annotations

import itertools

import pytest

from egovpm.conftest import PROPOSAL, application_data
from egovpm.intake import services
from egovpm.testing import scenario

_names = itertools.count(1)


class Flow:
    def __init__(self, city, plan_year):
        self.city = city
        self.plan_year = plan_year

    def clerk_of(self, unit_key: str):
        return {"hospital": self.city.users["clerk"], "culture": self.city.users["culture_clerk"]}[unit_key]

    def declare(self, unit_key: str = "hospital", name: str = ""):
        return scenario.declare(
            clerk=self.clerk_of(unit_key),
            plan_year=self.plan_year,
            name=name or f"项目{next(_names)}",
            data=application_data(),
            proposal=PROPOSAL,
        )

    def advance(self, decl, to: str, *, reviewers=None):
        u = self.city.users
        clerk = self.clerk_of("hospital" if decl.unit_id == self.city.units["hospital"].pk else "culture")
        return scenario.advance(
            decl,
            to,
            clerk=clerk,
            supervisor=u["supervisor"],
            office_reviewer=u["office_reviewer"],
            office_head=u["office_head"],
            finance=u["finance"],
            reviewers=reviewers if reviewers is not None else [u["finance"], u["audit"], u["expert"]],
        )

    def at(self, to: str, unit_key: str = "hospital", name: str = "", **kwargs):
        """A declaration carried along the general procedure up to stage `to`."""
        decl = self.declare(unit_key, name)
        if to == "awaiting_consent":
            return services.declaration_submit(actor=self.clerk_of(unit_key), declaration=decl)
        return self.advance(decl, to, **kwargs)

    def pending_review(self, unit_key: str = "culture", name: str = "", reviewers=None):
        """In initial review with every invitation still open."""
        return self.at("in_initial_review", unit_key, name, reviewers=reviewers)

    def submit_opinions(self, decl):
        for inv in decl.invitations.filter(submitted_at__isnull=True).select_related("reviewer"):
            services.review_opinion_submit(
                actor=inv.reviewer, invitation=inv, recommendation="adjust", opinion="建议调整后通过。"
            )


@pytest.fixture
def flow(city, plan_year):
    return Flow(city, plan_year)
