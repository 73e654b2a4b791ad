"""A PostgreSQL server that never answers (a firewall dropping packets, a machine
gone): the command says so in one French line after the connection timeout, once
(docs/administration.md, « Se connecter »), instead of waiting for the system to
give up on TCP (over two minutes), twice when the footprint's quick start then let
the unit of work try."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from ecoparc_cli import ecoparc

from fleet import connecting
from fleet.connecting import CONNECT_TIMEOUT, connect_timeout


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that takes connections (the system's backlog) and never answers."""
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(16)
        yield f"postgresql://agent@127.0.0.1:{listening.getsockname()[1]}/parc"


def test_the_timeout_is_the_urls_or_the_environments_else_ours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    assert connect_timeout("postgresql://a@h/b") == CONNECT_TIMEOUT
    assert connect_timeout("postgresql://a@h/b?sslmode=require&connect_timeout=3") is None
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "4")
    assert connect_timeout("postgresql://a@h/b") is None


@pytest.mark.parametrize("command", [("entity", "list"), ("footprint",)])
def test_a_silent_server_is_said_after_one_timeout(
    silent_server: str, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """ecoparc's own timeout (shortened here) applies to both ways a command
    connects, and the footprint's quick start does not let the unit of work wait as
    long again."""
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    monkeypatch.setattr(connecting, "CONNECT_TIMEOUT", 2)
    began = time.monotonic()
    ran = ecoparc("--lang", "fr", "--db", silent_server, *command)
    waited = time.monotonic() - began
    assert ran.returncode == 1
    assert ran.stderr.strip().splitlines() == [
        f"ecoparc : erreur : serveur PostgreSQL injoignable "
        f"({silent_server.replace('postgresql://', 'postgresql+psycopg://')}) : vérifiez "
        "qu'il tourne, l'adresse, le port et le réseau"
    ]
    assert 2 <= waited < 4  # one timeout, not two
