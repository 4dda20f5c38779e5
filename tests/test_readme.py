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
