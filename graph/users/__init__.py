"""Users: types, queries and mutations, including a user's preferences per tenant."""
