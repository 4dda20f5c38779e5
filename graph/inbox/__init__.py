"""The in-app inbox: its types, marking messages read, and the live `inboxMessages` feed."""
