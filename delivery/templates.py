"""Template rendering: Jinja2 in an immutable sandbox, one home for every channel.

DESIGN.md ("Workflows"): templates are Jinja2 in a sandboxed environment, HTML-escaped for email
bodies, with the variables `data`, `recipient`, `actor`, `tenant` and its alias `brand`. Compiled
templates are cached. A template error fails only its message, with a short reason; upsertWorkflow
rejects templates that do not compile (`check_template`).

Safety, in layers:

- `ImmutableSandboxedEnvironment`: no attribute starting with `_`, no Python internals (function
  globals, frames, code objects), and no method that mutates a list, dict or set. Unsafe access
  *raises* `SecurityError` here (Jinja's default is an undefined value that renders as empty text,
  which would hide a probe instead of failing it).
- Limits: source length (`MAX_SOURCE_CHARS`), rendered size per part (`MAX_OUTPUT_CHARS`, checked
  while streaming so a runaway loop stops early), a work budget per render (`MAX_STEPS`: loop
  iterations plus `CALL_STEPS` per call, so nested loops or recursive macros that print nothing
  still stop within a second), the sandbox's `range` limit (`MAX_RANGE`), and bounds on `*` and
  `**` so one expression cannot allocate a huge string or integer (which also keeps them out of
  compile-time constant folding).

What is left: a filter or `str.format` with a huge width argument (e.g. `'x'|center(10**9)`) can
still allocate one large string before the output check sees it. Template authors hold server
keys, so this guards against mistakes rather than a hostile author; hard isolation would need a
separate process with resource limits.

This module is pure (no database, no I/O) and thread-safe; rendering is synchronous and bounded.
"""

from __future__ import annotations

import contextvars
import functools
import operator
import re
import traceback
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from models.branding import Branding

__all__ = [
    "CALL_STEPS",
    "MAX_OUTPUT_CHARS",
    "MAX_SOURCE_CHARS",
    "MAX_STEPS",
    "Rendered",
    "Template",
    "TemplateRenderError",
    "check_template",
    "compile_template",
    "pick_variant",
    "render",
    "template_context",
]

MAX_SOURCE_CHARS = 100_000
MAX_OUTPUT_CHARS = 1_000_000
MAX_STEPS = 1_000_000
CALL_STEPS = 10  # a call (macro, method, global) costs ~30x a loop step; weigh it
MAX_INT_BITS = 10_000
MAX_REASON_CHARS = 500
CACHE_SIZE = 1024

HTML_CHANNELS = frozenset({"EMAIL"})

_TEMPLATE_FILENAME = "<template>"
_BUDGET_FILTER = "_herald_budget"
_PY_REPR = re.compile(
    r"<(?:class|function|built-in|bound|method|module|frame|code|cell|generator)\b[^<>]*>"
    r"|<[^<>]* at 0x[0-9a-fA-F]+>"
)


class TemplateRenderError(Exception):
    """Rendering failed; `message` is a short reason fit for a message row, e.g.
    "body: line 1: 'dict object' has no attribute 'x'". It never carries a stack trace or a
    Python object's repr."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _LimitExceeded(TemplateError):
    """A size or work limit tripped; reported like any template error."""


@dataclass(frozen=True, slots=True)
class Template:
    """A step's (or a tenant variant's) templates; `subject` is None where the channel has none."""

    subject: str | None
    body: str


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str | None
    body: str


# --- the sandbox -------------------------------------------------------------------------------

# The remaining work budget of the render in progress: a one-item list so nested frames share it.
# None outside `render` (e.g. compiling), where only the fixed limits apply.
_budget: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "herald_template_budget", default=None
)


def _spend(steps: int = 1) -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget[0] -= steps
    if budget[0] < 0:
        raise _LimitExceeded(
            f"template did too much work (over {MAX_STEPS} steps of loops and calls)"
        )


@jinja2.pass_context  # a context-taking filter is never evaluated at compile time
def _budgeted(_context: Any, iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        _spend()
        yield item


def _mul(left: Any, right: Any) -> Any:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            if len(seq) * times > MAX_OUTPUT_CHARS:
                raise _LimitExceeded(f"repetition result is longer than {MAX_OUTPUT_CHARS}")
            break
    return operator.mul(left, right)


def _pow(left: Any, right: Any) -> Any:
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and right > 0 and max(left.bit_length(), 1) * right > MAX_INT_BITS:
        raise _LimitExceeded(f"power result is larger than {MAX_INT_BITS} bits")
    return operator.pow(left, right)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with unsafe access raising and `*`, `**` and calls bounded."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.binop_table["*"] = _mul
        self.binop_table["**"] = _pow

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        raise SecurityError(f"access to attribute {attribute!r} is unsafe")

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not self.is_safe_callable(obj):
            raise SecurityError("calling this object is unsafe")  # the default names its repr
        _spend(CALL_STEPS)
        return context.call(obj, *args, **kwargs)


def _finalize(value: Any) -> Any:
    """Unset branding fields and missing properties print as nothing, not as "None"."""
    return "" if value is None else value


# Undefined: ChainableUndefined. Templates reach into optional, caller-shaped data
# (`data.order.id`, `recipient.properties.first_name`, `tenant.social_links.twitter`), and a field
# a trigger omitted must not fail the message: a missing name or chain renders as empty text and is
# falsy in `{% if %}`. A typo therefore renders empty instead of failing; previewWorkflow shows
# that. Using an undefined value in an operation (`data.x + 1`, `data.x()`) still fails, with the
# name in the reason. Unsafe attribute access never yields an undefined: `unsafe_undefined` raises.
_TEXT_ENV = _Sandbox(
    autoescape=False, undefined=jinja2.ChainableUndefined, finalize=_finalize, cache_size=0
)
_TEXT_ENV.filters[_BUDGET_FILTER] = _budgeted
# Unbounded text generator with no place in a notification.
_TEXT_ENV.globals.pop("lipsum", None)
# Same filters and globals (shared), HTML autoescape on: email bodies.
_HTML_ENV = _TEXT_ENV.overlay(autoescape=True)


def _environment(autoescape: bool) -> jinja2.Environment:
    return _HTML_ENV if autoescape else _TEXT_ENV


# --- compiling ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=CACHE_SIZE)
def compile_template(source: str, autoescape: bool, /) -> jinja2.Template:
    """Compile `source` (cached by `(source, autoescape)`); raises a `jinja2.TemplateError`.

    Positional-only so every call shares one cache key shape. Every `{% for %}` iterates through
    the work budget."""
    if len(source) > MAX_SOURCE_CHARS:
        raise _LimitExceeded(
            f"template is too long ({len(source)} characters; the limit is {MAX_SOURCE_CHARS})"
        )
    env = _environment(autoescape)
    tree = env.parse(source)
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(
            loop.iter, _BUDGET_FILTER, [], [], None, None, lineno=loop.iter.lineno
        )
    return env.from_string(tree)


def check_template(source: str) -> str | None:
    """None if `source` compiles, else a human-readable reason with its line number."""
    if not isinstance(source, str):
        return "template must be a string"
    try:
        compile_template(source, False)
    except Exception as exc:  # noqa: BLE001 - any failure is a reason, never a crash
        return _reason(exc)
    return None


# --- choosing and rendering ---------------------------------------------------------------------


def pick_variant(step: Mapping[str, Any], tenant_id: str | None) -> Template:
    """The first variant whose `tenant_id` matches wins (its subject and body together), else
    the step's own. `step` is the stored JSON: {"channel", "subject", "body", "variants": [...]}."""
    for variant in step.get("variants") or ():
        if variant.get("tenant_id") == tenant_id:
            return Template(subject=variant.get("subject"), body=variant.get("body") or "")
    return Template(subject=step.get("subject"), body=step.get("body") or "")


def template_context(
    data: Mapping[str, Any] | None,
    recipient: Mapping[str, Any],
    actor: Mapping[str, Any] | None,
    branding: Branding,
) -> dict[str, Any]:
    """The variables a template sees; `brand` is the same dict as `tenant`."""
    tenant = branding.template_vars()
    return {
        "data": data if data is not None else {},
        "recipient": recipient,
        "actor": actor,
        "tenant": tenant,
        "brand": tenant,
    }


def render(template: Template, channel: str, context: Mapping[str, Any]) -> Rendered:
    """Render subject (never escaped) and body (HTML-escaped for email); any failure raises
    `TemplateRenderError` naming the part and the reason."""
    token = _budget.set([MAX_STEPS])
    try:
        subject = (
            None
            if template.subject is None
            else _render_part("subject", template.subject, False, context)
        )
        body = _render_part("body", template.body, channel in HTML_CHANNELS, context)
    finally:
        _budget.reset(token)
    return Rendered(subject=subject, body=body)


def _render_part(part: str, source: str, autoescape: bool, context: Mapping[str, Any]) -> str:
    try:
        compiled = compile_template(source, autoescape)
        chunks: list[str] = []
        size = 0
        stream = compiled.generate(context)
        try:
            for chunk in stream:
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise _LimitExceeded(f"output is longer than {MAX_OUTPUT_CHARS} characters")
                chunks.append(chunk)
        finally:
            stream.close()
        return "".join(chunks)
    except Exception as exc:  # noqa: BLE001 - any failure fails the message with a reason
        raise TemplateRenderError(f"{part}: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    """A short, single-line reason: the template line where known, no reprs, no traceback."""
    if isinstance(exc, TemplateSyntaxError):
        text = exc.message or "syntax error"
        line = exc.lineno
    elif isinstance(exc, TemplateError):
        text = exc.message or type(exc).__name__
        line = _template_line(exc)
    elif isinstance(exc, RecursionError):
        text, line = "template is too deeply nested or recursive", None
    else:
        text, line = f"{type(exc).__name__}: {exc}", _template_line(exc)
    text = _PY_REPR.sub("<object>", " ".join(str(text).split()))
    if len(text) > MAX_REASON_CHARS:
        text = text[: MAX_REASON_CHARS - 3] + "..."
    return f"line {line}: {text}" if line else text


def _template_line(exc: BaseException) -> int | None:
    """Jinja rewrites tracebacks so template frames carry the template's line numbers."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == _TEMPLATE_FILENAME:
            line = lineno
    return line
