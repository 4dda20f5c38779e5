"""Secrets at rest: HERALD_SECRET_KEY, including rotation to a new key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from models import crypto
from models.settings import Settings


def test_secret_key_rotation_keeps_old_secrets_readable(monkeypatch) -> None:
    """A new key in front of the old one: new values use it, old values still decrypt."""
    old = crypto.encrypt("sealed-with-the-old-key")
    current = Settings().secret_key
    monkeypatch.setattr(
        crypto,
        "get_settings",
        lambda: Settings(secret_key=f"{Fernet.generate_key().decode()},{current}"),
    )
    crypto._fernet.cache_clear()
    try:
        assert crypto.decrypt(old) == "sealed-with-the-old-key"
        fresh = crypto.encrypt("new")
        monkeypatch.setattr(crypto, "get_settings", lambda: Settings(secret_key=current))
        crypto._fernet.cache_clear()
        with pytest.raises(RuntimeError, match="wrong HERALD_SECRET_KEY"):
            crypto.decrypt(fresh)  # really sealed with the new key
    finally:
        monkeypatch.undo()
        crypto._fernet.cache_clear()
