// Herald's GraphiQL: same-origin fetcher, and a header editor that starts with the
// Authorization header to fill in. Headers are not persisted: a key stays out of localStorage.
(function () {
  const url = window.location.origin + window.location.pathname;
  const fetcher = GraphiQL.createFetcher({
    url: url,
    subscriptionUrl: url.replace(/^http/, "ws"),
  });
  const headers = JSON.stringify({ Authorization: "Bearer <server key>" }, null, 2);
  const query = [
    "# Paste a server key or user token into Headers below, then run.",
    "{",
    "  viewer {",
    "    scope",
    "    workspace",
    "    tenantId",
    "    distinctId",
    "  }",
    "}",
    "",
  ].join("\n");
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: query,
      defaultHeaders: headers,
      defaultEditorToolsVisibility: "headers",
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    })
  );
})();
