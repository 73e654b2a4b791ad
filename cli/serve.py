"""``ecoparc serve``: the TUI in a web browser, through textual-serve.

Each browser tab gets its own ``ecoparc tui`` process (textual-serve starts one
per websocket). The rules, in docs/serve.md:

- it listens on 127.0.0.1 unless ``--host`` says otherwise; any other interface
  needs an access token (``--token`` or ``ECOPARC_SERVE_TOKEN``);
- with a token, every request without it is refused (401): the first page is
  opened as ``/?token=…``, which sets an HttpOnly cookie (an HMAC of the token,
  never the token itself) and redirects to ``/`` so the token leaves the address
  bar; a script may send ``Authorization: Bearer …`` instead;
- a websocket opened from a page of another site is refused (403), token or not;
- the token is never printed in full, and the access log (which would write the
  first address with its ``?token=``) is off;
- the database URL reaches the sessions through ``ECOPARC_DB`` (not on a command
  line other users could read); on PostgreSQL each session asks its user for a
  login and password, so the database's access rules apply as in the terminal.

HTTPS is the job of the métropole's reverse proxy in front (``--public-url``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import os
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click
from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from fleet.db import is_sqlite, normalise_url

from .runtime import EXIT_USAGE, Runtime, fail, pass_runtime

#: Environment variable holding the access token (preferred to ``--token``: not in ``ps``).
TOKEN_ENV = "ECOPARC_SERVE_TOKEN"
#: Shortest token accepted (a guessable token is no protection).
MIN_TOKEN_LENGTH = 16
#: Cookie that carries the proof of the token after the first page.
COOKIE = "ecoparc_session"
#: Characters of the token shown at start (enough to tell two tokens apart).
SHOWN_CHARACTERS = 4
TEMPLATES = Path(__file__).parent / "serve_templates"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def masked(token: str) -> str:
    """The token as it may be printed: its first characters, then an ellipsis."""
    return token[:SHOWN_CHARACTERS] + "…"


def cookie_value(token: str) -> str:
    """What the cookie holds: derived from the token, useless to log in elsewhere."""
    return hmac.new(token.encode(), b"ecoparc serve cookie", hashlib.sha256).hexdigest()


def _given_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header.removeprefix("Bearer ").strip()
    return request.query.get("token")


@web.middleware
async def same_origin_websocket(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse (403) a websocket opened by a page of another site: browsers let any page
    open one to 127.0.0.1, and the session's keystrokes would then be that page's."""
    origin = request.headers.get("Origin")
    if request.path == "/ws" and origin is not None:
        if URL(origin).raw_authority != request.host:
            raise web.HTTPForbidden(text="ecoparc : connexion refusée depuis une autre origine.")
    return await handler(request)


def token_middleware(token: str, secure_cookie: bool) -> Any:
    """Refuse (401) every request that carries neither the token nor its cookie."""
    expected_cookie = cookie_value(token)

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = _given_token(request)
        if given is not None and hmac.compare_digest(given.encode(), token.encode()):
            if "token" in request.query and request.method == "GET":
                query = {k: v for k, v in request.query.items() if k != "token"}
                redirect = web.HTTPFound(request.rel_url.with_query(query))
                redirect.set_cookie(
                    COOKIE,
                    expected_cookie,
                    httponly=True,
                    samesite="Strict",
                    secure=secure_cookie,
                )
                raise redirect
            return await handler(request)
        cookie = request.cookies.get(COOKIE, "")
        if cookie and hmac.compare_digest(cookie.encode(), expected_cookie.encode()):
            return await handler(request)
        raise web.HTTPUnauthorized(
            text="ecoparc : jeton d'accès manquant ou invalide (ouvrir l'adresse avec ?token=…).",
            headers={"WWW-Authenticate": 'Bearer realm="ecoparc"'},
        )

    return require_token


class EcoparcServer(Server):
    """textual-serve's server with the token check, a French page and quiet logs."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        token: str | None,
        public_url: str | None,
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title="ecoparc",
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.token = token
        self.fixed_public_url = public_url

    def initialize_logging(self) -> None:
        super().initialize_logging()
        # The access log writes each request line, the first one with its ?token=.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(same_origin_websocket)
        if self.token is not None:
            secure = (self.fixed_public_url or "").startswith("https")
            app.middlewares.append(token_middleware(self.token, secure))
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # Without --public-url, the page's websocket goes back to the address the
        # browser used (0.0.0.0 is no address a browser can reach). The template
        # renders without awaiting anything in between, so requests cannot mix.
        if self.fixed_public_url is None:
            self.public_url = f"{request.scheme}://{request.host}"
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"ecoparc servi sur {self.public_url}", highlight=False)
        if self.token is not None:
            self.console.print(
                f"Accès protégé par le jeton {masked(self.token)} : ouvrir "
                f"{self.public_url}/?token=<jeton>",
                highlight=False,
            )
        self.console.print("Ctrl+C pour arrêter.", highlight=False)


def session_command(lang: str, login: bool) -> str:
    """The command textual-serve starts for each browser session."""
    words = [sys.executable, "-m", "cli", "--lang", lang, "tui"]
    if login:
        words.append("--ask-login")
    return shlex.join(words)


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface d'écoute ; une autre que 127.0.0.1 exige un jeton.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--token",
    envvar=TOKEN_ENV,
    show_envvar=True,
    metavar="JETON",
    help=f"Jeton d'accès ({MIN_TOKEN_LENGTH} caractères au moins) ; "
    f"préférer la variable {TOKEN_ENV}.",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="Adresse publique derrière le proxy inverse HTTPS (ex. https://ecoparc.exemple.fr).",
)
@pass_runtime
def serve_command(
    rt: Runtime, host: str, port: int, token: str | None, public_url: str | None
) -> None:
    """Servir l'interface dans un navigateur web (textual-serve)."""
    if not is_loopback(host) and not token:
        fail(
            f"--host {host} ouvre ecoparc au réseau : un jeton est obligatoire "
            f"(--token JETON ou la variable {TOKEN_ENV})",
            EXIT_USAGE,
        )
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        fail(f"jeton trop court : {MIN_TOKEN_LENGTH} caractères au moins", EXIT_USAGE)
    url = normalise_url(rt.settings.db_url)
    login = not is_sqlite(url)
    if not login:
        rt.require_schema()
    # The sessions inherit this environment: the database, not the token.
    os.environ["ECOPARC_DB"] = url
    os.environ.pop(TOKEN_ENV, None)
    server = EcoparcServer(session_command(rt.settings.lang, login), host, port, token, public_url)
    server.serve()
