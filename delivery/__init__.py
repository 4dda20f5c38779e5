"""The engine: preference evaluation, vendor routing, rendering, channel senders, the worker."""
