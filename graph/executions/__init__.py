"""Triggers, executions, messages, previews and live message updates."""
