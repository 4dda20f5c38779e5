"""CORS for frontends: only the origins in HERALD_CORS_ORIGINS, and none by default."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest

from models.settings import Settings
from tests.harness import Server, start_server

APP = "https://app.example.com"


def preflight(url: str, origin: str) -> httpx.Response:
    return httpx.options(
        f"{url}/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


@pytest.fixture(scope="module")
def cors_server() -> Iterator[Server]:
    running = start_server(dataclasses.replace(Settings(), cors_origins=(APP,)))
    yield running
    running.stop()


def test_allowed_origin_passes_the_preflight(cors_server: Server) -> None:
    response = preflight(cors_server.url, APP)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed_headers = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers and "content-type" in allowed_headers


def test_allowed_origin_can_read_the_answer(cors_server: Server) -> None:
    response = httpx.post(
        f"{cors_server.url}/graphql",
        json={"query": "{ viewer { scope } }"},
        headers={"Origin": APP},
    )
    assert response.headers["access-control-allow-origin"] == APP


def test_other_origins_get_no_cors_headers(cors_server: Server) -> None:
    response = preflight(cors_server.url, "https://evil.example.com")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    answer = httpx.post(
        f"{cors_server.url}/graphql",
        json={"query": "{ viewer { scope } }"},
        headers={"Origin": "https://evil.example.com"},
    )
    assert "access-control-allow-origin" not in answer.headers


def test_cors_is_off_by_default(server: Server) -> None:
    response = preflight(server.url, APP)
    assert "access-control-allow-origin" not in response.headers
    assert response.status_code == 405


def test_origins_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HERALD_CORS_ORIGINS", f" {APP} , https://admin.example.com,")
    assert Settings().cors_origins == (APP, "https://admin.example.com")
    monkeypatch.delenv("HERALD_CORS_ORIGINS")
    assert Settings().cors_origins == ()
