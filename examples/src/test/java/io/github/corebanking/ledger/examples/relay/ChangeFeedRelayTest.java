package io.github.corebanking.ledger.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.ChangesPrunedException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.job.ChangeFeedRetentionJob;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.services.LoopbackProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay against the real broker: content and order, crash and resume, refusals, outages, pruning. */
class ChangeFeedRelayTest {

  private static final String LEDGER = "main";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final InMemoryLedgerStore store = new InMemoryLedgerStore();
  private final Ledger ledger = Ledger.builder().store(store).build();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private Account cash;
  private Account deposits;

  @BeforeEach
  void openAccounts() {
    cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
        .currency(CurrencyUnit.USD).build());
    deposits = ledger.openAccount(NewAccount.builder().code("2000").name("Deposits").type(AccountType.LIABILITY)
        .currency(CurrencyUnit.USD).build());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    ledger.close();
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }

  private Broker broker(Map<String, Object> queueArguments) throws Exception {
    return closeLater(new Broker(queueArguments));
  }

  private ChangeFeedRelay.Builder relay(Broker broker, PositionStore positions) throws Exception {
    return ChangeFeedRelay.builder().ledger(ledger).ledgerName(LEDGER).connectionFactory(broker.relayConnections())
        .exchange(broker.exchange).positions(positions).retry(3, Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private Transaction deposit(String key, String amount) {
    Money m = Money.of(amount, CurrencyUnit.USD);
    return ledger.post(PostingRequest.builder().idempotencyKey(key).description("deposit " + key)
        .debit(cash.id(), m).credit(deposits.id(), m).build());
  }

  private Transaction hold(String key, String amount) {
    Money m = Money.of(amount, CurrencyUnit.USD);
    return ledger.post(PostingRequest.builder().idempotencyKey(key).description("hold " + key).pending()
        .debit(deposits.id(), m).credit(cash.id(), m).build());
  }

  /** Posts, a hold committed, a hold voided, a posting reversed: every change type. */
  private List<Change> book() {
    deposit("deposit-1", "100.00");
    ledger.commit(hold("hold-1", "20.00").id());
    ledger.voidPending(hold("hold-2", "5.00").id());
    Money fee = Money.of("3.25", CurrencyUnit.USD);
    Transaction charged = ledger.post(PostingRequest.builder().idempotencyKey("fee-1")
        .description("fee \"monthly\"\nline two \\ é").metadata("channel", "branch")
        .debit(deposits.id(), fee).credit(cash.id(), fee).build());
    ledger.reverse(charged.id());
    return ledger.changes(0, 1_000).changes();
  }

  private static int drainFeed(ChangeFeedRelay relay) {
    int total = 0;
    for (int n = relay.runOnce(); n > 0; n = relay.runOnce()) {
      total += n;
    }
    return total;
  }

  private static List<String> ids(List<Broker.Message> messages) {
    return messages.stream().map(Broker.Message::id).toList();
  }

  private static List<String> idsOf(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(p -> LEDGER + ":" + p).toList();
  }

  @Test
  void everyChangeArrivesInPositionOrderWithItsContent() throws Exception {
    List<Change> changes = book();
    Broker broker = broker(Map.of()).bind(LEDGER + ".*");
    ChangeFeedRelay relay = closeLater(relay(broker, PositionStore.inMemory()).batchSize(3).build());

    assertThat(drainFeed(relay)).isEqualTo(changes.size());
    List<Broker.Message> messages = broker.drain();

    assertThat(changes.stream().map(Change::type)).containsExactly(ChangeType.BOOKED, ChangeType.BOOKED,
        ChangeType.COMMITTED, ChangeType.BOOKED, ChangeType.VOIDED, ChangeType.BOOKED, ChangeType.BOOKED,
        ChangeType.REVERSED);
    assertThat(ids(messages)).containsExactlyElementsOf(idsOf(1, changes.size()));
    assertThat(relay.storedPosition()).isEqualTo(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      Broker.Message message = messages.get(i);
      String where = "message " + message.id();
      assertThat(message.routingKey()).as(where).isEqualTo(LEDGER + "." + change.type().name().toLowerCase());
      assertThat(message.type()).as(where).isEqualTo(change.type().name());
      assertThat(message.contentType()).as(where).isEqualTo("application/json");
      assertThat(message.deliveryMode()).as(where + " is persistent").isEqualTo(2);

      Map<String, Object> body = Json.object(message.body());
      assertThat(body).as(where).containsEntry("ledger", LEDGER).containsEntry("position", change.position())
          .containsEntry("type", change.type().name()).containsEntry("transactionId", change.transactionId().toString())
          .containsEntry("status", change.status().name()).containsEntry("at", change.at().toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> transaction = (Map<String, Object>) body.get("transaction");
      Transaction t = change.transaction();
      assertThat(transaction).as(where).containsEntry("idempotencyKey", t.idempotencyKey())
          .containsEntry("description", t.description()).containsEntry("effectiveDate", t.effectiveDate().toString())
          .containsEntry("reverses", t.reverses() == null ? null : t.reverses().toString())
          .containsEntry("reversedBy", t.reversedBy() == null ? null : t.reversedBy().toString())
          .containsEntry("metadata", Map.copyOf(t.metadata()));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> entries = (List<Map<String, Object>>) transaction.get("entries");
      assertThat(entries).as(where).hasSize(t.entries().size());
      for (int e = 0; e < entries.size(); e++) {
        Entry entry = t.entries().get(e);
        assertThat(entries.get(e)).as(where + " entry " + e).containsEntry("id", entry.id().toString())
            .containsEntry("accountId", entry.accountId().toString()).containsEntry("side", entry.side().name())
            .containsEntry("amount", entry.amount().toPlainString()).containsEntry("currency", "USD")
            .containsEntry("minorUnits", entry.amount().minorUnits()).containsEntry("pending", entry.pending());
      }
    }
    assertThat(relay.runOnce()).as("nothing new").isZero();
    assertThat(broker.drain()).as("nothing published twice").isEmpty();
  }

  @Test
  void aRelayKilledBetweenPublishAndSaveIsResumedFromTheStoredPosition(@TempDir Path dir) throws Exception {
    List<Change> changes = book();
    Broker broker = broker(Map.of()).bind("#");
    FilePositionStore file = new FilePositionStore(dir.resolve("main.position"));
    AtomicInteger saves = new AtomicInteger();
    PositionStore diesOnSecondSave = new PositionStore() {
      @Override
      public long load() {
        return file.load();
      }

      @Override
      public void save(long position) {
        if (saves.incrementAndGet() == 2) {
          throw new IllegalStateException("the process died before storing position " + position);
        }
        file.save(position);
      }
    };
    ChangeFeedRelay first = relay(broker, diesOnSecondSave).batchSize(3).build();
    assertThat(first.runOnce()).isEqualTo(3);
    assertThatThrownBy(first::runOnce).isInstanceOf(RelayException.class)
        .hasMessageContaining("positions 4 to 6").hasMessageContaining("could not store the position");
    first.close();
    assertThat(file.load()).as("the stored position: the last page whose save went through").isEqualTo(3);

    ChangeFeedRelay second = closeLater(relay(broker, new FilePositionStore(dir.resolve("main.position")))
        .batchSize(3).build());
    assertThat(drainFeed(second)).isEqualTo(changes.size() - 3);
    List<String> received = ids(broker.drain());

    List<String> expected = new ArrayList<>(idsOf(1, 6));
    expected.addAll(idsOf(4, changes.size()));
    assertThat(received).as("every change at least once, in order, again only the page not stored")
        .containsExactlyElementsOf(expected);
    Map<String, Long> copies = received.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(idsOf(1, changes.size()));
    assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
        .as("duplicates, found by message id").containsExactlyInAnyOrderElementsOf(idsOf(4, 6));
    assertThat(file.load()).isEqualTo(changes.size());
  }

  @Test
  void anUnroutableChangeFailsTheRoundAndDoesNotAdvanceThePosition() throws Exception {
    book();
    Broker broker = broker(Map.of()).bind(LEDGER + ".booked");
    PositionStore positions = PositionStore.inMemory();
    ChangeFeedRelay relay = closeLater(relay(broker, positions).batchSize(3).build());

    assertThatThrownBy(relay::runOnce).isInstanceOf(RelayException.class)
        .hasMessageContaining("could not route 1 of positions 1 to 3").hasMessageContaining("[main:3]")
        .hasMessageContaining("the position stays at 0");
    assertThat(positions.load()).isZero();
    assertThat(ids(broker.drain())).as("the routable ones did arrive").containsExactly("main:1", "main:2");

    broker.bind("#");
    assertThat(relay.runOnce()).isEqualTo(3);
    assertThat(positions.load()).isEqualTo(3);
    assertThat(ids(broker.drain())).as("the page again, whole").containsExactlyElementsOf(idsOf(1, 3));
  }

  @Test
  void aNackedPublishDoesNotAdvanceThePosition() throws Exception {
    book();
    // A queue that holds one message and makes the broker nack the rest.
    Broker broker = broker(Map.of("x-max-length", 1, "x-overflow", "reject-publish")).bind("#");
    PositionStore positions = PositionStore.inMemory();
    ChangeFeedRelay relay = closeLater(relay(broker, positions).batchSize(3).build());

    assertThatThrownBy(relay::runOnce).isInstanceOf(RelayException.class)
        .hasMessageContaining("could not publish positions 1 to 3").hasMessageContaining("in 3 attempts")
        .hasMessageContaining("the position stays at 0")
        .cause().hasMessageContaining("nack");
    assertThat(positions.load()).isZero();
  }

  @Test
  void whileTheBrokerIsDownRoundsRetryThenFailWithoutAdvancingAndResumeWhenItIsBack() throws Exception {
    Broker broker = broker(Map.of()).bind("#");
    URI uri = URI.create(broker.url);
    LoopbackProxy proxy = closeLater(new LoopbackProxy(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort()));
    var connections = broker.relayConnections();
    connections.setHost("127.0.0.1");
    connections.setPort(proxy.port());
    PositionStore positions = PositionStore.inMemory();
    ChangeFeedRelay relay = closeLater(ChangeFeedRelay.builder().ledger(ledger).ledgerName(LEDGER)
        .connectionFactory(connections).exchange(broker.exchange).positions(positions)
        .retry(3, Duration.ofMillis(10), Duration.ofMillis(40)).confirmTimeout(Duration.ofSeconds(2)).build());

    deposit("deposit-1", "1.00");
    assertThat(relay.runOnce()).isEqualTo(1);
    proxy.cut();
    deposit("deposit-2", "2.00");
    deposit("deposit-3", "3.00");

    assertThatThrownBy(relay::runOnce).isInstanceOf(RelayException.class)
        .hasMessageContaining("could not publish positions 2 to 3").hasMessageContaining("in 3 attempts");
    assertThat(positions.load()).isEqualTo(1);

    proxy.restore();
    assertThat(relay.runOnce()).isEqualTo(2);
    assertThat(positions.load()).isEqualTo(3);
    assertThat(ids(broker.drain())).as("none missing, in order").containsExactlyElementsOf(idsOf(1, 3));
  }

  @Test
  void prunedChangesStopTheRelayWithAClearError() throws Exception {
    book();
    Broker broker = broker(Map.of()).bind("#");
    PositionStore positions = PositionStore.inMemory();
    positions.save(1);
    store.pruneChanges(Instant.parse("2100-01-01T00:00:00Z"), 4, 100);
    ChangeFeedRelay relay = closeLater(relay(broker, positions).build());

    assertThatThrownBy(relay::runOnce).isInstanceOf(RelayException.class)
        .hasCauseInstanceOf(ChangesPrunedException.class)
        .hasMessageContaining("pruned through position 4").hasMessageContaining("published only through 1");
    assertThat(positions.load()).isEqualTo(1);
    assertThat(broker.drain()).isEmpty();
  }

  @Test
  void theRetentionJobGivenTheRelaysPositionPrunesOnlyWhatTheRelayPublished() throws Exception {
    List<Change> changes = book();
    Broker broker = broker(Map.of()).bind("#");
    ChangeFeedRelay relay = closeLater(relay(broker, PositionStore.inMemory()).batchSize(3).build());
    ChangeFeedRetentionJob retention = new ChangeFeedRetentionJob(store,
        Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC), Duration.ofDays(30),
        relay::storedPosition, 100);

    assertThat(relay.runOnce()).isEqualTo(3);
    assertThat(retention.run().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThatThrownBy(() -> ledger.changes(0, 10)).isInstanceOf(ChangesPrunedException.class)
        .extracting(e -> ((ChangesPrunedException) e).prunedThrough()).isEqualTo(3L);

    assertThat(drainFeed(relay)).as("the relay goes on after its own position").isEqualTo(changes.size() - 3);
    assertThat(ids(broker.drain())).containsExactlyElementsOf(idsOf(1, changes.size()));
  }

  @Test
  void theRunLoopPublishesNewChangesUntilClosedAndCloseEndsItsThreads() throws Exception {
    Broker broker = broker(Map.of()).bind("#");
    var connections = broker.relayConnections();
    AtomicInteger threads = new AtomicInteger();
    connections.setThreadFactory(r -> new Thread(r, "relay-under-test-amqp-" + threads.incrementAndGet()));
    ChangeFeedRelay relay = closeLater(relay(broker, PositionStore.inMemory()).connectionFactory(connections)
        .pollInterval(Duration.ofMillis(20)).build());
    relay.start();
    deposit("deposit-1", "1.00");
    assertThat(ids(broker.await(1, WAIT))).containsExactly("main:1");
    deposit("deposit-2", "2.00");
    deposit("deposit-3", "3.00");
    assertThat(ids(broker.await(2, WAIT))).containsExactly("main:2", "main:3");

    relay.close();
    assertThat(relay.failure()).isNull();
    assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName))
        .as("the relay's thread and its connection's threads have ended")
        .noneMatch(name -> name.startsWith("change-feed-relay-") || name.startsWith("relay-under-test-amqp-"));
    assertThat(threads).as("the relay's connection ran on the test's threads").hasPositiveValue();
    assertThatThrownBy(relay::runOnce).isInstanceOf(RelayException.class).hasMessageContaining("closed");
  }
}
