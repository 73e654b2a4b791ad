"""A first import's rows written without the secondary indexes and foreign keys of
``device`` and ``device_event``, by any login that may write devices (PostgreSQL;
docs/performance.md, « Écriture d'un import »).

Each row inserted through them checks five foreign keys one by one (a query and a
row lock each) and enters twelve B-trees; an index built once over the table and a
foreign key validated by one join cost a fraction of that: the method PostgreSQL's
documentation recommends to fill a table. Only the tables' owner may drop an index
or a constraint, and a person's login must not gain that right: the owner's two
functions below do it for the login, within the login's own transaction, and the
rows themselves are still inserted by the login, through its row-level security
policies, privileges and triggers, exactly as before. What the functions add is
the order of the work, never a right on a row:

- ``ecoparc_bulk_load_begin(rows)`` suspends the indexes and keys when the import
  at least doubles ``device`` (``rows`` at least the ids the table's sequence has
  handed out, an upper bound of its rows that the owner can read: the rows
  themselves are hidden from the owner acting for a login by the forced policies)
  and the five tables can be locked at once (``NOWAIT``: a table another session
  holds means the rows go in through the indexes and keys, as before). It records
  the statements that build them again in ``bulk_load``, which no login can read or
  write, and returns whether it suspended them. A login without the right to insert
  devices gets ``false``: its insertion then fails as it always did.
- ``ecoparc_bulk_load_end()`` builds them again from that record. The foreign keys
  are validated by one join, which PostgreSQL runs as the tables' owner: forced
  row-level security would hide from it the rows of a login's transaction (the
  owner acting for a login holds no grant) and a key would be declared valid
  unchecked, or refused on rows that are there. Forcing is therefore lifted for
  the duration of the rebuild and set back before the function returns: the
  tables are locked exclusively by the transaction, no other statement runs
  meanwhile, and an error in the rebuild (a duplicate for a unique index, a
  missing entity, site or batch) fails the import as the insertion would have,
  giving everything back.
- A transaction that suspended them and did not build them again cannot commit:
  the record's deferred constraint trigger refuses the commit while the record is
  there, so the schema can never be left without its indexes and keys, whatever
  a login sends between the two calls (``SET CONSTRAINTS … IMMEDIATE`` only makes
  the refusal come sooner).

The locks the suspension takes (``ACCESS EXCLUSIVE`` on ``device``,
``device_event``, ``entity``, ``site`` and ``import_batch``, until the end of the
transaction) are those the owner's first import always took; an editor could
already lock ``device`` alone that way (``LOCK TABLE`` needs its UPDATE right),
which stops every reading of the fleet as surely.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from .access_sql import group_name, quote_ident

#: The record of a suspension in progress (one row per transaction), readable by
#: the owner only: the statements ``ecoparc_bulk_load_end`` runs come from here,
#: never from the login.
TABLE = "bulk_load"

#: The tables whose secondary indexes and foreign keys are suspended, and those the
#: keys point at (all five locked for the suspension).
LOADED = ("device", "device_event")
REFERENCED = ("entity", "site", "import_batch")

_SQL = r"""
CREATE TABLE bulk_load (
  xact xid8 PRIMARY KEY DEFAULT pg_current_xact_id(),
  rebuild text[] NOT NULL
);

CREATE FUNCTION ecoparc_bulk_load_unfinished() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM bulk_load b WHERE b.xact = NEW.xact) THEN
    RAISE EXCEPTION 'les index et les clés étrangères des appareils, suspendus pour un '
      'import, n''ont pas été reconstruits : la transaction est annulée'
      USING ERRCODE = '55000';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER bulk_load_finished AFTER INSERT ON bulk_load
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ecoparc_bulk_load_unfinished();

CREATE FUNCTION ecoparc_bulk_load_begin(rows bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  loaded regclass[] := ARRAY[{loaded}]::regclass[];
  handed_out bigint := coalesce(
    pg_sequence_last_value(pg_get_serial_sequence('device', 'id')::regclass), 0);
  indexes text[] := '{{}}';
  keys text[] := '{{}}';
  r record;
BEGIN
  IF NOT has_table_privilege(session_user, 'device', 'INSERT')
     OR rows < handed_out
     OR EXISTS (SELECT 1 FROM bulk_load b WHERE b.xact = pg_current_xact_id()) THEN
    RETURN false;
  END IF;
  BEGIN
    LOCK TABLE {locked} IN ACCESS EXCLUSIVE MODE NOWAIT;
  EXCEPTION WHEN lock_not_available THEN
    RETURN false;
  END;
  FOR r IN
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS gone,
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                  pg_get_constraintdef(c.oid)) AS back
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid = ANY (loaded)
     ORDER BY c.conrelid::regclass::text, c.conname
  LOOP
    EXECUTE r.gone;
    keys := keys || r.back;
  END LOOP;
  FOR r IN
    SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS gone,
           pg_get_indexdef(i.indexrelid) AS back
      FROM pg_index i
     WHERE i.indrelid = ANY (loaded)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                        WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
     ORDER BY i.indexrelid::regclass::text
  LOOP
    EXECUTE r.gone;
    indexes := indexes || r.back;
  END LOOP;
  INSERT INTO bulk_load (rebuild) VALUES (indexes || keys);
  RETURN true;
END
$$;

CREATE FUNCTION ecoparc_bulk_load_end() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  statements text[];
  forced regclass[];
  t regclass;
  s text;
BEGIN
  DELETE FROM bulk_load b WHERE b.xact = pg_current_xact_id() RETURNING b.rebuild INTO statements;
  IF statements IS NULL THEN
    RETURN;
  END IF;
  SELECT coalesce(array_agg(c.oid::regclass), '{{}}') INTO forced FROM pg_class c
   WHERE c.oid = ANY (ARRAY[{locked_list}]::regclass[]) AND c.relforcerowsecurity;
  FOREACH t IN ARRAY forced LOOP
    EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', t);
  END LOOP;
  FOREACH s IN ARRAY statements LOOP
    EXECUTE s;
  END LOOP;
  FOREACH t IN ARRAY forced LOOP
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
  END LOOP;
END
$$;
"""

_FUNCTIONS = ("ecoparc_bulk_load_begin(bigint)", "ecoparc_bulk_load_end()")


def install(conn: Connection) -> None:
    """Create the record table, its commit guard and the two functions (migration 0012);
    the logins that may write devices (the editor group) may call the functions."""
    schema = quote_ident(str(conn.scalar(text("SELECT current_schema()"))))
    database = str(conn.scalar(text("SELECT current_database()")))
    sql = _SQL.format(
        schema=schema,
        loaded=", ".join(f"'{t}'" for t in LOADED),
        locked=", ".join((*LOADED, *REFERENCED)),
        locked_list=", ".join(f"'{t}'" for t in (*LOADED, *REFERENCED)),
    )
    # The driver reads « % » as a placeholder even without parameters.
    conn.exec_driver_sql(sql.replace("%", "%%"))
    conn.exec_driver_sql(f"REVOKE ALL ON {TABLE} FROM PUBLIC")
    editor = quote_ident(group_name(database, "editor"))
    for signature in (*_FUNCTIONS, "ecoparc_bulk_load_unfinished()"):
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for signature in _FUNCTIONS:
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {signature} TO {editor}")


def uninstall(conn: Connection) -> None:
    """Undo :func:`install` (schema downgrade)."""
    conn.exec_driver_sql(f"DROP TABLE {TABLE}")
    for signature in (*_FUNCTIONS, "ecoparc_bulk_load_unfinished()"):
        conn.exec_driver_sql(f"DROP FUNCTION {signature}")
