"""Table-driven tests for delivery.templates: variables, escaping, variants, errors, sandbox."""

from __future__ import annotations

import time
from typing import Any

import pytest

from delivery.templates import (
    MAX_OUTPUT_CHARS,
    MAX_SOURCE_CHARS,
    Rendered,
    Template,
    TemplateRenderError,
    check_template,
    compile_template,
    pick_variant,
    render,
    template_context,
)
from models.branding import Branding

# As effective_branding builds it for tenant "acme": its own name and primary colour, the
# default tenant's logo, timezone and social link, merged links and properties, nothing else set.
ACME = Branding(
    tenant_id="acme",
    tenant_name="Acme & Co",
    logo="https://cdn.example.com/default-logo.png",
    primary_color="#ff0000",
    secondary_color=None,
    social_links={"twitter": "https://x.com/herald", "linkedin": "https://linkedin.com/acme"},
    properties={"plan": "gold", "support_email": "help@default.example"},
    timezone="Europe/Paris",
    preference_page_url=None,
)

RECIPIENT = {
    "distinct_id": "user-1",
    "channels": {"email": "ann@example.com", "phone": "+15550100"},
    "properties": {"first_name": "Ann"},
}
ACTOR = {"distinct_id": "actor-9", "channels": {}, "properties": {"name": "Bob"}}
DATA = {"order": {"id": 42, "lines": ["tea", "cake"]}, "html": "<script>alert('x')</script>"}


def context(data: dict[str, Any] | None = None, actor: dict[str, Any] | None = ACTOR) -> dict:
    return template_context(DATA if data is None else data, RECIPIENT, actor, ACME)


def body(source: str, channel: str = "SMS", ctx: dict[str, Any] | None = None) -> str:
    return render(Template(subject=None, body=source), channel, ctx or context()).body


def render_error(source: str, channel: str = "SMS") -> str:
    with pytest.raises(TemplateRenderError) as caught:
        body(source, channel)
    return caught.value.message


# --- variables ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ data.order.id }}", "42"),
        ("{{ data.order.lines|join(', ') }}", "tea, cake"),
        ("{{ data['order']['lines'][1] }}", "cake"),
        ("{{ recipient.distinct_id }}", "user-1"),
        ("{{ recipient.channels.email }}", "ann@example.com"),
        ("{{ recipient.properties.first_name }}", "Ann"),
        ("{{ actor.distinct_id }}/{{ actor.properties.name }}", "actor-9/Bob"),
        ("{{ tenant.tenant_id }}", "acme"),
        ("{{ tenant.tenant_name }}", "Acme & Co"),
        ("{{ tenant.primary_color }}", "#ff0000"),
        ("{{ tenant.properties.plan }}", "gold"),
        ("{{ brand.timezone }}", "Europe/Paris"),
        ("{{ brand.social_links.linkedin }}", "https://linkedin.com/acme"),
        # Missing names and chains render as nothing: an omitted optional field never fails.
        ("[{{ data.missing }}]", "[]"),
        ("[{{ data.order.missing.deeper }}]", "[]"),
        ("[{{ nothing_by_this_name }}]", "[]"),
        ("{% if data.coupon.code %}yes{% else %}no{% endif %}", "no"),
        ("{% for x in data.missing %}x{% else %}empty{% endfor %}", "empty"),
        ("{% for l in data.order.lines %}{{ loop.index }}{{ l }}{% endfor %}", "1tea2cake"),
    ],
)
def test_renders_variables(source: str, expected: str) -> None:
    assert body(source) == expected


def test_actor_may_be_absent() -> None:
    ctx = context(actor=None)
    assert ctx["actor"] is None
    assert body("[{{ actor.distinct_id }}]{% if not actor %}none{% endif %}", ctx=ctx) == "[]none"


def test_context_shape_and_brand_is_an_alias_of_tenant() -> None:
    ctx = template_context(None, RECIPIENT, ACTOR, ACME)
    assert set(ctx) == {"data", "recipient", "actor", "tenant", "brand"}
    assert ctx["data"] == {}
    assert ctx["recipient"] is RECIPIENT and ctx["actor"] is ACTOR
    assert ctx["brand"] is ctx["tenant"]
    assert ctx["tenant"] == ACME.template_vars()
    fields = [
        "tenant_id",
        "tenant_name",
        "logo",
        "primary_color",
        "secondary_color",
        "tertiary_color",
        "social_links",
        "properties",
        "timezone",
        "preference_page_url",
    ]
    source = "|".join(f"{{{{ tenant.{f} }}}}" for f in fields)
    assert body(source) == body(source.replace("tenant.", "brand."))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Filled from the default tenant by effective_branding: shows through.
        ("{{ tenant.logo }}", "https://cdn.example.com/default-logo.png"),
        ("{{ tenant.social_links.twitter }}", "https://x.com/herald"),
        ("{{ brand.properties.support_email }}", "help@default.example"),
        # Unset on both: empty, never the text "None".
        ("[{{ tenant.secondary_color }}]", "[]"),
        ("[{{ brand.preference_page_url }}]", "[]"),
        ("{{ tenant.tertiary_color or '#000000' }}", "#000000"),
        (
            "{{ tenant.preference_page_url|default('https://x.example/prefs', true) }}",
            "https://x.example/prefs",
        ),
    ],
)
def test_branding_with_default_fallback_shows_through(source: str, expected: str) -> None:
    assert body(source) == expected


# --- escaping -----------------------------------------------------------------------------------

ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
RAW = "<script>alert('x')</script>"


@pytest.mark.parametrize(
    ("channel", "expected_body"),
    [
        ("EMAIL", f"<p>{ESCAPED} Acme &amp; Co</p>"),
        ("SMS", f"<p>{RAW} Acme & Co</p>"),
        ("SLACK", f"<p>{RAW} Acme & Co</p>"),
        ("MS_TEAMS", f"<p>{RAW} Acme & Co</p>"),
        ("WEBHOOK", f"<p>{RAW} Acme & Co</p>"),
        ("INBOX", f"<p>{RAW} Acme & Co</p>"),
    ],
)
def test_only_email_bodies_are_html_escaped(channel: str, expected_body: str) -> None:
    template = Template(
        subject="{{ data.html }} {{ tenant.tenant_name }}",
        body="<p>{{ data.html }} {{ tenant.tenant_name }}</p>",
    )
    assert render(template, channel, context()) == Rendered(
        subject=f"{RAW} Acme & Co", body=expected_body
    )


def test_email_body_safe_filter_is_the_authors_choice() -> None:
    assert (
        body("{{ '<b>hi</b>'|safe }} {{ '<b>hi</b>' }}", "EMAIL")
        == "<b>hi</b> &lt;b&gt;hi&lt;/b&gt;"
    )


def test_subject_none_stays_none() -> None:
    assert render(Template(subject=None, body="x"), "EMAIL", context()) == Rendered(None, "x")


# --- variants -----------------------------------------------------------------------------------

STEP = {
    "channel": "EMAIL",
    "subject": "Default subject",
    "body": "Default body",
    "variants": [
        {"tenant_id": "acme", "subject": "Acme subject", "body": "Acme body"},
        {"tenant_id": "globex", "subject": None, "body": "Globex body"},
        {"tenant_id": "acme", "subject": "Second acme", "body": "Second acme body"},
    ],
}


@pytest.mark.parametrize(
    ("step", "tenant_id", "expected"),
    [
        (STEP, "acme", Template("Acme subject", "Acme body")),  # the first match wins
        (STEP, "globex", Template(None, "Globex body")),  # a variant replaces the whole template
        (STEP, "initech", Template("Default subject", "Default body")),
        (STEP, "default", Template("Default subject", "Default body")),
        (STEP, None, Template("Default subject", "Default body")),
        ({"channel": "SMS", "subject": None, "body": "Hi"}, "acme", Template(None, "Hi")),
        (
            {"channel": "SMS", "subject": None, "body": "Hi", "variants": None},
            "x",
            Template(None, "Hi"),
        ),
    ],
)
def test_pick_variant(step: dict[str, Any], tenant_id: str | None, expected: Template) -> None:
    assert pick_variant(step, tenant_id) == expected


def test_variant_renders_with_its_tenant() -> None:
    step = {
        "channel": "SMS",
        "subject": None,
        "body": "Generic {{ tenant.tenant_name }}",
        "variants": [
            {"tenant_id": "acme", "subject": None, "body": "Custom {{ brand.tenant_id }}"}
        ],
    }
    assert render(pick_variant(step, "acme"), "SMS", context()).body == "Custom acme"
    assert render(pick_variant(step, "other"), "SMS", context()).body == "Generic Acme & Co"


# --- compile checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Hello {{ data.name }}", None),
        ("{% for x in data.items %}{{ x }}{% endfor %}", None),
        ("line one\nline two\n{% if %}", "line 3: Expected an expression"),
        ("ok\n{{ data.name }", "line 2: unexpected '}'"),
        ("{% for x in y %}", "line 1: Unexpected end of template"),
        ("a\n\n\n{{ x|no_such_filter }}", "line 4: No filter named 'no_such_filter'"),
        ("{% endif %}", "line 1: Encountered unknown tag 'endif'"),
        ("x" * (MAX_SOURCE_CHARS + 1), "template is too long"),
        ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "template is too deeply nested"),
    ],
)
def test_check_template(source: str, expected: str | None) -> None:
    reason = check_template(source)
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and reason.startswith(expected), reason
        assert "Traceback" not in reason


def test_a_template_that_does_not_compile_fails_render_too() -> None:
    assert (
        render_error("fine\n{% if %}")
        == "body: line 2: Expected an expression, got 'end of statement block'"
    )


# --- render errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (Template(None, "{{ data.x + 1 }}"), "body: line 1: 'dict object' has no attribute 'x'"),
        (
            Template(None, "\n\n{{ data.order.id() }}"),
            "body: line 3: TypeError: 'int' object is not callable",
        ),
        (Template("{{ 1 / 0 }}", "ok"), "subject: line 1: ZeroDivisionError: division by zero"),
        (Template(None, "{{ nope(1) }}"), "body: line 1: 'nope' is undefined"),
        (
            Template(None, "{{ data.order.id + 'a' }}"),
            "body: line 1: TypeError: unsupported operand",
        ),
        (
            Template(None, "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"),
            "body: template is too",
        ),
    ],
)
def test_render_errors_raise_with_a_reason(template: Template, expected: str) -> None:
    with pytest.raises(TemplateRenderError) as caught:
        render(template, "EMAIL", context())
    message = caught.value.message
    assert message.startswith(expected), message
    assert str(caught.value) == message
    assert "Traceback" not in message and "\n" not in message


# --- sandbox ------------------------------------------------------------------------------------

LEAKS = ("<class", "<function", "<built-in", "<module", "<bound", " at 0x", "__globals__': {", "{'")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' is unsafe"),
        ("{{ data.__class__ }}", "access to attribute '__class__' is unsafe"),
        ("{{ cycler.__init__.__globals__ }}", "access to attribute '__init__' is unsafe"),
        ("{{ self._TemplateReference__context }}", "is unsafe"),
        ("{% set x = data.update({'a': 1}) %}", "access to attribute 'update' is unsafe"),
        ("{{ data.order.lines.append('x') }}", "access to attribute 'append' is unsafe"),
        ("{{ range(10**9)|list }}", "Range too big"),
        ("{{ data|attr('__class__') }}", "access to attribute '__class__' is unsafe"),
        ("{{ data['__class__'] }}", "access to attribute '__class__' is unsafe"),
        ("{{ '{0.__class__}'.format(data) }}", "access to attribute '__class__' is unsafe"),
        ("{{ data.missing.__class__ }}", "access to attribute '__class__' is unsafe"),
        (
            "{{ recipient.properties.first_name.__len__() }}",
            "access to attribute '__len__' is unsafe",
        ),
        ("{{ lipsum(10**6) }}", "'lipsum' is undefined"),
        ("{{ 'x' * 10**9 }}", "repetition result is longer"),
        ("{{ 7 ** 100000 }}", "power result is larger"),
    ],
)
@pytest.mark.parametrize("part", ["subject", "body"])
@pytest.mark.parametrize("channel", ["EMAIL", "SMS"])
def test_sandbox_blocks_python_internals(
    source: str, expected: str, part: str, channel: str
) -> None:
    data = {"order": {"lines": ["tea"]}}
    template = Template(source, "ok") if part == "subject" else Template("ok", source)
    with pytest.raises(TemplateRenderError) as caught:
        render(template, channel, context(data))
    message = caught.value.message
    assert message.startswith(f"{part}: ") and expected in message, message
    assert not any(leak in message for leak in LEAKS), message
    assert data == {"order": {"lines": ["tea"]}}  # nothing mutated


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Nested loops that print nothing stop on the work budget.
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "too much work",
        ),
        # Recursive fan-out stops on the work budget too.
        (
            "{% macro m(d) %}{% if d < 40 %}{{ m(d+1) }}{{ m(d+1) }}{% endif %}{% endmacro %}{{ m(0) }}",
            "too much work",
        ),
        # Loops that print stop on the output limit.
        (
            "{% for i in range(100000) %}{% for j in range(100) %}xx{% endfor %}{% endfor %}",
            f"output is longer than {MAX_OUTPUT_CHARS}",
        ),
        ("{{ range(100000)|join('-') * 100 }}", "repetition result is longer"),
    ],
)
def test_runaway_templates_stop_quickly(source: str, expected: str) -> None:
    started = time.monotonic()
    message = render_error(source)
    assert expected in message, message
    assert time.monotonic() - started < 10


def test_ordinary_loops_and_arithmetic_still_work() -> None:
    source = "{{ range(1000)|sum }} {{ 2 ** 10 }} {{ 'ab' * 3 }} {{ [0] * 2 }} {{ range(3)|list }}"
    assert body(source) == "499500 1024 ababab [0, 0] [0, 1, 2]"
    nested = "{% for i in range(300) %}{% for j in range(300) %}{% endfor %}{% endfor %}done"
    assert body(nested) == "done"
    assert len(body("{% for i in range(1000) %}{{ 'x' * 900 }}{% endfor %}")) == 900_000


# --- compile cache ------------------------------------------------------------------------------


def test_compiled_templates_are_cached_by_source_and_autoescape() -> None:
    source = "cache probe {{ data.order.id }} {{ range(2)|list }}"
    first = compile_template(source, False)
    hits = compile_template.cache_info().hits
    assert compile_template(source, False) is first
    assert compile_template.cache_info().hits == hits + 1
    html = compile_template(source, True)
    assert html is not first
    assert compile_template(source, True) is html

    before = compile_template.cache_info().hits
    assert check_template(source) is None  # checking reuses the compiled text template
    render(Template(source, source), "EMAIL", context())  # subject: text, body: html
    render(Template(None, source), "SMS", context())
    assert compile_template.cache_info().hits == before + 4
