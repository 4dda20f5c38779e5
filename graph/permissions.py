"""Who may call what, in one place: strawberry permissions applied to fields.

A server key may do everything in its workspace. A user token speaks for one user in one
tenant, and may do only what that user's own frontend needs: read `viewer`, its tenant's
branding, its own preferences in its tenant, and change those preferences; read its own inbox
in its tenant, mark it read, and subscribe to it. Everything else is a FORBIDDEN error naming
the refused field.

Default-deny: every Query and Mutation field must carry one of these (tests/test_permissions.py
walks the schema), and so must every field a user token can reach that is not listed in
USER_READABLE. A new root field that only backends use takes `permission_classes=SERVER_ONLY`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry.permission import BasePermission
from strawberry.types.unset import UnsetType

from graph.context import Info
from graph.core.errors import forbidden, unauthenticated
from resolvers.scope import Scope, Viewer


class HeraldPermission(BasePermission):
    """Server keys pass; a user token passes only where `allows_user` says so.

    A refusal raises FORBIDDEN itself (instead of strawberry's `message`), so the error names
    the field and the rule that refused it."""

    rule: ClassVar[str] = "server keys only"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        if viewer is None:  # RequireViewer stops these first; never fail open
            raise unauthenticated()
        if viewer.scope is Scope.SERVER or self.allows_user(viewer, source, kwargs):
            return True
        raise forbidden(f"{info.path.typename}.{info.field_name} ({self.rule})")

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return False


class IsServer(HeraldPermission):
    """Backends only: administration, listings, vendors, anything about other users."""


class AnyViewer(HeraldPermission):
    """Any valid credential (unauthenticated requests never reach a resolver)."""

    rule = "any credential"

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return True


class OwnTenant(HeraldPermission):
    """`tenant(id)`: a user token reads the tenant it is bound to, no other."""

    rule = "a user token reads only its own tenant"

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return arguments.get("id") == viewer.tenant_id


class IsSelf(HeraldPermission):
    """`user(distinctId)`: a user token reads itself, no other user."""

    rule = "a user token reads only its own user"

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return arguments.get("distinct_id") == viewer.distinct_id


class OwnPreferences(HeraldPermission):
    """`User.preferences(tenantId)`: its own, in its own tenant (omitted or null means that)."""

    rule = "a user token reads only its own preferences in its own tenant"

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return _self_in_own_tenant(viewer, getattr(source, "distinct_id", None), arguments)


class SelfInOwnTenant(HeraldPermission):
    """Preference mutations: a user token changes its own choices in its own tenant only.
    (The resolvers still refuse what no user may change, e.g. a CANT_UNSUBSCRIBE category.)"""

    rule = "a user token changes only its own preferences in its own tenant"

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return _self_in_own_tenant(viewer, arguments.get("distinct_id"), arguments)


class OwnInbox(HeraldPermission):
    """`User.inbox(tenantId)`: its own, in its own tenant (omitted or null means that)."""

    rule = "a user token reads only its own inbox in its own tenant"

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return _self_in_own_tenant(viewer, getattr(source, "distinct_id", None), arguments)


class SelfInbox(HeraldPermission):
    """`markInboxRead` and `inboxMessages`: a user token reaches its own inbox in its own tenant
    only. (markInboxRead names no tenant: the resolver keeps a user token to its own.)"""

    rule = "a user token reaches only its own inbox in its own tenant"

    def allows_user(self, viewer: Viewer, source: Any, arguments: dict[str, Any]) -> bool:
        return _self_in_own_tenant(viewer, arguments.get("distinct_id"), arguments)


def _self_in_own_tenant(viewer: Viewer, distinct_id: object, arguments: dict[str, Any]) -> bool:
    return distinct_id == viewer.distinct_id and _own_tenant(viewer, arguments.get("tenant_id"))


def _own_tenant(viewer: Viewer, tenant_id: object) -> bool:
    """Omitted or null names the token's own tenant (see resolvers.tenants.tenant_or_default)."""
    return tenant_id is None or isinstance(tenant_id, UnsetType) or tenant_id == viewer.tenant_id


SERVER_ONLY: list[type[BasePermission]] = [IsServer]
ANY_VIEWER: list[type[BasePermission]] = [AnyViewer]

# Fields a user token reads with no check of their own, on objects it reached through a field
# that let it in. "*" is every field of a type made only for frontends or for answers it may
# see. Any other field a user token can reach needs a permission (the schema walk enforces it).
ALL_FIELDS = frozenset({"*"})
USER_READABLE: dict[str, frozenset[str]] = {
    "Viewer": ALL_FIELDS,
    "Tenant": frozenset(
        {
            "id",
            "name",
            "logo",
            "primaryColor",
            "secondaryColor",
            "tertiaryColor",
            "socialLinks",
            "properties",
            "timezone",
            "preferencePageUrl",
            "blockedChannels",
            "branding",
            "createdAt",
            "updatedAt",
        }
    ),
    "Branding": ALL_FIELDS,
    "SocialLinks": ALL_FIELDS,
    "User": frozenset({"distinctId", "timezone"}),
    "UserPreferences": ALL_FIELDS,
    "UserCategoryPreference": ALL_FIELDS,
    "Category": ALL_FIELDS,
    "UserPreferencesPayload": ALL_FIELDS,
    "UserError": ALL_FIELDS,
    "InboxConnection": ALL_FIELDS,
    "InboxEdge": ALL_FIELDS,
    "InboxMessage": ALL_FIELDS,
    "PageInfo": ALL_FIELDS,
}
