package io.github.corebanking.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void aGivenPasswordIsMaskedWhereverItAppears() {
    Secrets secrets = new Secrets();
    secrets.add("hunter2-long");
    assertThat(secrets.mask("FATAL: role hunter2-long; again hunter2-long")).isEqualTo("FATAL: role ***; again ***");
  }

  @Test
  void passwordsInsideJdbcAndRedisUrlsAreMaskedEvenInOtherUrls() {
    Secrets secrets = new Secrets();
    secrets.add("jdbc:postgresql://db:5432/bank?user=ops&password=p%40ss&ssl=true");
    secrets.add("rediss://:redis-secret@cache:6380/0");
    assertThat(secrets.mask("url jdbc:postgresql://db:5432/bank?user=ops&password=p%40ss&ssl=true"))
        .isEqualTo("url jdbc:postgresql://db:5432/bank?user=ops&password=***&ssl=true");
    assertThat(secrets.mask("Redis at rediss://:redis-secret@cache:6380/0 down"))
        .isEqualTo("Redis at rediss://***@cache:6380/0 down");
    assertThat(secrets.mask("echoed: p%40ss and redis-secret")).isEqualTo("echoed: *** and ***");
    assertThat(Secrets.redactUrls("jdbc:postgresql://h/d?password=never-seen other"))
        .isEqualTo("jdbc:postgresql://h/d?password=*** other");
  }

  @Test
  void textWithoutSecretsIsUnchanged() {
    Secrets secrets = new Secrets();
    secrets.add("jdbc:postgresql://127.0.0.1:5432/test?user=root");
    assertThat(secrets.mask("jdbc:postgresql://127.0.0.1:5432/test?user=root")).isEqualTo(
        "jdbc:postgresql://127.0.0.1:5432/test?user=root");
  }
}
