package io.github.corebanking.ledger.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.examples.start.GettingStarted;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/getting-started.md shows the compiled program as it is, and the program runs on PostgreSQL. */
class GettingStartedTest {

  private static Path above(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void thePageShowsTheProgramAsItIs() throws IOException {
    String page = Files.readString(above("docs/getting-started.md"));
    String program = Files.readString(
        above("examples/src/main/java/io/github/corebanking/ledger/examples/start/GettingStarted.java"));

    assertThat(page).contains("```java\n" + program + "```");
  }

  @Test
  void theProgramPostsAndItsBalanceAddsUpOverTwoRuns() {
    String url = TestServices.postgresJdbcUrl();
    String schema = TestServices.freshSchemaName("start");
    try {
      assertThat(GettingStarted.run(url, schema)).isEqualTo(Money.of("250.00", CurrencyUnit.USD));
      // A second node (or a restart) finds the schema and the accounts, and books another deposit.
      assertThat(GettingStarted.run(url, schema)).isEqualTo(Money.of("500.00", CurrencyUnit.USD));
    } finally {
      TestServices.dropSchema(url, schema);
    }
  }
}
