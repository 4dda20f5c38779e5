"""The delivery channels, shared by every layer."""

from enum import StrEnum


class Channel(StrEnum):
    EMAIL = "EMAIL"
    SMS = "SMS"
    WHATSAPP = "WHATSAPP"
    SLACK = "SLACK"
    MS_TEAMS = "MS_TEAMS"
    WEBHOOK = "WEBHOOK"
    INBOX = "INBOX"
