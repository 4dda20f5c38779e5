"""Vendors over HTTP: set, replace, remove, write-only secrets, encryption at rest, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from models.crypto import decrypt
from models.settings import Settings
from tests.harness import Server, WorkspaceClient
from tests.vendor_api import (
    SET,
    add_tenant,
    raw_rows,
    remove_vendor,
    route,
    sendgrid,
    set_ok,
    set_vendor,
    vendors_of,
)

API = "https://api.sendgrid.test"
API_KEY = "SG.vendor-test-key-7f3a9c"
PASSWORD = "smtp-vendor-test-pw-51be"
SID = "AC" + "0123456789abcdef" * 2


def smtp_input(password: str | None = PASSWORD, **config: object) -> dict:
    base = {"host": "mail.acme.test", "from_email": "news@acme.test", "username": "herald"}
    input: dict = {"channel": "EMAIL", "provider": "smtp", "config": {**base, **config}}
    if password is not None:
        input["secrets"] = {"password": password}
    return input


def test_set_returns_and_lists_the_vendor_without_secret_values(
    workspace: WorkspaceClient,
) -> None:
    add_tenant(workspace, "acme")
    response = workspace.post(
        SET, {"tenantId": "acme", "input": sendgrid(API, API_KEY, from_name="Acme")}
    )
    assert API_KEY not in response.text
    vendor = response.json()["data"]["setTenantVendor"]["vendor"]
    assert {k: v for k, v in vendor.items() if k != "updatedAt"} == {
        "channel": "EMAIL",
        "provider": "sendgrid",
        "config": {"from_email": "news@default.test", "from_name": "Acme", "api_base_url": API},
        "secretFields": ["api_key"],
        "enabled": True,
    }
    assert vendor["updatedAt"].endswith("Z")
    listed = workspace.post(
        "query($id: ID!) { tenant(id: $id) { vendors { channel provider config secretFields } } }",
        {"id": "acme"},
    )
    assert API_KEY not in listed.text
    assert vendors_of(workspace, "acme") == [vendor]
    assert vendors_of(workspace, "default") == []


def test_one_vendor_per_channel_replaced_whole(workspace: WorkspaceClient) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **smtp_input(from_name="Acme"))
    twilio = {"account_sid": SID, "from_number": "+15550001111"}
    set_ok(
        workspace,
        "acme",
        channel="SMS",
        provider="twilio",
        config=twilio,
        secrets={"auth_token": "t"},
    )
    replaced = set_ok(workspace, "acme", **sendgrid(API, API_KEY))
    assert "from_name" not in replaced["config"]  # config is replaced, not merged
    listed = vendors_of(workspace, "acme")
    assert [(v["channel"], v["provider"]) for v in listed] == [
        ("EMAIL", "sendgrid"),
        ("SMS", "twilio"),
    ]
    assert listed[0] == replaced


def test_update_without_secrets_keeps_the_stored_ones(
    server: Server, workspace: WorkspaceClient
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **smtp_input())
    updated = set_ok(workspace, "acme", **smtp_input(password=None, host="smtp2.acme.test"))
    assert updated["config"]["host"] == "smtp2.acme.test"
    assert updated["secretFields"] == ["password"]
    assert route(server, workspace, "acme", "EMAIL").vendor.secrets == {"password": PASSWORD}


def test_given_secret_keys_replace_and_null_removes(
    server: Server, workspace: WorkspaceClient
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **smtp_input())
    set_ok(workspace, "acme", **{**smtp_input(), "secrets": {"password": "rotated-pw"}})
    assert route(server, workspace, "acme", "EMAIL").vendor.secrets == {"password": "rotated-pw"}
    no_auth = smtp_input(password=None)
    del no_auth["config"]["username"]
    cleared = set_ok(workspace, "acme", **{**no_auth, "secrets": {"password": None}})
    assert cleared["secretFields"] == []
    assert route(server, workspace, "acme", "EMAIL").vendor.secrets == {}


def test_null_secrets_clears_them_so_required_ones_are_missing(
    workspace: WorkspaceClient,
) -> None:
    add_tenant(workspace, "acme")
    before = set_ok(workspace, "acme", **sendgrid(API, API_KEY))
    result = set_vendor(workspace, "acme", **{**sendgrid(API), "secrets": None})
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID", ["input", "secrets", "api_key"])
    ]
    assert vendors_of(workspace, "acme") == [before]


def test_stored_secrets_do_not_carry_over_to_another_provider(
    workspace: WorkspaceClient,
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **smtp_input())
    result = set_vendor(workspace, "acme", **sendgrid(API))
    assert [e["field"] for e in result["errors"]] == [["input", "secrets", "api_key"]]


def test_enabled_defaults_true_and_is_kept_when_omitted(workspace: WorkspaceClient) -> None:
    add_tenant(workspace, "acme")
    assert set_ok(workspace, "acme", **sendgrid(API, API_KEY))["enabled"] is True
    assert set_ok(workspace, "acme", **sendgrid(API), enabled=False)["enabled"] is False
    assert set_ok(workspace, "acme", **sendgrid(API))["enabled"] is False
    assert set_ok(workspace, "acme", **sendgrid(API), enabled=None)["enabled"] is False
    assert set_ok(workspace, "acme", **sendgrid(API), enabled=True)["enabled"] is True


def test_remove_then_remove_again_is_not_found(workspace: WorkspaceClient) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **sendgrid(API, API_KEY))
    assert remove_vendor(workspace, "acme", "EMAIL") == {"deleted": True, "errors": []}
    assert vendors_of(workspace, "acme") == []
    again = remove_vendor(workspace, "acme", "EMAIL")
    assert again["deleted"] is False
    assert [(e["code"], e["field"]) for e in again["errors"]] == [("NOT_FOUND", ["channel"])]


@pytest.mark.parametrize("tenant_id", ["nobody", ""])
def test_unknown_tenant_is_not_found_and_writes_nothing(
    server: Server, workspace: WorkspaceClient, tenant_id: str
) -> None:
    result = set_vendor(workspace, tenant_id, **sendgrid(API, API_KEY))
    assert result["vendor"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_FOUND", ["tenantId"])]
    removed = remove_vendor(workspace, tenant_id, "EMAIL")
    assert [(e["code"], e["field"]) for e in removed["errors"]] == [("NOT_FOUND", ["tenantId"])]
    assert raw_rows(server, workspace) == []


@pytest.mark.parametrize(
    ("input", "field"),
    [
        ({"provider": "mailgun"}, ["input", "provider"]),
        ({"channel": "SMS"}, ["input", "provider"]),
        ({"config": {"api_base_url": API}}, ["input", "config", "from_email"]),
        ({"config": {"from_email": "not-an-email"}}, ["input", "config", "from_email"]),
        (
            {"config": {"from_email": "a@acme.test", "api_base_url": "ftp://files.test"}},
            ["input", "config", "api_base_url"],
        ),
        ({"config": {"from_email": "a@acme.test", "region": "eu"}}, ["input", "config", "region"]),
        ({"config": ["from_email"]}, ["input", "config"]),
        ({"secrets": {"api_key": None}}, ["input", "secrets", "api_key"]),
        ({"secrets": {"api_key": ""}}, ["input", "secrets", "api_key"]),
        ({"secrets": {"apikey": "x"}}, ["input", "secrets", "apikey"]),
        ({"secrets": "SG.key-as-a-string"}, ["input", "secrets"]),
        (
            {"channel": "WEBHOOK", "provider": "webhook", "config": {"url": "ftp://hooks.test"}},
            ["input", "config", "url"],
        ),
        (
            {
                "channel": "WEBHOOK",
                "provider": "webhook",
                "config": {"url": "https://hooks.test"},
                "secrets": {"signing_secret": "not base64!"},
            },
            ["input", "secrets", "signing_secret"],
        ),
        ({**smtp_input(password=None), "secrets": None}, ["input", "secrets", "password"]),
    ],
)
def test_bad_input_is_invalid_naming_the_field_and_changes_nothing(
    server: Server, workspace: WorkspaceClient, input: dict, field: list[str]
) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **sendgrid(API, API_KEY))
    before, rows_before = vendors_of(workspace, "acme"), raw_rows(server, workspace)
    result = set_vendor(workspace, "acme", **{**sendgrid(API), **input})
    assert result["vendor"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID", field)]
    assert field[-1] in result["errors"][0]["message"]
    assert vendors_of(workspace, "acme") == before
    assert raw_rows(server, workspace) == rows_before
    assert route(server, workspace, "acme", "EMAIL").vendor.secrets == {"api_key": API_KEY}


def test_unknown_channel_is_a_graphql_error(workspace: WorkspaceClient) -> None:
    body = workspace.post(
        SET, {"tenantId": "default", "input": {**sendgrid(API), "channel": "FAX"}}
    )
    assert body.status_code == 200
    assert body.json()["data"] is None
    assert "FAX" in body.json()["errors"][0]["message"]


def test_secrets_are_encrypted_at_rest(server: Server, workspace: WorkspaceClient) -> None:
    add_tenant(workspace, "acme")
    host = f"mail-{workspace.created.workspace.id}.test"
    set_ok(workspace, "acme", **smtp_input(host=host))
    [row] = raw_rows(server, workspace)
    assert PASSWORD not in repr(row)
    assert json.loads(decrypt(row["secrets_encrypted"])) == {"password": PASSWORD}
    fields = row["secret_fields"]
    assert (json.loads(fields) if isinstance(fields, str) else fields) == ["password"]
    settings = Settings()
    if settings.is_sqlite:  # the whole database file and its WAL, not just one column
        folder = Path(settings.url.removeprefix("sqlite+aiosqlite:///")).parent
        assert files_contain(folder, host) is True  # the files do hold this very row
        assert files_contain(folder, PASSWORD) is False


def files_contain(folder: Path, needle: str) -> bool:
    """Reads the database files in another process: closing a file descriptor here would drop
    this process's SQLite locks on them (POSIX advisory locks are per process)."""
    script = (
        "import pathlib, sys\n"
        "data = b''.join(p.read_bytes() for p in pathlib.Path(sys.argv[1]).glob('herald.db*'))\n"
        "print(sys.argv[2].encode() in data)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(folder), needle],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "True"


def test_deleting_a_tenant_drops_its_vendors(server: Server, workspace: WorkspaceClient) -> None:
    add_tenant(workspace, "acme")
    set_ok(workspace, "acme", **sendgrid(API, API_KEY))
    set_ok(workspace, "default", **sendgrid(API, "SG.default-key"))
    delete = 'mutation { deleteTenant(id: "acme") { deleted errors { code } } }'
    assert workspace.gql(delete)["deleteTenant"] == {"deleted": True, "errors": []}
    assert [row["tenant_id"] for row in raw_rows(server, workspace)] == ["default"]
    add_tenant(workspace, "acme")
    assert vendors_of(workspace, "acme") == []


def test_workspaces_never_see_each_others_vendors(
    server: Server, workspace: WorkspaceClient
) -> None:
    other = server.new_workspace()
    for ws in (workspace, other):
        add_tenant(ws, "acme")
    set_ok(workspace, "acme", **sendgrid(API, API_KEY))
    set_ok(workspace, "default", **sendgrid(API, API_KEY))
    assert vendors_of(other, "acme") == []
    assert route(server, other, "acme", "EMAIL").vendor is None
    assert remove_vendor(other, "acme", "EMAIL")["errors"][0]["code"] == "NOT_FOUND"
    assert len(vendors_of(workspace, "acme")) == 1


def test_a_write_is_seen_by_later_reads_in_the_same_request(workspace: WorkspaceClient) -> None:
    """Mutations run in order on one set of loaders: each write clears what it touched."""
    add_tenant(workspace, "acme")
    read = 'upsertTenant(id: "acme", input: {}) { tenant { vendors { provider } } }'
    data = workspace.gql(
        f"""mutation($input: TenantVendorInput!) {{
          before: {read}
          set: setTenantVendor(tenantId: "acme", input: $input) {{ errors {{ code }} }}
          afterSet: {read}
          remove: removeTenantVendor(tenantId: "acme", channel: EMAIL) {{ deleted }}
          afterRemove: {read}
        }}""",
        {"input": sendgrid(API, API_KEY)},
    )
    assert [data[k]["tenant"]["vendors"] for k in ("before", "afterSet", "afterRemove")] == [
        [],
        [{"provider": "sendgrid"}],
        [],
    ]
