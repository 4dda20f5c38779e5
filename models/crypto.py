"""Secrets at rest: Fernet encryption with HERALD_SECRET_KEY, and hashing of API keys."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from models.settings import Settings, get_settings

log = logging.getLogger("herald.crypto")


def hash_key(key: str) -> str:
    """Server keys are 256-bit random, so a fast digest is enough (no password hashing)."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def load_secret_key(settings: Settings) -> bytes:
    """HERALD_SECRET_KEY, else a key generated once into the data directory (mode 0600)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret.key"
    if path.exists():
        return path.read_bytes().strip()
    if not settings.is_sqlite:
        log.warning("HERALD_SECRET_KEY is not set; generating one in %s", settings.data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


@cache
def _fernet() -> MultiFernet:
    """HERALD_SECRET_KEY may list several keys, comma-separated: the first encrypts, any of
    them decrypts, so a new key can be put in front and the old one retired later."""
    keys = load_secret_key(get_settings()).split(b",")
    return MultiFernet([Fernet(key.strip()) for key in keys if key.strip()])


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise RuntimeError("stored secret cannot be decrypted: wrong HERALD_SECRET_KEY") from None
