"""Clue tests: cheap password hashing (the clue fixtures live in tests/web/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The `world` personas get real passwords; a cheap hasher keeps these tests fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
