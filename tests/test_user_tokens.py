"""User tokens at the door, over HTTP: what is accepted, and every way a token is refused.

Every refusal must look exactly like a missing credential: UNAUTHENTICATED, `data: null`.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import jwt
import pytest

from tests.harness import Server, WorkspaceClient

VIEWER = "{ viewer { scope workspace tenantId distinctId } }"


def b64(part: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def claims(**overrides: object) -> dict:
    now = int(time.time())
    base = {"sub": "ada", "tenant": "default", "iat": now, "exp": now + 600}
    return {k: v for k, v in {**base, **overrides}.items() if v is not None}


def sign(ws: WorkspaceClient, payload: dict, kid: str | None = "own", **kw: object) -> str:
    headers = {"kid": ws.created.workspace.id if kid == "own" else kid} if kid else None
    return jwt.encode(payload, ws.created.signing_secret, headers=headers, **kw)


def assert_unauthenticated(ws: WorkspaceClient, token: str) -> None:
    body = ws.post(VIEWER, key=token).json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


def test_user_token_viewer(workspace: WorkspaceClient) -> None:
    body = workspace.post(VIEWER, key=workspace.user_token("ada", "default")).json()
    assert body == {
        "data": {
            "viewer": {
                "scope": "USER",
                "workspace": workspace.name,
                "tenantId": "default",
                "distinctId": "ada",
            }
        }
    }


def test_user_token_for_another_tenant(workspace: WorkspaceClient) -> None:
    token = workspace.user_token("bob", "globex")
    viewer = workspace.post(VIEWER, key=token).json()["data"]["viewer"]
    assert (viewer["tenantId"], viewer["distinctId"]) == ("globex", "bob")


BAD_TOKENS: dict[str, Callable[[WorkspaceClient], str]] = {
    "expired": lambda ws: sign(ws, claims(iat=int(time.time()) - 7200, exp=int(time.time()) - 60)),
    "alg-none": lambda ws: (
        f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': ws.created.workspace.id})}.{b64(claims())}."
    ),
    "alg-none-signed": lambda ws: (
        f"{b64({'alg': 'none', 'kid': ws.created.workspace.id})}.{b64(claims())}.{sign(ws, claims()).split('.')[2]}"
    ),
    "hs512": lambda ws: sign(ws, claims(), algorithm="HS512"),
    "wrong-signature": lambda ws: jwt.encode(
        claims(), "not-the-secret-" * 3, headers={"kid": ws.created.workspace.id}
    ),
    "tampered-claims": lambda ws: ".".join(
        [
            sign(ws, claims()).split(".")[0],
            b64(claims(sub="admin")),
            sign(ws, claims()).split(".")[2],
        ]
    ),
    "malformed": lambda ws: "not.a.jwt",
    "garbage": lambda ws: "eyJhbGciOiJIUzI1NiJ9.%%%.###",
    "no-sub": lambda ws: sign(ws, claims(sub=None)),
    "no-tenant": lambda ws: sign(ws, claims(tenant=None)),
    "no-exp": lambda ws: sign(ws, claims(exp=None)),
    "empty-sub": lambda ws: sign(ws, claims(sub="")),
    "numeric-tenant": lambda ws: sign(ws, claims(tenant=7)),
    "no-kid": lambda ws: sign(ws, claims(), kid=None),
    "unknown-kid": lambda ws: sign(ws, claims(), kid="0123456789abcdef"),
    "not-yet-valid": lambda ws: sign(ws, claims(nbf=int(time.time()) + 600)),
}


@pytest.mark.filterwarnings("ignore:The HMAC key")  # the HS512 case signs with a short key
@pytest.mark.parametrize("case", BAD_TOKENS)
def test_bad_user_tokens_are_unauthenticated(workspace: WorkspaceClient, case: str) -> None:
    assert_unauthenticated(workspace, BAD_TOKENS[case](workspace))


def test_token_of_one_workspace_is_not_accepted_as_another(server: Server) -> None:
    """Signed with alpha's secret but naming beta (or the reverse): the signature fails."""
    alpha, beta = server.new_workspace(), server.new_workspace()
    alpha_secret_beta_kid = sign(alpha, claims(), kid=beta.created.workspace.id)
    beta_secret_alpha_kid = sign(beta, claims(), kid=alpha.created.workspace.id)
    assert_unauthenticated(alpha, alpha_secret_beta_kid)
    assert_unauthenticated(beta, beta_secret_alpha_kid)


def test_a_token_reads_only_its_own_workspace(server: Server) -> None:
    """The same tenant and user ids in two workspaces: each token sees its own."""
    alpha, beta = server.new_workspace(), server.new_workspace()
    token = alpha.user_token("ada")
    body = alpha.post('{ tenant(id: "default") { name } }', key=token).json()
    assert body["data"]["tenant"]["name"] == alpha.name
    viewer = beta.post(VIEWER, key=token).json()["data"]["viewer"]
    assert viewer["workspace"] == alpha.name


def test_refused_token_writes_nothing(workspace: WorkspaceClient) -> None:
    workspace.gql('mutation { upsertUser(distinctId: "ada", input: {}) { errors { code } } }')
    expired = BAD_TOKENS["expired"](workspace)
    mutation = 'mutation { setUserRestrictedChannels(distinctId: "ada", channels: [SMS]) { errors { code } } }'
    assert workspace.post(mutation, key=expired).json()["data"] is None
    prefs = workspace.gql('{ user(distinctId: "ada") { preferences { restrictedChannels } } }')
    assert prefs["user"]["preferences"]["restrictedChannels"] == []
