"""``ecoparc access grant|revoke|list|create-login`` (docs/administration.md)."""

from __future__ import annotations

import sys

import click

from fleet.access import LEVELS
from services.access import create_login, grant, grants, revoke

from .runtime import FORMAT_OPTION, Runtime, emit_rows, fail, pass_runtime, tell


@click.group("access")
def access_group() -> None:
    """Droits d'accès à une base PostgreSQL partagée : identifiants, droits par entité."""


@access_group.command("create-login")
@click.argument("login")
@pass_runtime
def access_create_login(rt: Runtime, login: str) -> None:
    """Créer l'identifiant IDENTIFIANT ; le mot de passe est demandé (jamais affiché)."""
    # Asked here, never taken from an option: it stays out of the shell history,
    # the process list and the logs (only its SCRAM verifier reaches the server).
    # A script pipes it on the standard input (one line).
    if sys.stdin.isatty():
        password = click.prompt(
            f"Mot de passe de {login}",
            hide_input=True,
            confirmation_prompt="Le même mot de passe, pour vérifier",
            err=True,
        )
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    with rt.uow() as uow:
        create_login(uow, login, password)
    tell(f"Identifiant créé : {login} (sans droit : « ecoparc access grant {login} … »)")


@access_group.command("grant")
@click.argument("login")
@click.option(
    "--entity",
    metavar="NOM",
    help="Entité (avec ses établissements) ; sans --entity : toutes les entités "
    "(read : auditeur, admin : administrateur de la métropole).",
)
@click.option(
    "--level",
    type=click.Choice(list(LEVELS)),
    required=True,
    help="read : lecture ; edit : lecture et modification ; admin : et droits des autres.",
)
@pass_runtime
def access_grant(rt: Runtime, login: str, entity: str | None, level: str) -> None:
    """Donner à IDENTIFIANT un niveau de droit sur une entité (ou sur toutes)."""
    with rt.uow() as uow:
        grant(uow, login, entity, level)
    where = entity or "toutes les entités"
    tell(f"Droit donné : {login} — {LEVELS[level]} — {where}")


@access_group.command("revoke")
@click.argument("login")
@click.option("--entity", metavar="NOM", help="Entité du droit à retirer (défaut : toutes).")
@click.option("--all", "everything", is_flag=True, help="Retirer tous les droits d'IDENTIFIANT.")
@pass_runtime
def access_revoke(rt: Runtime, login: str, entity: str | None, everything: bool) -> None:
    """Retirer un droit d'IDENTIFIANT (sur --entity, sur toutes les entités, ou --all)."""
    if everything and entity:
        fail("--entity ou --all, pas les deux")
    with rt.uow() as uow:
        removed = revoke(uow, login, entity, everything)
    if not removed:
        fail(f"aucun droit de {login} à retirer")
    tell(f"Droit(s) retiré(s) à {login} : {removed}")


@access_group.command("list")
@FORMAT_OPTION
@pass_runtime
def access_list(rt: Runtime, fmt: str) -> None:
    """Lister les droits (les vôtres ; tous pour les administrateurs et auditeurs)."""
    with rt.uow() as uow:
        rows = grants(uow)
    emit_rows(rows, fmt, ["login", "entity", "level", "role", "granted_by", "granted_at"])
