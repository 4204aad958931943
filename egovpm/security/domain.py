"""The security policy (GB/T 22239-2019 level 3) as data, and its checks. Pure Python."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta

from egovpm.core.clock import TZ
from egovpm.lifecycle.roles import ADMIN_ROLES, FINANCE_ROLES, OFFICE_ROLES, Role


@dataclass(frozen=True)
class SecurityPolicy:
    name: str
    password_min_length: int
    password_min_classes: int
    password_history: int
    password_max_age_days: int
    password_min_age_days: int
    password_change_at_first_login: bool
    lockout_failures: int
    lockout_minutes: int
    lockout_address_failures: int
    session_idle_minutes: int
    two_factor_roles: frozenset[Role]
    recovery_codes: int
    login_rate_per_minute: int
    api_rate_per_minute: int
    api_token_days: int
    api_tokens_per_user: int
    upload_max_mb: int

    def as_dict(self) -> dict:
        data = asdict(self)
        data["two_factor_roles"] = sorted(self.two_factor_roles)
        return data


# Bounds below which a level-3 deployment is not compliant (and above which a value is a typo).
BOUNDS = {
    "password_min_length": (8, 64),
    "password_min_classes": (3, 4),
    "password_history": (5, 24),
    "password_max_age_days": (1, 90),
    "password_min_age_days": (1, 7),
    "lockout_failures": (3, 10),
    "lockout_minutes": (30, 1440),
    "lockout_address_failures": (10, 1000),
    "session_idle_minutes": (5, 30),
    "recovery_codes": (5, 20),
    "login_rate_per_minute": (1, 600),
    "api_rate_per_minute": (10, 100000),
    "api_token_days": (1, 365),
    "api_tokens_per_user": (1, 20),
    "upload_max_mb": (1, 1024),
}

LABELS = {
    "name": "策略名称",
    "password_min_length": "口令最小长度",
    "password_min_classes": "口令至少包含的字符类别数（大写、小写、数字、符号）",
    "password_history": "不得重复使用最近几次口令",
    "password_max_age_days": "口令有效期（天）",
    "password_min_age_days": "口令最短使用期（天，期内不得再次修改本人口令）",
    "password_change_at_first_login": "首次登录须修改口令",
    "lockout_failures": "连续登录失败锁定次数",
    "lockout_minutes": "锁定时长（分钟）",
    "lockout_address_failures": "同一来源地址登录失败锁定次数（任意账户合计）",
    "session_idle_minutes": "会话空闲超时（分钟）",
    "two_factor_roles": "必须启用双因素认证的角色",
    "recovery_codes": "恢复码个数",
    "login_rate_per_minute": "同一来源每分钟登录请求上限",
    "api_rate_per_minute": "每个用户每分钟 API 请求上限（其全部令牌合计）",
    "api_token_days": "API 令牌有效期（天）",
    "api_tokens_per_user": "每个用户有效 API 令牌数上限",
    "upload_max_mb": "单个上传文件大小上限（MB）",
}

# Roles that must always use a second factor, whatever the security administrator's policy says (penetration
# test, 等保三级 8.1.4.1 d): the Office, Finance, Audit and the three administrators. The level-3 default policy
# (data/mlps3.json) names every other business role too: a unit's clerk, leader and supervising approver,
# experts, supervision engineers and assessors.
ALWAYS_TWO_FACTOR = ADMIN_ROLES | OFFICE_ROLES | FINANCE_ROLES | {Role.AUDIT_REVIEWER}


def parse_security_policy(data: dict, defaults: dict | None = None) -> SecurityPolicy:
    """The policy of `data`; a field `data` lacks (a record saved before the field existed) takes its value
    from `defaults` (the level-3 default file) when given."""
    data = {**(defaults or {}), **data}
    names = {f.name for f in fields(SecurityPolicy)}
    unknown = set(data) - names
    missing = names - set(data)
    if unknown or missing:
        raise ValueError(f"security policy: unknown {sorted(unknown)}, missing {sorted(missing)}")
    values = dict(data)
    values["two_factor_roles"] = frozenset(Role(r) for r in data["two_factor_roles"])
    return SecurityPolicy(**values)


def security_policy_problems(policy: SecurityPolicy) -> dict[str, str]:
    """Field → Chinese message for every value outside the level-3 bounds; {} when compliant."""
    problems = {}
    for name, (low, high) in BOUNDS.items():
        value = getattr(policy, name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            problems[name] = f"{LABELS[name]}须在 {low} 至 {high} 之间。"
    counts = {"lockout_address_failures", "lockout_failures"}
    if not counts & problems.keys() and policy.lockout_address_failures <= policy.lockout_failures:
        problems["lockout_address_failures"] = (
            f"{LABELS['lockout_address_failures']}须大于{LABELS['lockout_failures']}。"
        )
    if not policy.name.strip():
        problems["name"] = "请填写策略名称。"
    if not policy.two_factor_roles >= ALWAYS_TWO_FACTOR:
        problems["two_factor_roles"] = (
            "办公室、财政局、审计局人员和系统管理员、安全管理员、审计管理员必须启用双因素认证。"
        )
    return problems


def api_token_expires_at(created_at: datetime, policy: SecurityPolicy) -> datetime:
    """When an API token created at `created_at` stops working."""
    return created_at + timedelta(days=policy.api_token_days)


# -- passwords (身份鉴别) ----------------------------------------------------------------------------

CHARACTER_CLASS_LABELS = {"upper": "大写字母", "lower": "小写字母", "digit": "数字", "symbol": "符号"}


def character_classes(password: str) -> set[str]:
    """The classes of GB/T 22239-2019 8.1.4.1 a) present in `password`: ASCII upper and lower case letters,
    digits, and symbols (every other character, Chinese characters and spaces included)."""
    classes = set()
    for ch in password:
        if "A" <= ch <= "Z":
            classes.add("upper")
        elif "a" <= ch <= "z":
            classes.add("lower")
        elif "0" <= ch <= "9":
            classes.add("digit")
        else:
            classes.add("symbol")
    return classes


def password_problems(password: str, policy: SecurityPolicy) -> list[str]:
    """Why `password` breaks the policy's length and complexity rules, in Chinese; [] when it does not."""
    problems = []
    if len(password) < policy.password_min_length:
        problems.append(f"口令至少需要 {policy.password_min_length} 个字符。")
    if len(character_classes(password)) < policy.password_min_classes:
        names = "、".join(CHARACTER_CLASS_LABELS.values())
        problems.append(f"口令须至少包含{names}中的 {policy.password_min_classes} 类。")
    return problems


# Guessable passwords (GB/T 22239-2019 8.1.4.1 a: 鉴别信息具有复杂度要求): a password that meets the classes
# may still be the first an attacker tries — a common password dressed up ("P@ssw0rd2024!") or the
# platform's own words ("Qidong@123").
PLATFORM_WORDS = ("启东", "qidong", "egovpm", "电子政务")
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
# The part of a password tested against the common list, after stripping digits and symbols around it,
# has at least this many characters (shorter cores would refuse half the good passwords).
COMMON_CORE_MIN = 5


def _core(text: str) -> str:
    """`text` without the digits and symbols before and after its letters ("p@ssw0rd" of "2024p@ssw0rd!")."""
    start, end = 0, len(text)
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not text[end - 1].isalpha():
        end -= 1
    return text[start:end]


def password_variants(password: str) -> set[str]:
    """The spellings of `password` an attacker's list would hold: lower case, without the digits and symbols
    around it, and with the usual substitutions undone (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s, !→i)."""
    lower = password.strip().lower()
    core = _core(lower)
    variants = {lower, lower.translate(LEET)}
    if len(core) >= COMMON_CORE_MIN:
        variants |= {core, core.translate(LEET)}
    return variants


def common_password(password: str, common: frozenset[str] | set[str]) -> bool:
    """Whether `password`, in any of its variants, is on the list of common passwords."""
    return bool(password_variants(password) & common)


def guessable_word(password: str, words) -> str:
    """The first of `words` (the platform's, the user's username and unit) that `password` contains,
    case-insensitively and with the substitutions undone; "" when none. Words shorter than 3 characters
    (2 for Chinese) are ignored."""
    lower = password.lower()
    spellings = (lower, lower.translate(LEET))
    for word in words:
        word = (word or "").strip().lower()
        if len(word) < (2 if not word.isascii() else 3):
            continue
        if any(word in spelling for spelling in spellings):
            return word
    return ""


def password_expires_at(set_at: datetime, policy: SecurityPolicy) -> datetime:
    return set_at + timedelta(days=policy.password_max_age_days)


def password_too_young(*, set_at: datetime, set_by_self: bool, now: datetime, policy: SecurityPolicy) -> str:
    """Why the user may not change their own password yet, in Chinese; "" when they may. A password the user
    chose themself is kept at least policy.password_min_age_days, so that changing it password_history
    times in a row cannot bring an old one back; a password an administrator set is exempt (it must be
    changed at once), and so is the administrator's reset."""
    if not set_by_self:
        return ""
    allowed_at = set_at + timedelta(days=policy.password_min_age_days)
    if now >= allowed_at:
        return ""
    return (
        f"口令设置后至少须使用 {policy.password_min_age_days} 天才能再次修改（防止循环修改以重复使用旧口令），"
        f"请于 {allowed_at.astimezone(TZ):%Y-%m-%d %H:%M} 之后再修改；如口令已泄露，请联系系统管理员重设。"
    )


def password_change_reason(*, set_at: datetime, set_by_self: bool, now: datetime, policy: SecurityPolicy) -> str:
    """Why the user must change the password now: "initial" (set by an administrator, first login),
    "expired" (older than the policy's maximum age), or "" when no change is due."""
    if not set_by_self and policy.password_change_at_first_login:
        return "initial"
    if now >= password_expires_at(set_at, policy):
        return "expired"
    return ""


def two_factor_required(roles, policy: SecurityPolicy) -> bool:
    """Whether a holder of `roles` must log in with a second factor (administrators always)."""
    return bool(set(roles) & (policy.two_factor_roles | ALWAYS_TWO_FACTOR))


# -- the SM3 one-time password (GM/T 0021-2012 动态口令密码应用技术规范) --------------------------------------

SM3_OTP_STEP = 60  # seconds: the time factor's period the standard recommends
SM3_OTP_ID_BYTES = 16  # the standard's ID (time factor ‖ event factor ‖ challenge) is at least 128 bits


def sm3_otp(key: bytes, time_factor: int, *, digits: int = 6, challenge: bytes = b"") -> str:
    """The dynamic password of GM/T 0021-2012 with SM3 as the one-way function F:
    ID = T (64 bits, big-endian) ‖ Q, padded with zero bytes to 128 bits; S = SM3(K ‖ ID); the truncation
    sums S's eight 32-bit big-endian words modulo 2^32 (OD); the password is OD mod 10^digits, zero-padded.
    `time_factor` is T = ⌊(t − T0) / Tc⌋. SM3 comes from OpenSSL through hashlib."""
    if not 6 <= digits <= 8:
        raise ValueError("digits must be 6 to 8")
    ident = (time_factor.to_bytes(8, "big") + challenge).ljust(SM3_OTP_ID_BYTES, b"\0")
    digest = hashlib.new("sm3", key + ident).digest()
    od = sum(int.from_bytes(digest[i : i + 4], "big") for i in range(0, len(digest), 4)) % 2**32
    return f"{od % 10**digits:0{digits}d}"
