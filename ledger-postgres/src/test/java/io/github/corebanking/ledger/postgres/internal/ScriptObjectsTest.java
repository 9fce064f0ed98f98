package io.github.corebanking.ledger.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.postgres.internal.ScriptObjects.DbObject;
import io.github.corebanking.ledger.postgres.internal.ScriptObjects.Kind;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a script is recognised by: the objects it creates, read from its statements only. */
class ScriptObjectsTest {

  private static DbObject rel(String name) {
    return new DbObject(Kind.RELATION, name);
  }

  @Test
  void theCreatedObjectsOfEveryKindAreRead() {
    String script = """
        CREATE TABLE accounts (id uuid);
        CREATE UNLOGGED TABLE IF NOT EXISTS scratch (id int);
        create unique index accounts_code_key on accounts (code);
        CREATE INDEX CONCURRENTLY IF NOT EXISTS "Mixed_Idx" ON accounts (id);
        CREATE OR REPLACE VIEW open_accounts AS SELECT 1;
        CREATE MATERIALIZED VIEW loan_aging AS SELECT 1;
        CREATE SEQUENCE ledger.counter;
        CREATE OR REPLACE FUNCTION guard(p uuid) RETURNS void LANGUAGE sql AS 'SELECT 1';
        CREATE PROCEDURE tidy() LANGUAGE sql AS 'SELECT 1';
        CREATE CONSTRAINT TRIGGER accounts_guard AFTER UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION guard();
        CREATE TYPE side AS ENUM ('DEBIT', 'CREDIT');
        ALTER TABLE accounts ADD COLUMN IF NOT EXISTS closed_at timestamptz;
        ALTER TABLE ONLY accounts ADD CONSTRAINT accounts_closed_check CHECK (true);
        ALTER TABLE accounts ADD PRIMARY KEY (id);
        GRANT SELECT ON accounts TO PUBLIC;
        """;

    assertThat(ScriptObjects.created(script)).containsExactlyInAnyOrder(
        rel("accounts"), rel("scratch"), rel("accounts_code_key"), rel("Mixed_Idx"), rel("open_accounts"),
        rel("loan_aging"), rel("counter"), new DbObject(Kind.ROUTINE, "guard"), new DbObject(Kind.ROUTINE, "tidy"),
        new DbObject(Kind.TRIGGER, "accounts_guard"), new DbObject(Kind.TYPE, "side"),
        new DbObject(Kind.COLUMN, "accounts.closed_at"), new DbObject(Kind.CONSTRAINT, "accounts_closed_check"));
  }

  @Test
  void commentsStringsAndFunctionBodiesAreNotTheScriptsStatements() {
    String script = """
        -- CREATE TABLE in_a_comment (id int);
        /* CREATE TABLE in_a_block_comment (id int); */
        CREATE FUNCTION make_partition() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          EXECUTE 'CREATE TABLE made_when_called (id int)';
          CREATE TABLE IF NOT EXISTS also_when_called (id int);
        END
        $$;
        CREATE FUNCTION tagged() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN CREATE TABLE x (id int); END $body$;
        COMMENT ON TABLE t IS 'CREATE TABLE in_a_string (id int)';
        """;

    assertThat(ScriptObjects.created(script)).containsExactly(
        new DbObject(Kind.ROUTINE, "make_partition"), new DbObject(Kind.ROUTINE, "tagged"));
  }

  @Test
  void aScriptsFingerprintLeavesOutWhatEarlierScriptsCreatedAndLaterOnesDrop() {
    TreeMap<Integer, String> texts = new TreeMap<>(Map.of(
        1, "CREATE TABLE a (id int); CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE INDEX a_idx ON a (id);",
        2, "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'; CREATE TABLE b (id int);",
        3, "DROP INDEX IF EXISTS a_idx; CREATE INDEX a_id_idx ON a (id);",
        4, "GRANT SELECT ON a TO PUBLIC;"));

    Map<Integer, Set<DbObject>> fingerprints = ScriptObjects.fingerprints(texts);

    assertThat(fingerprints.get(1)).containsExactlyInAnyOrder(rel("a"), new DbObject(Kind.ROUTINE, "f"));
    assertThat(fingerprints.get(2)).containsExactly(rel("b"));
    assertThat(fingerprints.get(3)).containsExactly(rel("a_id_idx"));
    assertThat(fingerprints.get(4)).isEmpty();
  }

  @Test
  void aFunctionWhoseSignatureALaterScriptReplacesStaysInItsFirstScriptsFingerprint() {
    TreeMap<Integer, String> texts = new TreeMap<>(Map.of(
        1, "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
        2, "CREATE FUNCTION f(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT 2'; CREATE TABLE t (id int); "
            + "DROP FUNCTION f(int);",
        3, "DROP FUNCTION g(); CREATE TABLE u (id int);",
        4, "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 3'; DROP TABLE u;"));

    Map<Integer, Set<DbObject>> fingerprints = ScriptObjects.fingerprints(texts);

    assertThat(fingerprints.get(1)).containsExactly(new DbObject(Kind.ROUTINE, "f"));
    assertThat(fingerprints.get(2)).containsExactly(rel("t"));
    assertThat(fingerprints.get(3)).isEmpty();
  }
}
