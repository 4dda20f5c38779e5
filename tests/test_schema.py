"""The schema: the committed SDL matches the code, and keeps the partner contract."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, find_breaking_changes

from graph.schema import build_schema as build_herald_schema
from models.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "contract.graphql"

# Parts of the contract that later issues build. Shrink to nothing; never grow.
NOT_YET_BUILT: set[str] = set()


def exported_sdl() -> str:
    return build_herald_schema(Settings()).as_str() + "\n"


def removed_name(description: str) -> str:
    """'Field Query.user was removed.' -> 'Query.user'."""
    return description.removeprefix("Field ").removesuffix(" was removed.")


def test_committed_schema_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == exported_sdl(), "run `herald export-schema` and commit schema.graphql"


def test_contract_has_no_breaking_changes_beyond_the_allowance() -> None:
    contract = build_schema(CONTRACT.read_text())
    changes = find_breaking_changes(contract, build_schema(exported_sdl()))
    unexpected = [
        c.description for c in changes if removed_name(c.description) not in NOT_YET_BUILT
    ]
    assert unexpected == []


def test_allowance_lists_only_what_is_still_missing() -> None:
    """Once a part is built, its entry must leave the allowance."""
    contract = build_schema(CONTRACT.read_text())
    missing = {
        removed_name(c.description)
        for c in find_breaking_changes(contract, build_schema(exported_sdl()))
    }
    assert NOT_YET_BUILT - missing == set()


def test_every_type_and_field_is_described() -> None:
    schema = build_schema(exported_sdl())
    undescribed = []
    for name, gql_type in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Boolean", "Int", "Float", "ID"}:
            continue
        if not gql_type.description and name not in {"Query", "Mutation", "Subscription"}:
            undescribed.append(name)
        for field_name, field in getattr(gql_type, "fields", {}).items():
            if not field.description:
                undescribed.append(f"{name}.{field_name}")
    assert undescribed == []
