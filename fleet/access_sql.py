"""What PostgreSQL itself enforces on a shared database (docs/administration.md):
group roles, table privileges, row-level security policies, the actor trigger
and the locked pseudonym key.

The rules live in the database, not in ecoparc's screens, so that raw SQL
through ``psql`` meets the same walls as the application. Everything here is
written by the migrations, which run as the owner of the tables; the
application connects as the person's own login. :func:`install` is idempotent
(it drops and recreates what it owns), so a later migration that adds a table
classifies it in :data:`POLICIES` and calls it again.

Who is speaking: the policies pass ``current_user`` to the rights functions,
which answer only for a role the session's login may act as (itself, or a role
it is a member of). ``SET ROLE`` to a group therefore gives no row (groups
hold no grant), ``SET ROLE`` to another login or to the owner is refused by
PostgreSQL, and calling a rights function with somebody else's name returns
nothing. The owner acting for itself (migrations) sees everything; acting for
a person (``SET ROLE`` a login, which only a superuser can) it goes through
the person's policies, which is what ``FORCE ROW LEVEL SECURITY`` is for.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: Group roles, named ``<database>_<suffix>`` because roles are shared by the
#: whole cluster and two ecoparc databases (production, training) must not mix.
GROUPS = ("reader", "editor", "admin", "auditor")

#: Tables nobody but the owner can read (no privilege granted, not even SELECT): the
#: pseudonym key, and the record of a bulk load's suspended indexes (fleet.bulk_load).
LOCKED_TABLES = ("pseudonym_key", "bulk_load")

# The sets a policy tests, each computed once per statement (an InitPlan: the
# scalar sub-select, cast so that ``= ANY`` reads it as an array, not a subquery),
# never once per row.
_R = "((SELECT ecoparc_readable(current_user))::integer[])"
_W = "((SELECT ecoparc_editable(current_user))::integer[])"
_A = "(SELECT ecoparc_is_admin(current_user))"
_S = "(SELECT ecoparc_sees_all(current_user))"

_BY_ENTITY = {
    "SELECT": (f"entity_id = ANY {_R}", None),
    "INSERT": (None, f"entity_id = ANY {_W}"),
    "UPDATE": (f"entity_id = ANY {_W}", f"entity_id = ANY {_W}"),
    "DELETE": (f"entity_id = ANY {_W}", None),
}
_OPTIONAL_ENTITY_WRITE = f"(entity_id IS NULL AND {_A}) OR entity_id = ANY {_W}"
_OPTIONAL_ENTITY = {
    "SELECT": (f"entity_id IS NULL OR entity_id = ANY {_R}", None),
    "INSERT": (None, _OPTIONAL_ENTITY_WRITE),
    "UPDATE": (_OPTIONAL_ENTITY_WRITE, _OPTIONAL_ENTITY_WRITE),
    "DELETE": (_OPTIONAL_ENTITY_WRITE, None),
}
_REFERENCE = {
    "SELECT": ("true", None),
    "INSERT": (None, _A),
    "UPDATE": (_A, _A),
    "DELETE": (_A, None),
}
_DEVICE_WRITABLE = f"device_id IN (SELECT id FROM device WHERE entity_id = ANY {_W})"
_DISPOSAL_WRITE = f"{_DEVICE_WRITABLE} OR from_entity_id = ANY {_W}"
_BATCH_WRITE = f"entity_id = ANY {_W} OR (entity_id IS NULL AND (actor = session_user OR {_A}))"

#: Per table and per command: (USING, WITH CHECK). A table absent from a
#: command's list refuses that command to every login (no policy, no row).
POLICIES: dict[str, dict[str, tuple[str | None, str | None]]] = {
    # The entity list itself: each login sees its entities and their establishments;
    # a métropole administrator creates any entity, an editor an establishment under
    # an entity it edits. The readable set is read from the rows the statement began
    # with, so the row an INSERT … RETURNING writes is not in it and PostgreSQL,
    # which checks returned rows against this policy, refused every creation: seeing
    # everything, or a readable parent (its establishments are readable by the
    # scope's own rule), says the same of every stored row and also admits the new
    # one (docs/administration.md, « Créer une entité »).
    "entity": {
        "SELECT": (f"{_S} OR id = ANY {_R} OR parent_id = ANY {_R}", None),
        "INSERT": (None, f"{_A} OR parent_id = ANY {_W}"),
        "UPDATE": (_A, _A),
        "DELETE": (_A, None),
    },
    "site": _BY_ENTITY,
    "device": _BY_ENTITY,
    "need": _BY_ENTITY,
    # A batch naming several entities has none: its author and the administrators see it.
    "import_batch": {
        "SELECT": (
            f"entity_id = ANY {_R} OR (entity_id IS NULL AND (actor = session_user OR {_S}))",
            None,
        ),
        "INSERT": (None, f"entity_id = ANY {_W} OR (entity_id IS NULL AND cardinality({_W}) > 0)"),
        "UPDATE": (_BATCH_WRITE, _BATCH_WRITE),
    },
    "import_issue": {
        "SELECT": ("batch_id IN (SELECT id FROM import_batch)", None),
        "INSERT": (None, "batch_id IN (SELECT id FROM import_batch)"),
    },
    # The audit history is append-only: no UPDATE or DELETE policy, no privilege either.
    "device_event": {
        "SELECT": ("device_id IN (SELECT id FROM device)", None),
        "INSERT": (None, _DEVICE_WRITABLE),
    },
    # A hand-over stays visible to the entity that gave the device away.
    "disposal": {
        "SELECT": (f"device_id IN (SELECT id FROM device) OR from_entity_id = ANY {_R}", None),
        "INSERT": (None, _DISPOSAL_WRITE),
        "UPDATE": (_DISPOSAL_WRITE, _DISPOSAL_WRITE),
        "DELETE": (_DISPOSAL_WRITE, None),
    },
    "scenario": _OPTIONAL_ENTITY,
    "model_alias": _OPTIONAL_ENTITY,
    # Column mappings are shared by every commune; anyone who imports may save one.
    "mapping_profile": {
        "SELECT": ("true", None),
        "INSERT": (None, f"cardinality({_W}) > 0"),
        "UPDATE": (f"cardinality({_W}) > 0", f"cardinality({_W}) > 0"),
        "DELETE": (_A, None),
    },
    "factor_set": _REFERENCE,
    "factor_reference": _REFERENCE,
    "factor_impact": _REFERENCE,
    "factor_electricity": _REFERENCE,
    "partner": _REFERENCE,
    "app_setting": _REFERENCE,
    # Grants are changed only through ecoparc_grant/ecoparc_revoke (no write privilege).
    "access_grant": {
        "SELECT": (
            f"login = current_user OR {_S} OR entity_id = ANY "
            "((SELECT ecoparc_administered(current_user))::integer[])",
            None,
        ),
    },
}

#: Tables whose rows the rights functions themselves read as the owner: forcing
#: their policies on the owner would make every check call itself.
NOT_FORCED = ("entity", "access_grant")

#: What each group may do at all (the policies then choose the rows).
_EDITOR_WRITES = {
    "site": "INSERT, UPDATE, DELETE",
    "device": "INSERT, UPDATE, DELETE",
    "need": "INSERT, UPDATE, DELETE",
    "import_batch": "INSERT, UPDATE",
    "import_issue": "INSERT",
    "device_event": "INSERT",
    "disposal": "INSERT, UPDATE, DELETE",
    "scenario": "INSERT, UPDATE, DELETE",
    "model_alias": "INSERT, UPDATE, DELETE",
    "mapping_profile": "INSERT, UPDATE, DELETE",
    "entity": "INSERT",
}
_ADMIN_WRITES = {
    "entity": "INSERT, UPDATE, DELETE",
    **{t: "INSERT, UPDATE, DELETE" for t, p in POLICIES.items() if p is _REFERENCE},
}

#: Tables that record who did something: the database writes the login there.
ACTOR_TABLES = ("device_event", "import_batch")

_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION ecoparc_owner() RETURNS name
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'access_grant'::regclass
$$;

CREATE OR REPLACE FUNCTION ecoparc_group(suffix text) RETURNS name
LANGUAGE sql IMMUTABLE AS $$ SELECT (left(current_database(), 40) || '_' || suffix)::name $$;

-- The grants of ``who``, if the session's login may act as ``who``; the owner
-- acting for itself holds an implicit métropole administration.
CREATE OR REPLACE FUNCTION ecoparc_grants(who name)
RETURNS TABLE (entity_id integer, level text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT g.entity_id, g.level::text FROM access_grant g
   WHERE g.login = who AND (who = session_user OR pg_has_role(session_user, who, 'MEMBER'))
  UNION ALL
  SELECT NULL, 'admin' WHERE who = ecoparc_owner() AND session_user = who
$$;

-- The entities granted at one of ``levels``, with their establishments (children,
-- at any depth); a grant without an entity covers them all.
CREATE OR REPLACE FUNCTION ecoparc_scope(who name, levels text[]) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  WITH RECURSIVE granted AS (
    SELECT entity_id FROM ecoparc_grants(who) WHERE level = ANY (levels)
  ), tree(id) AS (
    SELECT e.id FROM entity e
     WHERE e.id IN (SELECT entity_id FROM granted)
        OR EXISTS (SELECT 1 FROM granted WHERE entity_id IS NULL)
    UNION
    SELECT e.id FROM entity e JOIN tree t ON e.parent_id = t.id
  )
  SELECT coalesce(array_agg(id ORDER BY id), '{{}}') FROM tree
$$;

CREATE OR REPLACE FUNCTION ecoparc_readable(who name) RETURNS integer[]
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT ecoparc_scope(who, ARRAY['read', 'edit', 'admin'])
$$;

CREATE OR REPLACE FUNCTION ecoparc_editable(who name) RETURNS integer[]
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT ecoparc_scope(who, ARRAY['edit', 'admin'])
$$;

CREATE OR REPLACE FUNCTION ecoparc_administered(who name) RETURNS integer[]
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT ecoparc_scope(who, ARRAY['admin'])
$$;

CREATE OR REPLACE FUNCTION ecoparc_is_admin(who name) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM ecoparc_grants(who) WHERE entity_id IS NULL AND level = 'admin')
$$;

-- Métropole administrators and auditors see every entity.
CREATE OR REPLACE FUNCTION ecoparc_sees_all(who name) RETURNS boolean
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM ecoparc_grants(who) WHERE entity_id IS NULL)
$$;

-- Group memberships follow the grants: reader for every grant, editor for edit
-- and admin on an entity, auditor and admin for the grants on all entities.
CREATE OR REPLACE FUNCTION ecoparc_sync_groups(login name) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  suffix text;
  wanted boolean;
  member boolean;
BEGIN
  FOREACH suffix IN ARRAY ARRAY['reader', 'editor', 'admin', 'auditor'] LOOP
    wanted := CASE suffix
      WHEN 'reader' THEN EXISTS (SELECT 1 FROM access_grant g WHERE g.login = $1)
      WHEN 'editor' THEN EXISTS (SELECT 1 FROM access_grant g WHERE g.login = $1
                                   AND g.entity_id IS NOT NULL AND g.level <> 'read')
      WHEN 'admin' THEN EXISTS (SELECT 1 FROM access_grant g WHERE g.login = $1
                                  AND g.entity_id IS NULL AND g.level = 'admin')
      ELSE EXISTS (SELECT 1 FROM access_grant g WHERE g.login = $1
                     AND g.entity_id IS NULL AND g.level = 'read')
    END;
    member := EXISTS (
      SELECT 1 FROM pg_auth_members m
       WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = ecoparc_group(suffix))
         AND m.member = (SELECT oid FROM pg_roles WHERE rolname = $1));
    IF wanted AND NOT member THEN
      EXECUTE format('GRANT %I TO %I', ecoparc_group(suffix), $1);
    ELSIF member AND NOT wanted THEN
      EXECUTE format('REVOKE %I FROM %I', ecoparc_group(suffix), $1);
    END IF;
  END LOOP;
END
$$;

-- Only ecoparc's own logins can receive grants: not the owner, a group, a
-- superuser or a PostgreSQL system role.
CREATE OR REPLACE FUNCTION ecoparc_check_login(login name) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  IF login LIKE 'pg\_%' OR login = ecoparc_owner()
     OR login IN (SELECT ecoparc_group(s)
                    FROM unnest(ARRAY['reader', 'editor', 'admin', 'auditor']) s)
     OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login AND (rolsuper OR rolbypassrls))
  THEN
    RAISE EXCEPTION 'l''identifiant « % » est réservé à PostgreSQL ou à ecoparc', login
      USING ERRCODE = '42501';
  END IF;
END
$$;

-- A new login, from a password verifier computed by the client (libpq's
-- PQencryptPasswordConn): the password itself never reaches the server, its
-- logs or the shell history.
CREATE OR REPLACE FUNCTION ecoparc_create_login(login name, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  IF NOT ecoparc_is_admin(session_user) THEN
    RAISE EXCEPTION 'seul un administrateur de la métropole peut créer un identifiant'
      USING ERRCODE = '42501';
  END IF;
  IF verifier !~ '^SCRAM-SHA-256\$' THEN
    RAISE EXCEPTION 'mot de passe refusé : seul un mot de passe chiffré (SCRAM-SHA-256) est accepté'
      USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    RAISE EXCEPTION 'l''identifiant « % » existe déjà', login USING ERRCODE = '42710';
  END IF;
  PERFORM ecoparc_check_login(login);
  EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                 'NOBYPASSRLS PASSWORD %L', login, verifier);
END
$$;

-- How a refusal names an entity: by name only to a login that may read it.
CREATE OR REPLACE FUNCTION ecoparc_entity_label(entity integer) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT CASE
    WHEN entity IS NULL THEN 'toutes les entités'
    ELSE coalesce((SELECT e.name FROM entity e
                    WHERE e.id = entity AND e.id = ANY (ecoparc_readable(session_user))),
                  'l''entité n° ' || entity)
  END
$$;

CREATE OR REPLACE FUNCTION ecoparc_may_manage(entity integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT ecoparc_is_admin(session_user)
      OR (entity IS NOT NULL AND entity = ANY (ecoparc_administered(session_user)))
$$;

CREATE OR REPLACE FUNCTION ecoparc_grant(login name, entity integer, level text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  IF level NOT IN ('read', 'edit', 'admin') THEN
    RAISE EXCEPTION 'niveau inconnu : « % » (attendu : read, edit ou admin)', level
      USING ERRCODE = '22023';
  END IF;
  IF entity IS NULL AND level = 'edit' THEN
    RAISE EXCEPTION
      'sur toutes les entités, le niveau est read (auditeur) ou admin (la métropole)'
      USING ERRCODE = '22023';
  END IF;
  IF entity IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = entity) THEN
    RAISE EXCEPTION 'entité inconnue (n° %)', entity USING ERRCODE = '22023';
  END IF;
  IF NOT ecoparc_may_manage(entity) THEN
    RAISE EXCEPTION 'vous n''avez pas le droit de donner des droits sur %',
      ecoparc_entity_label(entity)
      USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login AND rolcanlogin) THEN
    RAISE EXCEPTION
      'identifiant inconnu : « % » (créez-le avec « ecoparc access create-login »)', login
      USING ERRCODE = '42704';
  END IF;
  PERFORM ecoparc_check_login(login);
  DELETE FROM access_grant g WHERE g.login = $1 AND g.entity_id IS NOT DISTINCT FROM $2;
  INSERT INTO access_grant (login, entity_id, level, granted_by, granted_at)
  VALUES ($1, $2, $3, session_user, now() AT TIME ZONE 'UTC');
  PERFORM ecoparc_sync_groups($1);
END
$$;

-- Withdraws one grant (an entity's, or the one on all entities when ``entity``
-- is NULL), or all of a login's grants; returns how many went.
CREATE OR REPLACE FUNCTION ecoparc_revoke(login name, entity integer, everything boolean)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  removed integer;
BEGIN
  IF NOT (CASE WHEN everything THEN ecoparc_is_admin(session_user)
               ELSE ecoparc_may_manage(entity) END) THEN
    RAISE EXCEPTION 'vous n''avez pas le droit de retirer des droits sur %',
      ecoparc_entity_label(entity)
      USING ERRCODE = '42501';
  END IF;
  DELETE FROM access_grant g
   WHERE g.login = $1 AND (everything OR g.entity_id IS NOT DISTINCT FROM $2);
  GET DIAGNOSTICS removed = ROW_COUNT;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    PERFORM ecoparc_sync_groups($1);
  END IF;
  RETURN removed;
END
$$;

-- The audit history records the login that connected, whatever the client sends;
-- a later change of the row keeps its author.
CREATE OR REPLACE FUNCTION ecoparc_set_actor() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
  NEW.actor := CASE WHEN TG_OP = 'INSERT' THEN session_user::text ELSE OLD.actor END;
  RETURN NEW;
END
$$;

-- Keyed pseudonyms (HMAC-SHA256 with the locked key, docs/administration.md): the
-- key never leaves the database, the names come already folded by the client.
CREATE OR REPLACE FUNCTION ecoparc_pseudonyms(names text[]) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT coalesce(array_agg(
           'u-' || left(encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(n, 'UTF8'))),
                               'hex'), 16)
           ORDER BY i), '{{}}')
    FROM pseudonym_key k, unnest(names) WITH ORDINALITY AS u(n, i)
$$;
"""

#: Functions every group may call (each checks who calls it); the rest are PUBLIC-less.
_CALLABLE = (
    "ecoparc_owner()",
    "ecoparc_group(text)",
    "ecoparc_grants(name)",
    "ecoparc_scope(name, text[])",
    "ecoparc_readable(name)",
    "ecoparc_editable(name)",
    "ecoparc_administered(name)",
    "ecoparc_is_admin(name)",
    "ecoparc_sees_all(name)",
    "ecoparc_create_login(name, text)",
    "ecoparc_grant(name, integer, text)",
    "ecoparc_revoke(name, integer, boolean)",
)
_INTERNAL = (
    "ecoparc_sync_groups(name)",
    "ecoparc_check_login(name)",
    "ecoparc_may_manage(integer)",
    "ecoparc_entity_label(integer)",
    "ecoparc_set_actor()",
    "ecoparc_pseudonyms(text[])",
)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def group_name(database: str, suffix: str) -> str:
    """The group role ``suffix`` of ``database`` (as ``ecoparc_group`` computes it)."""
    return f"{database[:40]}_{suffix}"


def _existing(conn: Connection, table: str) -> bool:
    return conn.scalar(text("SELECT to_regclass(:t)"), {"t": table}) is not None


def install(conn: Connection) -> None:
    """Create or refresh the groups, privileges, functions, policies and triggers."""
    schema = quote_ident(str(conn.scalar(text("SELECT current_schema()"))))
    database = str(conn.scalar(text("SELECT current_database()")))
    for suffix in GROUPS:
        role = group_name(database, suffix)
        if not conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}):
            conn.exec_driver_sql(f"CREATE ROLE {quote_ident(role)} NOLOGIN")
    reader, editor, admin, auditor = (quote_ident(group_name(database, s)) for s in GROUPS)
    conn.exec_driver_sql(f"GRANT {reader} TO {editor}")
    conn.exec_driver_sql(f"GRANT {editor} TO {admin}")
    conn.exec_driver_sql(f"GRANT {reader} TO {auditor}")
    # The driver reads « % » as a placeholder even without parameters.
    conn.exec_driver_sql(_FUNCTIONS.format(schema=schema).replace("%", "%%"))
    for signature in (*_CALLABLE, *_INTERNAL):
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for signature in _CALLABLE:
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {signature} TO {reader}")
    conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION ecoparc_pseudonyms(text[]) TO {editor}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {reader}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {editor}")
    conn.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {reader}")
    for table, commands in POLICIES.items():
        if not _existing(conn, table):
            continue
        conn.exec_driver_sql(f"REVOKE ALL ON {table} FROM {reader}, {editor}, {admin}, {auditor}")
        conn.exec_driver_sql(f"GRANT SELECT ON {table} TO {reader}")
        if table in _EDITOR_WRITES:
            conn.exec_driver_sql(f"GRANT {_EDITOR_WRITES[table]} ON {table} TO {editor}")
        if table in _ADMIN_WRITES:
            conn.exec_driver_sql(f"GRANT {_ADMIN_WRITES[table]} ON {table} TO {admin}")
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        forced = "NO FORCE" if table in NOT_FORCED else "FORCE"
        conn.exec_driver_sql(f"ALTER TABLE {table} {forced} ROW LEVEL SECURITY")
        _replace_policies(conn, table, commands)
    for table in LOCKED_TABLES:
        if _existing(conn, table):  # each comes with its own migration
            conn.exec_driver_sql(f"REVOKE ALL ON {table} FROM PUBLIC")
    for table in ACTOR_TABLES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_actor ON {table}")
        conn.exec_driver_sql(
            f"CREATE TRIGGER {table}_actor BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ecoparc_set_actor()"
        )


def _replace_policies(
    conn: Connection, table: str, commands: dict[str, tuple[str | None, str | None]]
) -> None:
    for (name,) in conn.execute(
        text(
            "SELECT policyname FROM pg_policies "
            "WHERE schemaname = current_schema() AND tablename = :t"
        ),
        {"t": table},
    ).all():
        conn.exec_driver_sql(f"DROP POLICY {quote_ident(name)} ON {table}")
    for command, (using, check) in commands.items():
        clauses = ""
        if using is not None:
            clauses += f" USING ({using})"
        if check is not None:
            clauses += f" WITH CHECK ({check})"
        conn.exec_driver_sql(
            f"CREATE POLICY ecoparc_{command.lower()} ON {table} FOR {command}{clauses}"
        )


def uninstall(conn: Connection) -> None:
    """Undo :func:`install` (schema downgrade): policies, triggers, functions, groups."""
    database = str(conn.scalar(text("SELECT current_database()")))
    for table in ACTOR_TABLES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_actor ON {table}")
    for table in POLICIES:
        if not _existing(conn, table):
            continue
        _replace_policies(conn, table, {})
        conn.exec_driver_sql(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for signature in (*_INTERNAL, *reversed(_CALLABLE)):
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature}")
    for suffix in reversed(GROUPS):
        role = group_name(database, suffix)
        if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}):
            conn.exec_driver_sql(f"DROP OWNED BY {quote_ident(role)}")
            conn.exec_driver_sql(f"DROP ROLE {quote_ident(role)}")
