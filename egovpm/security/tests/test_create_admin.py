import pytest
from django.core.management import CommandError, call_command

from egovpm.lifecycle.roles import Role
from egovpm.orgs.models import User
from egovpm.security.models import PasswordRecord

STRONG = "Anfang#2026x"


def answers(monkeypatch, *values):
    replies = iter(values)
    monkeypatch.setattr("egovpm.security.management.commands.create_admin.getpass", lambda prompt: next(replies))


@pytest.mark.django_db
def test_create_admin_makes_an_administrator_who_must_change_the_password(monkeypatch):
    answers(monkeypatch, STRONG, STRONG)
    call_command("create_admin", "auditadmin", "--username", "shenji", "--name", "韩审计")
    user = User.objects.get(username="shenji")
    assert user.roles == {Role.AUDITADMIN}
    assert user.check_password(STRONG)
    assert PasswordRecord.objects.filter(user=user, set_by_self=False).exists()


@pytest.mark.django_db
def test_create_admin_refuses_a_weak_or_mistyped_password(monkeypatch):
    answers(monkeypatch, "short", "short")
    with pytest.raises(CommandError):
        call_command("create_admin", "sysadmin", "--username", "xitong", "--name", "何管理")
    answers(monkeypatch, STRONG, STRONG + "!")
    with pytest.raises(CommandError, match="不一致"):
        call_command("create_admin", "sysadmin", "--username", "xitong", "--name", "何管理")
    assert not User.objects.filter(username="xitong").exists()
