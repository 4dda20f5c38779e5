"""Tenant vendors: types and mutations (the list is the `Tenant.vendors` field)."""
