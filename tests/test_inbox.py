"""The inbox over HTTP: pages, unreadOnly, unreadCount, markInboxRead, and user-token rules.

`ada` and `bob` are users; `acme` and `globex` tenants. Every `note` trigger leaves an INBOX
message and an EMAIL message (refused: no address) for its recipient.
"""

from __future__ import annotations

import pytest

from models.execution import Message
from tests.delivery_api import messages_of
from tests.harness import Server, WorkspaceClient
from tests.inbox_api import (
    deliver_notes,
    inbox,
    inbox_response,
    mark,
    node_ids,
    nodes,
    note_workflow,
    send_note,
)
from tests.preferences_api import upsert_tenant

MESSAGES = """query($filter: MessageFilter) {
  messages(filter: $filter) { edges { node { id channel status } } }
}"""


@pytest.fixture
def ws(server: Server, workspace: WorkspaceClient) -> WorkspaceClient:
    """ada: notes 1-5 in acme and 6 in default; bob: note 7 in acme."""
    upsert_tenant(workspace, "acme")
    upsert_tenant(workspace, "globex")
    note_workflow(workspace)
    notes = [("ada", n, "acme") for n in range(1, 6)] + [("ada", 6, "default"), ("bob", 7, "acme")]
    deliver_notes(server, workspace, notes)
    return workspace


def message_ids(ws: WorkspaceClient, **filter: str) -> list[str]:
    data = ws.gql(MESSAGES, {"filter": filter})
    return [node["id"] for node in messages_of(data)]


def test_pages_newest_first_with_the_unread_count(ws: WorkspaceClient) -> None:
    seen: list[dict] = []
    after = None
    for _ in range(3):
        page = inbox(ws, "ada", tenantId="acme", first=2, after=after)
        assert page["unreadCount"] == 5  # the whole inbox, whatever the page
        seen += nodes(page)
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert [n["data"] for n in seen] == [{"n": n} for n in (5, 4, 3, 2, 1)]
    assert page["pageInfo"]["hasNextPage"] is False
    first = seen[0]
    assert (first["title"], first["body"], first["tenantId"]) == ("For ada", "Note 5", "acme")
    assert first["read"] is False and first["createdAt"].endswith("Z")


def test_only_sent_inbox_messages_of_that_user_and_tenant(ws: WorkspaceClient) -> None:
    send_note(ws, "ada", 8)  # queued: no worker runs, so it is not in the inbox yet
    default = inbox(ws, "ada")  # a server key's omitted tenant is `default`
    assert [n["body"] for n in nodes(default)] == ["Note 6"]
    assert [n["body"] for n in nodes(inbox(ws, "bob", tenantId="acme"))] == ["Note 7"]
    assert inbox(ws, "ada", tenantId="acme")["unreadCount"] == 5
    assert nodes(inbox(ws, "ada", tenantId="globex")) == []


def test_mark_read_and_unread(ws: WorkspaceClient) -> None:
    newest = node_ids(inbox(ws, "ada", tenantId="acme", first=2))
    assert mark(ws, "ada", newest) == {"data": {"markInboxRead": 2}}
    assert mark(ws, "ada", newest + newest) == {"data": {"markInboxRead": 0}}  # already read

    unread = inbox(ws, "ada", tenantId="acme", unreadOnly=True)
    assert [n["data"]["n"] for n in nodes(unread)] == [3, 2, 1]
    assert unread["unreadCount"] == 3
    assert [n["read"] for n in nodes(inbox(ws, "ada", tenantId="acme"))][:3] == [True, True, False]

    assert mark(ws, "ada", newest[:1], read=False) == {"data": {"markInboxRead": 1}}
    assert inbox(ws, "ada", tenantId="acme", first=0)["unreadCount"] == 4


def test_unread_only_pages_by_cursor(ws: WorkspaceClient) -> None:
    mark(ws, "ada", node_ids(inbox(ws, "ada", tenantId="acme", first=1)))
    page = inbox(ws, "ada", tenantId="acme", unreadOnly=True, first=3)
    rest = inbox(ws, "ada", tenantId="acme", unreadOnly=True, after=page["pageInfo"]["endCursor"])
    assert [n["data"]["n"] for n in nodes(page) + nodes(rest)] == [4, 3, 2, 1]
    assert (page["pageInfo"]["hasNextPage"], rest["pageInfo"]["hasNextPage"]) == (True, False)


def test_marking_ignores_what_is_not_the_users_inbox(server: Server, ws: WorkspaceClient) -> None:
    [own] = node_ids(inbox(ws, "ada", tenantId="acme", first=1))
    bobs = node_ids(inbox(ws, "bob", tenantId="acme"))
    emails = message_ids(ws, distinctId="ada", channel="EMAIL")
    queued = send_note(ws, "ada", 9)  # an INBOX message not sent yet is not in the inbox
    [pending] = message_ids(ws, executionId=queued, channel="INBOX")

    changed = mark(ws, "ada", [own, *bobs, *emails, pending, "msg_unknown"])
    assert changed == {"data": {"markInboxRead": 1}}
    assert inbox(ws, "bob", tenantId="acme")["unreadCount"] == 1
    untouched = [*bobs, *emails, pending]
    assert server.run(read_marks(server, ws, untouched)) == [None] * len(untouched)


async def read_marks(server: Server, ws: WorkspaceClient, ids: list[str]) -> list:
    async with server.db.session() as session:
        return [(await session.get(Message, (ws.workspace_id, i))).read_at for i in ids]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"first": 101}, "INVALID"),
        ({"first": -1}, "INVALID"),
        ({"after": "not-a-cursor"}, "INVALID"),
        ({"tenantId": "nowhere"}, "NOT_FOUND"),
    ],
)
def test_bad_arguments(ws: WorkspaceClient, args: dict, code: str) -> None:
    body = inbox_response(ws, "ada", **args)
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]


def test_too_many_ids_is_invalid(ws: WorkspaceClient) -> None:
    body = mark(ws, "ada", [f"msg_{i}" for i in range(1001)])
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID"]


# ---------------------------------------------------------------- user tokens


def test_user_token_reads_and_marks_its_own_inbox(ws: WorkspaceClient) -> None:
    ada = ws.user_token("ada", "acme")
    own = inbox(ws, "ada", key=ada)  # omitted tenant: the token's own
    assert [n["tenantId"] for n in nodes(own)] == ["acme"] * 5
    assert inbox(ws, "ada", key=ada, tenantId="acme")["unreadCount"] == 5
    assert mark(ws, "ada", node_ids(own)[:2], key=ada) == {"data": {"markInboxRead": 2}}
    assert inbox(ws, "ada", key=ada)["unreadCount"] == 3


def test_user_token_marks_only_in_its_own_tenant(ws: WorkspaceClient) -> None:
    in_default = node_ids(inbox(ws, "ada"))
    assert mark(ws, "ada", in_default, key=ws.user_token("ada", "acme"))["data"] == {
        "markInboxRead": 0
    }
    assert mark(ws, "ada", in_default)["data"] == {"markInboxRead": 1}  # a server key may


FORBIDDEN = {
    "other-users-inbox": ('{ user(distinctId: "bob") { inbox { unreadCount } } }', "Query.user"),
    "other-tenant": (
        '{ user(distinctId: "ada") { inbox(tenantId: "globex") { unreadCount } } }',
        "User.inbox",
    ),
    "default-tenant": (
        '{ user(distinctId: "ada") { inbox(tenantId: "default") { unreadCount } } }',
        "User.inbox",
    ),
    "mark-other-users": (
        'mutation { markInboxRead(distinctId: "bob", ids: ["x"]) }',
        "Mutation.markInboxRead",
    ),
}


@pytest.mark.parametrize("case", FORBIDDEN)
def test_user_token_is_forbidden(ws: WorkspaceClient, case: str) -> None:
    query, field = FORBIDDEN[case]
    [error] = ws.post(query, key=ws.user_token("ada", "acme")).json()["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert field in error["message"]


def test_forbidden_mark_changes_nothing(ws: WorkspaceClient) -> None:
    bobs = node_ids(inbox(ws, "bob", tenantId="acme"))
    body = mark(ws, "bob", bobs, key=ws.user_token("ada", "acme"))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert inbox(ws, "bob", tenantId="acme")["unreadCount"] == 1
