"""What a user's credentials open besides the password — API tokens (egovpm.api) — and its withdrawal
when the password changes or the account is disabled.

The layers point one way: the security services that change a password or disable an account cannot
import the apps above them that issue credentials. Those apps register, in their AppConfig.ready(), the
function that withdraws what they issued; the services call `credentials_withdraw` inside their own
transaction, so that the password change and the revocation commit (and are audited) together. An
explicit call from the service, not a signal."""

from __future__ import annotations

from collections.abc import Callable

Withdraw = Callable[..., int]

_WITHDRAWALS: dict[str, Withdraw] = {}


def register(name: str, withdraw: Withdraw) -> None:
    """`withdraw(*, actor, user, reason)` revokes what `name` issued to `user` and returns how many."""
    _WITHDRAWALS[name] = withdraw


def credentials_withdraw(*, actor, user, reason: str) -> dict[str, int]:
    """Revoke every credential issued to `user` (`reason`: "password_change", "password_reset",
    "account_disabled"). Part of the caller's transaction."""
    return {name: withdraw(actor=actor, user=user, reason=reason) for name, withdraw in _WITHDRAWALS.items()}
