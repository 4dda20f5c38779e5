"""Workflow types: the stored definition, its steps and variants, the inputs and the payload."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from graph.context import Info
from graph.core.enums import Channel
from graph.core.errors import UserError
from graph.preferences.types import Category
from models.workflow import Workflow as WorkflowRow
from resolvers import workflows


@strawberry.type(description="A tenant's own templates for one step, used instead of the step's.")
class TemplateVariant:
    tenant_id: strawberry.ID = strawberry.field(description="The tenant this variant is for.")
    subject: str | None = strawberry.field(description="Subject template (EMAIL always has one).")
    body: str = strawberry.field(description="Body template.")

    @classmethod
    def from_dict(cls, variant: dict[str, Any]) -> TemplateVariant:
        return cls(
            tenant_id=strawberry.ID(variant["tenant_id"]),
            subject=variant.get("subject"),
            body=variant["body"],
        )


@strawberry.type(description="What a workflow sends on one channel.")
class WorkflowStep:
    channel: Channel = strawberry.field(description="The channel; one step per channel.")
    subject: str | None = strawberry.field(
        description="Subject template: required for EMAIL, optional elsewhere."
    )
    body: str = strawberry.field(description="Body template; HTML-escaped for EMAIL.")
    variants: list[TemplateVariant] = strawberry.field(
        description="Per-tenant templates: the variant of the message's tenant wins, else the "
        "step's own."
    )

    @classmethod
    def from_dict(cls, step: dict[str, Any]) -> WorkflowStep:
        return cls(
            channel=Channel(step["channel"]),
            subject=step.get("subject"),
            body=step["body"],
            variants=[TemplateVariant.from_dict(v) for v in step.get("variants") or []],
        )


async def _category(root: Workflow, info: Info) -> Category:
    """Through the categories loader, so a list of workflows reads categories once. A function,
    not a method, so `category` keeps its contract position in the SDL."""
    return Category.from_row(await workflows.workflow_category(info.context.req, root.row))


@strawberry.type(description="A notification: its category, triggering events and steps.")
class Workflow:
    row: strawberry.Private[WorkflowRow]
    slug: strawberry.ID = strawberry.field(description="Immutable id: 1-64 of a-z 0-9 _ -.")
    name: str = strawberry.field(description="Display name, plain text.")
    category: Category = strawberry.field(
        resolver=_category, description="The category preferences are evaluated against."
    )
    trigger_events: list[str] = strawberry.field(
        description="Events (trackEvent) that start this workflow, without repeats."
    )
    steps: list[WorkflowStep] = strawberry.field(description="One step per channel.")
    updated_at: datetime = strawberry.field(description="When the definition last changed.")

    @classmethod
    def from_row(cls, row: WorkflowRow) -> Workflow:
        return cls(
            row=row,
            slug=strawberry.ID(row.slug),
            name=row.name,
            trigger_events=list(row.trigger_events),
            steps=[WorkflowStep.from_dict(step) for step in row.steps],
            updated_at=row.updated_at,
        )


@strawberry.input(description="A tenant's own templates for one step.")
class TemplateVariantInput:
    tenant_id: strawberry.ID = strawberry.field(
        description="An existing tenant; at most one variant per tenant in a step."
    )
    subject: str | None = strawberry.field(
        default=strawberry.UNSET, description="Subject template; required on EMAIL steps."
    )
    body: str = strawberry.field(description="Body template, not blank.")


@strawberry.input(description="What a workflow sends on one channel.")
class WorkflowStepInput:
    channel: Channel = strawberry.field(description="The channel; one step per channel.")
    subject: str | None = strawberry.field(
        default=strawberry.UNSET, description="Subject template; required for EMAIL."
    )
    body: str = strawberry.field(description="Body template, not blank.")
    variants: list[TemplateVariantInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Per-tenant templates; omitted or null: none."
    )


@strawberry.input(
    description="A whole workflow definition: creates it, or replaces the one with this slug."
)
class WorkflowInput:
    slug: strawberry.ID = strawberry.field(description="1-64 of a-z 0-9 _ -; immutable.")
    name: str = strawberry.field(description="Display name, plain text.")
    category: strawberry.ID = strawberry.field(description="Slug of an existing category.")
    trigger_events: list[str] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Event names, 1-200 characters each; repeats are dropped. Omitted or null: "
        "none (the list is replaced, not merged).",
    )
    steps: list[WorkflowStepInput] = strawberry.field(
        description="1-7 steps, one per channel; replaces every step."
    )


@strawberry.type(description="The result of upsertWorkflow.")
class WorkflowPayload:
    workflow: Workflow | None = strawberry.field(
        description="The workflow as stored; null on errors."
    )
    errors: list[UserError] = strawberry.field(description="Empty when the write happened.")
