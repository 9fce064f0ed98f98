package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.postgres.internal.ClasspathScripts;
import io.github.corebanking.ledger.postgres.internal.MigrationRunner;
import io.github.corebanking.ledger.postgres.internal.SchemaHistory;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The ledger's scripts as every route sees them: found by listing their folder (a new script
 * needs no code), each recognisable by objects of its own once another tool ran it, in the
 * ledger's range of versions, and each listed once, in order, in the Liquibase change log.
 */
class ShippedMigrationsTest {

  private static final Path SOURCE_FOLDER = Path.of("src/main/resources/io/github/corebanking/ledger/postgres/migration");

  @Test
  void everyScriptInTheFolderIsApplied() throws Exception {
    List<String> files = new ArrayList<>();
    try (var listing = Files.list(SOURCE_FOLDER)) {
      listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().forEach(files::add);
    }

    assertThat(files).isNotEmpty();
    assertThat(PostgresLedgerSchema.migrationScripts()).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void everyScriptLeavesObjectsOfItsOwnSoThatAnotherToolsRunIsRecognised() {
    assertThat(SchemaHistory.fingerprints(PostgresLedgerSchema.ledgerModule()))
        .hasSize(PostgresLedgerSchema.migrationScripts().size())
        .allSatisfy((version, objects) -> assertThat(objects).as("objects of ledger version " + version).isNotEmpty());
  }

  @Test
  void theLedgersVersionsStayInItsOwnRange() {
    assertThat(MigrationRunner.scripts(PostgresLedgerSchema.ledgerModule()).keySet()).allSatisfy(v ->
        assertThat(v).isBetween(1, 999));
  }

  @Test
  void theLiquibaseChangeLogRunsEveryScriptOnceInOrderAndWhole() throws Exception {
    Document changelog;
    try (InputStream in = getClass().getResourceAsStream("/" + UserMigrationTools.LEDGER_CHANGELOG)) {
      assertThat(in).as(UserMigrationTools.LEDGER_CHANGELOG).isNotNull();
      changelog = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    NodeList files = changelog.getElementsByTagName("sqlFile");
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < files.getLength(); i++) {
      Element f = (Element) files.item(i);
      assertThat(f.getAttribute("splitStatements")).as(f.getAttribute("path")).isEqualTo("false");
      assertThat(f.getAttribute("relativeToChangelogFile")).as(f.getAttribute("path")).isEqualTo("true");
      paths.add(f.getAttribute("path"));
    }

    assertThat(paths).as("the change log's sqlFile paths: add one change set per new script")
        .containsExactlyElementsOf(PostgresLedgerSchema.migrationScripts());
  }

  @Test
  void scriptsAreFoundInAJarToo(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("module.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("db/mig/", "db/mig/V2__second.sql", "db/mig/V10__tenth.sql", "db/mig/notes.txt",
          "db/mig/sub/V3__nested.sql", "db/mig/changelog.xml", "db/other/V4__elsewhere.sql")) {
        out.putNextEntry(new JarEntry(name));
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(ClasspathScripts.list(loader, "/db/mig/")).containsExactly("V10__tenth.sql", "V2__second.sql");
    }
  }
}
