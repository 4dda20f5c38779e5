"""Tenants: types, queries and mutations."""
