// Runs graphql-http's GraphQL-over-HTTP audit against a Herald server and prints one JSON
// object: the counts per status and each non-ok audit with its reason.
// Usage: node tests/http_audit.mjs URL SERVER_KEY
import { auditServer } from 'graphql-http';

const [url, key] = process.argv.slice(2);
if (!url || !key) {
  console.error('usage: node tests/http_audit.mjs URL SERVER_KEY');
  process.exit(2);
}

// Every audit request carries the server key, as a real client's would.
const fetchWithKey = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url, fetchFn: fetchWithKey });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const failures = [];
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== 'ok') {
    failures.push({ id: result.id, name: result.name, status: result.status, reason: result.reason });
  }
}
console.log(JSON.stringify({ counts, failures }));
