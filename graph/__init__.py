"""The GraphQL layer: strawberry types, schema, context, auth and the Starlette app."""
