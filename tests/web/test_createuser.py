import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qingfeng.accounts.models import User
from qingfeng.audit.models import AuditEntry


def test_createuser_makes_an_audited_account_with_role_and_jurisdiction(world, capsys):
    call_command("createuser", "zhou", role="township", jurisdiction=world.t3.code, name="周", password="a-long-password")
    user = User.objects.get(username="zhou")
    assert user.role == "township" and user.jurisdiction == world.t3 and user.check_password("a-long-password")
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()
    assert "江垭镇" in capsys.readouterr().out


def test_createuser_refuses_a_role_at_the_wrong_level(world):
    with pytest.raises(CommandError, match="needs a township jurisdiction"):
        call_command("createuser", "zhou", role="township", jurisdiction=world.county.code, password="a-long-password")
    assert not User.objects.filter(username="zhou").exists()


def test_createuser_refuses_an_unknown_jurisdiction(world):
    with pytest.raises(CommandError, match="no jurisdiction"):
        call_command("createuser", "zhou", role="township", jurisdiction="999", password="a-long-password")


def test_createuser_refuses_a_weak_password(world):
    with pytest.raises(CommandError, match="password"):
        call_command("createuser", "zhou", role="township", jurisdiction=world.t3.code, password="123")
    assert not User.objects.filter(username="zhou").exists()


def test_createuser_refuses_a_password_too_like_the_username(world):
    with pytest.raises(CommandError, match="password"):
        call_command("createuser", "zhouxiaoming", role="township", jurisdiction=world.t3.code,
                     password="zhouxiaoming1")
    assert not User.objects.filter(username="zhouxiaoming").exists()


def test_createuser_refuses_a_password_too_like_the_full_name(world):
    with pytest.raises(CommandError, match="password"):
        call_command("createuser", "zhou", role="township", jurisdiction=world.t3.code, name="Zhou Xiaoming",
                     password="zhouxiaoming")
    assert not User.objects.filter(username="zhou").exists()


def test_the_demo_password_passes_the_validators_for_every_demo_account(world):
    from django.contrib.auth.password_validation import validate_password

    from qingfeng.demo.loader import DEMO_PASSWORD, demo_accounts
    from qingfeng.engine.generator.county import demo_county

    for account in demo_accounts(demo_county(7)):
        validate_password(DEMO_PASSWORD, User(username=account.username, full_name=account.full_name))
