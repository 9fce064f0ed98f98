package io.github.corebanking.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built executable jar, started as an operator starts it: {@code java -jar ledger-cli.jar ...}
 * with its settings in the environment. Runs in the integration-test phase, after package.
 */
class LedgerCliJarTest {

  private static final Path JAR = Path.of(System.getProperty("ledger.cli.jar", "target/ledger-cli.jar"));

  private TestLedger db;
  private final List<TestLedger.Run> runs = new ArrayList<>();

  @BeforeEach
  void freshLedger() {
    assertThat(JAR).as("the executable jar, built by package").isRegularFile();
    db = new TestLedger().withDeposits();
  }

  @AfterEach
  void noRunPrintedThePassword() {
    try {
      for (TestLedger.Run run : runs) {
        assertThat(run.all()).doesNotContain(TestLedger.PASSWORD);
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  private TestLedger.Run java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("LEDGER_"));
    env.putAll(db.env);
    Path out = Files.createTempFile("ledger-cli", ".out");
    Path err = Files.createTempFile("ledger-cli", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("java -jar " + String.join(" ", args) + " did not end within 120 s");
      }
      TestLedger.Run run = new TestLedger.Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      runs.add(run);
      return run;
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void plantedDamageIsExitOneFromTheJarAndRepairedByIt() throws Exception {
    assertThat(java("migrate").code()).isEqualTo(ExitCodes.OK);
    assertThat(java("run", "integrity-check").code()).isEqualTo(ExitCodes.OK);

    db.plantCounterDamage();
    TestLedger.Run damaged = java("run", "integrity-check", "--json");
    assertThat(damaged.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(damaged.out()).startsWith("{\"job\":\"integrity-check\",\"status\":\"SUCCEEDED\"")
        .contains("\"counterMismatches\":1");
    assertThat(damaged.err()).contains("integrity-check: running");

    TestLedger.Run fixed = java("run", "recalculate-balances");
    assertThat(fixed.code()).isEqualTo(ExitCodes.OK);
    assertThat(fixed.out()).contains("checked=2 wrong=1");
    assertThat(fixed.err()).as("no terminal: plain progress lines").contains("recalculate-balances: 2/2 accounts (100%)");
    assertThat(java("run", "integrity-check").code()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void theReadmesCommandsRunAsWritten() throws Exception {
    Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    String text = Files.readString(readme);
    String section = text.substring(text.indexOf("## Command line"));
    String block = section.substring(section.indexOf("```sh") + 5, section.indexOf("```", section.indexOf("```sh") + 5));
    String program = "java -jar ledger-cli/target/ledger-cli.jar ";
    List<String> commands = block.lines().filter(l -> l.startsWith(program)).toList();
    assertThat(commands).hasSize(4);
    assertThat(block).contains("export LEDGER_JDBC_URL=");
    // The README's environment, on this test's schema.
    for (String command : commands) {
      TestLedger.Run run = java(command.substring(program.length()).split(" "));
      assertThat(run.code()).as(command + "\n" + run.all()).isEqualTo(ExitCodes.OK);
    }
    assertThat(runs.get(3).out()).startsWith("{\"asOf\":").contains("\"balanced\":true");
  }

  @Test
  void usageAndConnectionErrorsHaveTheirExitCodesAndNoPassword() throws Exception {
    TestLedger.Run help = java("--help");
    assertThat(help.code()).isEqualTo(ExitCodes.OK);
    assertThat(help.out()).contains("trial-balance").contains("Exit codes:");

    TestLedger.Run unknown = java("reticulate-splines");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("reticulate-splines");

    db.env.put("LEDGER_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/test?user=root&password=" + TestLedger.PASSWORD);
    TestLedger.Run refused = java("health");
    assertThat(refused.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(refused.err()).contains("cannot connect to PostgreSQL").contains("password=***");
  }
}
