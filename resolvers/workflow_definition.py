"""A workflow definition as sent to upsertWorkflow: shape checks and the stored JSON form.

Everything here needs no database; tenant and category existence are checked in the write
(`resolvers.workflows`). Field paths name the input as the caller wrote it, list positions as
strings (`UserError.field` is `[String!]`), e.g. ["input", "steps", "0", "variants", "1", "body"].
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from delivery.templates import check_template
from models.channels import Channel
from resolvers import validation as v
from resolvers.errors import Code

MAX_STEPS = len(Channel)  # one step per channel
MAX_EVENT = 200
SUBJECT_REQUIRED = frozenset({Channel.EMAIL.value})

Path = list[str]


def check_definition(checker: v.Checker, changes: dict[str, Any]) -> None:
    """Records every shape problem of the input; the caller raises once references are checked."""
    checker.check(["input", "slug"], v.check_slug(changes["slug"]))
    checker.check(["input", "name"], v.check_plain_text(changes["name"]))
    for i, event in enumerate(changes.get("trigger_events") or []):
        checker.check(["input", "triggerEvents", str(i)], check_event(event))
    _check_steps(checker, changes["steps"])


def check_event(name: str) -> str | None:
    """Event names are matched exactly by trackEvent, so they are kept as given (not trimmed)."""
    if not name.strip() or len(name) > MAX_EVENT or v.CONTROL.search(name):
        return f"must be 1-{MAX_EVENT} characters, not blank, no control characters"
    return None


def _check_steps(checker: v.Checker, steps: list[dict[str, Any]]) -> None:
    if not 1 <= len(steps) <= MAX_STEPS:
        checker.check(["input", "steps"], f"must be 1 to {MAX_STEPS} steps, one per channel")
    seen: set[str] = set()
    for i, step in enumerate(steps):
        path = ["input", "steps", str(i)]
        channel = step["channel"]
        if channel in seen:
            checker.fail(Code.INVALID, [*path, "channel"], f"channel {channel} already has a step")
        seen.add(channel)
        _check_templates(checker, path, channel, step)
        _check_variants(checker, path, channel, step.get("variants") or [])


def _check_variants(
    checker: v.Checker, path: Path, channel: str, variants: list[dict[str, Any]]
) -> None:
    """Only the first variant of a tenant could ever be picked: a second one is a mistake."""
    seen: set[str] = set()
    for j, variant in enumerate(variants):
        variant_path = [*path, "variants", str(j)]
        tenant_id = variant["tenant_id"]
        if tenant_id in seen:
            message = f"tenant '{tenant_id}' already has a variant in this step"
            checker.fail(Code.INVALID, [*variant_path, "tenantId"], message)
        seen.add(tenant_id)
        _check_templates(checker, variant_path, channel, variant)


def _check_templates(checker: v.Checker, path: Path, channel: str, parts: dict[str, Any]) -> None:
    """Subject (required where the channel shows one) and body (never blank) must compile.

    A variant replaces the step's subject and body together, so an EMAIL variant needs its own.
    """
    subject, body = parts.get("subject"), parts["body"]
    if channel in SUBJECT_REQUIRED and (subject is None or not subject.strip()):
        checker.check([*path, "subject"], f"is required for {channel}")
    elif subject is not None:
        _compile(checker, [*path, "subject"], subject)
    if not body.strip():
        checker.check([*path, "body"], "must not be blank")
    else:
        _compile(checker, [*path, "body"], body)


def _compile(checker: v.Checker, field: Path, source: str) -> None:
    reason = check_template(source)
    if reason:
        checker.fail(Code.INVALID, field, f"{field[-1]} does not compile: {reason}")


def variant_tenants(steps: list[dict[str, Any]]) -> Iterator[tuple[Path, str]]:
    """Each variant's tenantId with its input path, for the existence check."""
    for i, step in enumerate(steps):
        for j, variant in enumerate(step.get("variants") or []):
            yield ["input", "steps", str(i), "variants", str(j), "tenantId"], variant["tenant_id"]


def stored_events(events: list[str] | None) -> list[str]:
    """De-duplicated, first occurrence first: a repeat would trigger nothing more."""
    return list(dict.fromkeys(events or []))


def stored_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON the workflow table keeps (snake_case keys, every key present)."""
    return [
        {
            "channel": step["channel"],
            "subject": step.get("subject"),
            "body": step["body"],
            "variants": [
                {"tenant_id": var["tenant_id"], "subject": var.get("subject"), "body": var["body"]}
                for var in step.get("variants") or []
            ],
        }
        for step in steps
    ]
