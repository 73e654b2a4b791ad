"""The pseudonymisation key is kept away from the data (docs/administration.md):
on SQLite an owner-only file outside the database, whose fingerprint alone the
database keeps; moving or losing it is noticed and explained. Databases of the
previous schema, which kept the key in ``app_setting``, are upgraded without
changing anyone's pseudonym, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pytest
from ecoparc_cli import ecoparc
from sqlalchemy import text

from fleet import schema
from fleet.access_keys import FINGERPRINT_SETTING, KEY_DIR_ENV, KEY_FILE_ENV, fingerprint
from fleet.db import dispose_engines, get_engine, sqlite_path

HEADER = "Nom;Numéro de série;Type;Utilisateur\n"


def _import(url: str, tmp: Path, name: str, user: str) -> str:
    """Import one device used by ``user``; returns its pseudonym."""
    path = tmp / f"{name}.csv"
    path.write_text(HEADER + f"{name};SN-{name};Ordinateur portable;{user}\n", encoding="utf-8")
    ran = ecoparc(
        "--db", url, "import", str(path), "--entity", "Seyssinet-Pariset", "--create-entities"
    )
    assert ran.returncode == 0, ran.stderr
    with get_engine(url).connect() as conn:
        value = conn.scalar(text("SELECT user_key FROM device WHERE name = :n"), {"n": name})
    dispose_engines()
    return str(value)


def _settings(url: str) -> dict[str, str]:
    with get_engine(url).connect() as conn:
        rows = dict(conn.execute(text("SELECT name, value FROM app_setting")).all())
    dispose_engines()
    return {str(k): str(v) for k, v in rows.items()}


def test_sqlite_key_is_a_private_file_outside_the_database(sqlite_url: str, tmp_path: Path) -> None:
    schema.upgrade(sqlite_url, backup=False)
    first = _import(sqlite_url, tmp_path, "PC-1", "Jean Dupont")
    second = _import(sqlite_url, tmp_path, "PC-2", "  JEAN dupont ")
    assert first == second and first.startswith("u-")
    settings = _settings(sqlite_url)
    assert set(settings) == {FINGERPRINT_SETTING}
    key_file = Path(os.environ[KEY_DIR_ENV]) / f"{settings[FINGERPRINT_SETTING]}.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes()
    assert fingerprint(key) == settings[FINGERPRINT_SETTING]
    assert first == "u-" + hmac.new(key, b"jean dupont", hashlib.sha256).hexdigest()[:16]
    database = sqlite_path(sqlite_url)
    assert database is not None and key_file.parent != database.parent
    assert key not in database.read_bytes()


def test_a_lost_moved_or_readable_key_is_explained(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema.upgrade(sqlite_url, backup=False)
    _import(sqlite_url, tmp_path, "PC-1", "Jean Dupont")
    print_ = _settings(sqlite_url)[FINGERPRINT_SETTING]
    key_file = Path(os.environ[KEY_DIR_ENV]) / f"{print_}.key"
    elsewhere = tmp_path / "ailleurs.key"
    key_file.rename(elsewhere)
    path = tmp_path / "b.csv"
    path.write_text(HEADER + "PC-3;SN-3;Ordinateur portable;Marie Curie\n", encoding="utf-8")
    lost = ecoparc("--db", sqlite_url, "import", str(path), "--entity", "Seyssinet-Pariset")
    assert lost.returncode == 1 and "Traceback" not in lost.stderr
    assert len(lost.stderr.strip().splitlines()) == 1
    assert "clé de pseudonymisation introuvable" in lost.stderr and print_ in lost.stderr
    checked = ecoparc("--db", sqlite_url, "db", "check")
    assert checked.returncode == 1 and "clé de pseudonymisation introuvable" in checked.stderr
    # Pointed at its new place, the key works again; another key is recognised as such.
    monkeypatch.setenv(KEY_FILE_ENV, str(elsewhere))
    assert (
        ecoparc("--db", sqlite_url, "import", str(path), "--entity", "Seyssinet-Pariset").returncode
        == 0
    )
    other = tmp_path / "autre.key"
    other.write_bytes(b"0" * 64)
    other.chmod(0o600)
    monkeypatch.setenv(KEY_FILE_ENV, str(other))
    swapped = ecoparc("--db", sqlite_url, "import", str(path), "--entity", "Seyssinet-Pariset")
    assert (
        swapped.returncode == 1
        and "n'est pas la clé de pseudonymisation de cette base" in swapped.stderr
    )
    monkeypatch.setenv(KEY_FILE_ENV, str(elsewhere))
    elsewhere.chmod(0o644)
    readable = ecoparc("--db", sqlite_url, "import", str(path), "--entity", "Seyssinet-Pariset")
    assert readable.returncode == 1 and f"chmod 600 {elsewhere}" in readable.stderr


def test_upgrade_keeps_the_pseudonyms_of_the_previous_schema(db_url: str, tmp_path: Path) -> None:
    """A database of schema 0006 (key in app_setting, pseudonymised devices) upgrades
    without loss: its rows stay, the key leaves the readable tables, and a new
    import gives the same person the same pseudonym."""
    schema.upgrade(db_url, "0006", backup=False)
    legacy = "c0ffee" * 10 + "abcd"
    before = "u-" + hmac.new(legacy.encode(), b"jean dupont", hashlib.sha256).hexdigest()[:16]
    with get_engine(db_url).begin() as conn:
        conn.execute(
            text("INSERT INTO app_setting (name, value) VALUES ('pseudonym_key', :k)"),
            {"k": legacy},
        )
        entity = conn.scalar(
            text(
                "INSERT INTO entity (name, kind, created_at, updated_at) "
                "VALUES ('Seyssinet-Pariset', 'commune', :t, :t) RETURNING id"
            ),
            {"t": "2026-01-01 00:00:00"},
        )
        device = conn.scalar(
            text(
                "INSERT INTO device (entity_id, quantity, name, category, acquisition, status, "
                "classified, reuse_flagged, user_key, maker_key, created_at, updated_at) VALUES "
                "(:e, 1, 'PC-1', 'laptop', 'new', 'in_service', false, false, :u, '', :t, :t) "
                "RETURNING id"
            ),
            {"e": entity, "u": before, "t": "2026-01-01 00:00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO device_event (device_id, kind, actor, at) "
                "VALUES (:d, 'create', 'x', :t)"
            ),
            {"d": device, "t": "2026-01-01 00:00:00"},
        )
    dispose_engines()
    schema.upgrade(db_url, backup=False)
    dispose_engines()
    assert "pseudonym_key" not in _settings(db_url)
    assert legacy not in str(_settings(db_url))
    after = _import(db_url, tmp_path, "PC-2", "jean  DUPONT")
    assert after == before
    with get_engine(db_url).connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM device")) == 2
        assert conn.scalar(text("SELECT count(*) FROM device_event")) == 2
    dispose_engines()


def test_access_commands_on_sqlite_explain_the_boundary(sqlite_url: str) -> None:
    schema.upgrade(sqlite_url, backup=False)
    ran = ecoparc("--db", sqlite_url, "access", "list")
    assert ran.returncode == 1
    assert "sur SQLite" in ran.stderr and "droits sur le fichier" in ran.stderr
