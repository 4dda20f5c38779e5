"""The README's curl examples run as written against a real server, in order."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.harness import WorkspaceClient

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(r"^gql '(.*)'$", re.MULTILINE)
# The examples that show an error on purpose: a bad colour, a template that does not compile,
# a reused idempotency key with a different request.
SHOWS_AN_ERROR = ('primaryColor: "green"', 'Paid {{ data.amount"', "$43")


def examples() -> list[dict]:
    section = README.read_text().split("## Examples", 1)[1].split("\n## ", 1)[0]
    return [json.loads(body) for body in EXAMPLE.findall(section)]


def test_every_example_is_a_valid_request(workspace: WorkspaceClient) -> None:
    requests = examples()
    assert len(requests) >= 20
    for request in requests:
        response = workspace.post(request["query"], request.get("variables"))
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, (request["query"], body)
        errors = [
            e for v in body["data"].values() if isinstance(v, dict) for e in v.get("errors", [])
        ]
        meant_to_fail = any(marker in request["query"] for marker in SHOWS_AN_ERROR)
        assert bool(errors) == meant_to_fail, (request["query"], errors)


def test_user_token_examples_run_and_refuse_what_they_say(workspace: WorkspaceClient) -> None:
    section = README.read_text().split("## User tokens", 1)[1].split("\n## ", 1)[0]
    as_server = [json.loads(b) for b in EXAMPLE.findall(section)]
    as_user = [json.loads(b) for b in re.findall(r"^user '(.*)'$", section, re.MULTILINE)]
    assert as_server and len(as_user) >= 5
    for request in as_server:
        assert "errors" not in workspace.post(request["query"]).json()
    token = workspace.user_token("ada", "default")
    codes = []
    for request in as_user:
        body = workspace.post(request["query"], key=token).json()
        codes.append([e["extensions"]["code"] for e in body.get("errors", [])])
    assert codes[:-2] == [[]] * (len(codes) - 2)  # allowed, as the README says
    assert codes[-2:] == [["FORBIDDEN"], ["FORBIDDEN"]]  # "Anything else is FORBIDDEN"
