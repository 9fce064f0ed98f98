package io.github.corebanking.ledger.spring.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real Spring Boot web application with Actuator and Prometheus and nothing but the starter for
 * the ledger: it posts through the auto-configured ledger and answers {@code /actuator/health} and
 * {@code /actuator/prometheus} with the ledger's checks and meters.
 */
// Spring Boot's tests turn metrics export off unless asked: a running application exports them.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = StarterApplicationTest.PaymentsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "management.endpoints.web.exposure.include=health,prometheus",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.status.order=DOWN,DEGRADED,UP,UNKNOWN",
        "management.endpoint.health.status.http-mapping.DEGRADED=200"})
class StarterApplicationTest {

  private static final String SCHEMA = TestServices.freshSchemaName("starter");

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", TestServices::postgresJdbcUrl);
    registry.add("ledger.schema", () -> SCHEMA);
  }

  @AfterAll
  static void dropSchema() {
    TestServices.dropSchema(TestServices.postgresJdbcUrl(), SCHEMA);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Test
  void theApplicationPostsAndShowsTheLedgersHealthAndMeters() throws Exception {
    HttpResponse<String> first = send(HttpRequest.newBuilder(uri("/deposits/d-1")).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("25.00 USD");
    HttpResponse<String> replay = send(HttpRequest.newBuilder(uri("/deposits/d-1")).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(replay.body()).as("a replayed key posts nothing").isEqualTo("25.00 USD");

    HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")));
    // A fresh schema has no snapshot of yesterday and no integrity run yet: DEGRADED, routed to 200.
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode tree = new ObjectMapper().readTree(health.body());
    assertThat(tree.at("/components/ledger/status").asText()).isEqualTo("DEGRADED");
    assertThat(tree.at("/components/ledger/details/database/status").asText()).isEqualTo("UP");
    assertThat(tree.at("/components/ledger/details/database/details/schema").asText()).isEqualTo(SCHEMA);

    JsonNode ledgerHealth = new ObjectMapper().readTree(
        send(HttpRequest.newBuilder(uri("/actuator/health/ledger"))).body());
    assertThat(ledgerHealth.at("/details").fieldNames()).toIterable()
        .contains("database", "partitions", "snapshots", "jobs", "integrity");

    HttpResponse<String> prometheus = send(HttpRequest.newBuilder(uri("/actuator/prometheus")));
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body())
        .containsPattern("(?m)^ledger_postings_seconds_count\\{[^}]*outcome=\"posted\"[^}]*\\} 1$")
        .containsPattern("(?m)^ledger_postings_seconds_count\\{[^}]*outcome=\"replayed\"[^}]*\\} 1$")
        .containsPattern("(?m)^ledger_partitions_months_ahead -?[0-9.]+$")
        .containsPattern("(?m)^ledger_health_status\\{[^}]*component=\"database\"[^}]*\\} ");
  }

  /** A user's application: the starter on its class path, a controller that posts. */
  @SpringBootApplication
  static class PaymentsApplication {

    /** Posts a deposit. */
    @RestController
    static class Deposits {
      private final Ledger ledger;

      Deposits(Ledger ledger) {
        this.ledger = ledger;
      }

      @PostMapping("/deposits/{key}")
      String deposit(@PathVariable String key) {
        Account cash = ledger.accountByCode("1000").orElseGet(() -> ledger.openAccount(NewAccount.builder()
            .code("1000").name("Cash").type(AccountType.ASSET).currency(CurrencyUnit.USD).build()));
        Account deposits = ledger.accountByCode("2100").orElseGet(() -> ledger.openAccount(NewAccount.builder()
            .code("2100").name("Customer deposits").type(AccountType.LIABILITY).currency(CurrencyUnit.USD).build()));
        ledger.post(PostingRequest.builder().idempotencyKey(key).description("deposit")
            .debit(cash.id(), Money.of("25.00", CurrencyUnit.USD))
            .credit(deposits.id(), Money.of("25.00", CurrencyUnit.USD)).build());
        return ledger.balance(deposits.id()).posted().toString();
      }
    }
  }
}
