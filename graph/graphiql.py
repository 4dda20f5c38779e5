"""GraphiQL without a CDN: its page, and its assets served from the npm packages installed
into node_modules at install time (`npm ci`, never committed).

Only the files named in ASSETS are reachable, never the rest of node_modules. When they are
missing, /graphql in a browser explains how to install them instead of a blank page.
"""

from __future__ import annotations

import html
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

STATIC = Path(__file__).resolve().parent / "static"
ASSET_PREFIX = "/graphiql-assets"

# URL name -> path under node_modules (versions pinned in package.json).
PACKAGE_ASSETS = {
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql.min.css": "graphiql/graphiql.min.css",
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
}
OWN_ASSETS = {"herald-graphiql.js": STATIC / "herald-graphiql.js"}

# The page loads scripts, styles and data only from this origin: what makes it work offline
# also keeps it from loading anything else. GraphiQL styles inline and ships fonts as data URLs.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


class GraphiQLAssets:
    def __init__(self, node_modules: Path) -> None:
        self.node_modules = node_modules

    def path(self, name: str) -> Path | None:
        if name in OWN_ASSETS:
            return OWN_ASSETS[name]
        relative = PACKAGE_ASSETS.get(name)
        return self.node_modules / relative if relative else None

    def installed(self) -> bool:
        return all((self.node_modules / p).is_file() for p in PACKAGE_ASSETS.values())

    def page(self) -> Response:
        """The GraphiQL page, or how to install it when the packages are missing."""
        if not self.installed():
            missing = (STATIC / "graphiql-missing.html").read_text()
            body = missing.replace("{node_modules}", html.escape(str(self.node_modules)))
            return HTMLResponse(body, status_code=503)
        page = (STATIC / "graphiql.html").read_text()
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP})

    async def serve(self, request: Request) -> Response:
        path = self.path(request.path_params["name"])
        if path is None or not path.is_file():
            return PlainTextResponse("Not Found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})

    def route(self) -> Route:
        return Route(f"{ASSET_PREFIX}/{{name}}", self.serve, methods=["GET"])
