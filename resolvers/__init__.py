"""What each query and mutation does: plain async functions, no GraphQL types."""
