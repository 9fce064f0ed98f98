package io.github.corebanking.ledger.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.loan.LoanBook;
import io.github.corebanking.ledger.micrometer.MeteredLedger;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published module ships the Apache licence and the notice in its own {@code META-INF},
 * as Maven Central and users' licence scanners expect: looked up in the module's own output (its
 * jar or classes folder), not anywhere on the class path.
 */
class PublishedArtifactsTest {

  static Stream<Class<?>> oneClassOfEachPublishedModule() {
    return Stream.of(Ledger.class, InMemoryLedgerStore.class, PostgresLedgerStore.class, LoanBook.class,
        RedisBalanceCache.class, MeteredLedger.class);
  }

  @ParameterizedTest
  @MethodSource("oneClassOfEachPublishedModule")
  void eachModuleCarriesTheLicenceAndTheNotice(Class<?> type) throws IOException, URISyntaxException {
    URL location = type.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader own = new URLClassLoader(new URL[] {location}, null)) {
      assertThat(text(own, "META-INF/LICENSE")).as(location + " META-INF/LICENSE")
          .contains("Apache License").contains("Version 2.0, January 2004");
      assertThat(text(own, "META-INF/NOTICE")).as(location + " META-INF/NOTICE")
          .contains("Core Banking Ledger");
    }
  }

  private static String text(ClassLoader loader, String name) throws IOException {
    try (InputStream in = loader.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
