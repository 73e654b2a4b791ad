"""Connections done right (docs/administration.md, « Se connecter »): the password
comes from ``.pgpass``/``PGPASSFILE`` or a prompt that does not echo it, never
from the URL; libpq options of the URL pass through; the password never shows.

The shared test server trusts every local connection, so these tests start a
small server of their own that asks for passwords (SCRAM), from the PostgreSQL
binaries .ci/run installs.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ecoparc_cli import ecoparc
from sqlalchemy import text

from fleet.db import dispose_engines, get_engine, set_password_prompt

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("postgres_password")]

OWNER = "proprietaire"
PASSWORD = "mot-de-passe-du-serveur-de-test"


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    """initdb refuses to run as root: CI (root) runs the server as ``postgres``."""
    if os.geteuid() != 0:
        return command
    return ["su", "postgres", "-c", " ".join(command)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A server asking for a password; yields its URL without the password."""
    bin_dir = _bin_dir()
    if bin_dir is None or (os.geteuid() == 0 and shutil.which("su") is None):
        pytest.skip("binaires PostgreSQL absents")
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("pas d'utilisateur postgres pour lancer un serveur")
    home = Path(tempfile.mkdtemp(prefix="ecoparc-pw-"))
    data, pwfile = home / "data", home / "pwfile"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(pwfile, "postgres")
    port = _free_port()
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", OWNER, "-A", "scram-sha-256"]
    initdb += [f"--pwfile={pwfile}", "--no-instructions", "-E", "UTF8"]
    subprocess.run(_as_server_user(initdb), check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    start = [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", f"'{options}'", "-w", "start"]
    start += ["-l", str(home / "log")]
    subprocess.run(_as_server_user(start), check=True, capture_output=True, timeout=120)
    try:
        yield f"postgresql+psycopg://{OWNER}@127.0.0.1:{port}/postgres"
    finally:
        dispose_engines()
        stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(_as_server_user(stop), capture_output=True, timeout=120, check=False)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def no_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No password anywhere libpq looks (a .pgpass file of the test's own)."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    pgpass = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    return pgpass


def test_the_password_comes_from_pgpassfile(server: str, no_password: Path) -> None:
    refused = ecoparc("--db", server, "init")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("ecoparc : erreur : connexion refusée par le serveur")
    no_password.write_text(f"127.0.0.1:*:*:{OWNER}:{PASSWORD}\n", encoding="utf-8")
    no_password.chmod(0o600)
    ran = ecoparc("--db", server, "init")
    assert ran.returncode == 0, ran.stderr
    assert PASSWORD not in ran.stdout + ran.stderr


def test_a_password_in_the_url_never_shows(server: str, no_password: Path) -> None:
    wrong = server.replace(f"{OWNER}@", f"{OWNER}:secret-faux@")
    ran = ecoparc("--db", wrong, "entity", "list")
    assert ran.returncode == 1 and "secret-faux" not in ran.stderr and "***" in ran.stderr


def test_libpq_options_pass_through(server: str, no_password: Path) -> None:
    set_password_prompt(lambda _where: PASSWORD)
    try:
        url = f"{server}?sslmode=disable&application_name=ecoparc-essai"
        with get_engine(url).connect() as conn:
            assert conn.scalar(text("SELECT current_setting('application_name')")) == (
                "ecoparc-essai"
            )
        ran = ecoparc("--db", f"{server}?sslmode=require", "entity", "list")
        assert ran.returncode == 1 and "Traceback" not in ran.stderr
        assert ran.stderr.startswith("ecoparc : erreur : connexion chiffrée impossible")
        assert "sslmode=require" in ran.stderr and len(ran.stderr.strip().splitlines()) == 1
    finally:
        set_password_prompt(None)
        dispose_engines()


def test_at_a_terminal_the_password_is_asked_and_not_echoed(server: str, no_password: Path) -> None:
    """``ecoparc`` in a real terminal (a pseudo-terminal): it asks once, hides the
    answer, and the command runs."""
    ecoparc_bin = Path(sys.executable).with_name("ecoparc")
    pid, fd = pty.fork()
    if pid == 0:  # the child: ecoparc at a terminal
        os.execv(str(ecoparc_bin), [str(ecoparc_bin), "--db", server, "init"])
    output = b""
    answered = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not answered and b"Mot de passe pour" in output:
            os.write(fd, PASSWORD.encode() + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    shown = output.decode("utf-8", "replace")
    assert answered, shown
    assert os.waitstatus_to_exitcode(status) == 0, shown
    assert PASSWORD not in shown
    assert f"Mot de passe pour postgresql+psycopg://{OWNER}@127.0.0.1" in shown
