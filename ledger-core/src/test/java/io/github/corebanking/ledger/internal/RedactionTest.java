package io.github.corebanking.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void userInformationUpToTheLastAtIsHiddenWhateverThePasswordHolds() {
    assertThat(Redaction.urls("'redis://:se/cretPw9@cache:6379' has no host")).isEqualTo("'redis://***@cache:6379' has no host");
    assertThat(Redaction.urls("redis://ops:p@ss/w@rd@cache:6379/0")).isEqualTo("redis://***@cache:6379/0");
    assertThat(Redaction.urls("redis://:se/cretPw9@")).isEqualTo("redis://***@");
    assertThat(Redaction.urls("rediss://token@cache:6380")).isEqualTo("rediss://***@cache:6380");
  }

  @Test
  void jdbcPasswordParametersAreHiddenAndTheRestIsKept() {
    assertThat(Redaction.urls("at jdbc:postgresql://db:5432/bank?user=ops&password=p%40ss&sslpassword=k3y;ssl=true now"))
        .isEqualTo("at jdbc:postgresql://db:5432/bank?user=ops&password=***&sslpassword=***;ssl=true now");
    assertThat(Redaction.urls("JDBC:POSTGRESQL://db/bank?PASSWORD=x")).isEqualTo("JDBC:POSTGRESQL://db/bank?PASSWORD=***");
  }

  @Test
  void everyUrlOfATextIsRedactedAndTextWithoutCredentialsIsUnchanged() {
    assertThat(Redaction.urls("a redis://:one@h1 and b postgresql://u:two@h2/db"))
        .isEqualTo("a redis://***@h1 and b postgresql://***@h2/db");
    String plain = "jdbc:postgresql://127.0.0.1:5432/test?user=root is up; see https://example.org/a";
    assertThat(Redaction.urls(plain)).isEqualTo(plain);
  }

  @Test
  void theSecretsOfAUrlAreListedForMaskingElsewhere() {
    assertThat(Redaction.secretsIn("redis://ops:p@ss/w@rd@cache:6379")).containsExactly("p@ss/w@rd");
    assertThat(Redaction.secretsIn("jdbc:postgresql://db/bank?user=ops&password=p%40ss")).containsExactly("p%40ss");
    assertThat(Redaction.secretsIn("rediss://token@cache")).containsExactly("token");
    assertThat(Redaction.secretsIn("jdbc:postgresql://db/bank?user=ops")).isEmpty();
  }
}
