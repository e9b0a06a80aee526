"""NUL and other control characters in a request are refused with a clear 400, never a 500.

PostgreSQL refuses NUL in text, so a NUL reaching a query would be a server error there.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qingfeng.accounts.models import User


@pytest.mark.parametrize("query", ["place=%00", "place=430821%00", "page=%01", "x%00=1", "next=%1b"])
def test_a_control_character_in_a_query_parameter_is_a_clear_400(world, login, query):
    response = login(world.alice).get(f"/staff/households/?{query}")
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()


def test_a_control_character_in_an_api_query_is_a_json_400(world, login):
    response = login(world.alice).get("/api/clues?q=%00")
    assert response.status_code == 400
    assert "control character" in response.json()["detail"]


def test_a_control_character_in_the_path_is_a_400(world, login):
    assert login(world.erin).get("/staff/clues/1/do/propose%00/").status_code == 400


def test_a_control_character_in_a_header_is_a_400(world, client):
    assert client.get("/", HTTP_USER_AGENT="Mozilla\x00").status_code == 400
    assert client.get("/", HTTP_COOKIE='sessionid="\\000abcdefgh"').status_code == 400


def test_ordinary_text_with_tabs_and_chinese_passes(world, login):
    assert login(world.alice).get("/staff/households/?place=430821101&x=a%09b%E4%B8%AD").status_code == 200


@pytest.mark.parametrize("username,name", [("zh\x00ou", "周"), ("zh\x01ou", "周"), ("zhou", "周\x00"), ("zhou", "周\x07明")])
def test_createuser_refuses_control_characters_in_username_and_full_name(world, username, name):
    with pytest.raises(CommandError):
        call_command("createuser", username, role="township", jurisdiction=world.t3.code, name=name,
                     password="a-long-password")
    assert not User.objects.filter(full_name__startswith="周").exists()


def test_createuser_refuses_a_username_with_spaces_or_slashes(world):
    with pytest.raises(CommandError, match="username"):
        call_command("createuser", "zhou/../x", role="township", jurisdiction=world.t3.code, password="a-long-password")
