"""Preferences: categories, tenant overrides, and what a user sees in one tenant."""
