"""Workflows: what a trigger sends, per channel, with per-tenant template variants."""
