"""The GraphQL documents the benchmarks send."""

TENANT = 'mutation { upsertTenant(id: "acme", input: {name: "Acme", logo: "https://l.example/a.png"}) { errors { code } } }'  # noqa: E501
CATEGORY = 'mutation { upsertCategory(input: {slug: "news", name: "News"}) { errors { code } } }'
WEBHOOK_VENDOR = """mutation($config: JSON!) {
  setTenantVendor(tenantId: "default", input: {channel: WEBHOOK, provider: "webhook", config: $config}) {
    errors { message }
  }
}"""  # noqa: E501
WORKFLOW = """mutation($steps: [WorkflowStepInput!]!) {
  upsertWorkflow(input: {slug: "hello", name: "Hello", category: "news", steps: $steps}) {
    errors { message }
  }
}"""
BODY = "Hello {{ recipient.distinct_id }} from {{ tenant.tenant_name }}"
READ = 'query { tenant(id: "acme") { id name logo } }'
TRIGGER_ONE = """mutation($k: String!) {
  triggerWorkflow(workflow: "hello", recipients: [{distinctId: "u1"}], idempotencyKey: $k) {
    errors { code }
  }
}"""
TRIGGER_MANY = """mutation($r: [RecipientInput!]!) {
  triggerWorkflow(workflow: "hello", recipients: $r, tenantId: "acme") { errors { message } }
}"""
