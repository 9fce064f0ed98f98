package io.github.corebanking.ledger.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LockTimeoutException;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.StorePosting;
import io.github.corebanking.ledger.testkit.BankChart;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeteredLedgerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
  private LedgerMetrics metrics;
  private Ledger ledger;
  private BankChart bank;

  @BeforeEach
  void openBank() {
    metrics = LedgerMetrics.of(registry);
    ledger = metrics.instrument(Ledger.builder().store(new InMemoryLedgerStore()).clock(clock)
        .listener(metrics.listener()).build());
    bank = BankChart.open(ledger, CurrencyUnit.USD);
    bank.injectCapital(bank.money("1000.00"), "capital-1");
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private Timer postings(String operation, String outcome, String exception) {
    return registry.find(MeteredLedger.POSTINGS).tag("operation", operation).tag("outcome", outcome)
        .tag("exception", exception).timer();
  }

  private double rejections(String exception) {
    Counter c = registry.find(MeteredLedgerListener.REJECTIONS).tag("exception", exception).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aPostingIsCountedAndTimedWithItsOutcome() {
    bank.depositCash(bank.money("50.00"), "deposit-1");

    Timer posted = postings("post", "posted", "none");
    assertThat(posted.count()).isEqualTo(2);
    assertThat(posted.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.get(MeteredLedgerListener.TRANSACTIONS).tag("status", "posted").tag("reversal", "false")
        .counter().count()).isEqualTo(2);
    assertThat(registry.get(MeteredLedgerListener.ENTRIES).counter().count()).isEqualTo(4);
  }

  @Test
  void aRepeatedKeyIsTaggedReplayedAndWritesNoEntries() {
    bank.depositCash(bank.money("50.00"), "deposit-1");
    bank.depositCash(bank.money("50.00"), "deposit-1");

    assertThat(postings("post", "replayed", "none").count()).isEqualTo(1);
    assertThat(registry.get(MeteredLedgerListener.ENTRIES).counter().count()).isEqualTo(4);
  }

  @Test
  void aRejectedPostingIsTaggedWithItsExceptionAndField() {
    assertThatThrownBy(() -> bank.withdrawCash(bank.money("10.00"), "withdraw-1"))
        .isInstanceOf(BalanceConstraintException.class);

    assertThat(postings("post", "rejected", "BalanceConstraintException").count()).isEqualTo(1);
    Counter rejected = registry.get(MeteredLedgerListener.REJECTIONS).tag("operation", "post")
        .tag("exception", "BalanceConstraintException").tag("category", "request").counter();
    assertThat(rejected.count()).isEqualTo(1);
    assertThat(rejected.getId().getTag("field")).isEqualTo("entries[].accountId");
  }

  @Test
  void aPostingToAnUnknownAccountIsCountedByItsExceptionType() {
    PostingRequest unknown = PostingRequest.builder().idempotencyKey("bad-1").description("to nowhere")
        .debit(bank.cash().id(), bank.money("10.00"))
        .credit(new io.github.corebanking.ledger.AccountId(java.util.UUID.randomUUID()), bank.money("10.00")).build();

    assertThatThrownBy(() -> ledger.post(unknown)).isInstanceOf(AccountNotFoundException.class);

    assertThat(rejections("AccountNotFoundException")).isEqualTo(1);
    assertThat(postings("post", "rejected", "AccountNotFoundException").count()).isEqualTo(1);
  }

  @Test
  void aHoldItsCommitAndAVoidAreTaggedByWhatTheyDid() {
    bank.depositCash(bank.money("100.00"), "deposit-1");
    Transaction hold = ledger.post(PostingRequest.builder().idempotencyKey("hold-1").description("card hold")
        .debit(bank.customerDeposits().id(), bank.money("30.00")).credit(bank.cash().id(), bank.money("30.00"))
        .pending().build());
    Transaction hold2 = ledger.post(PostingRequest.builder().idempotencyKey("hold-2").description("card hold")
        .debit(bank.customerDeposits().id(), bank.money("20.00")).credit(bank.cash().id(), bank.money("20.00"))
        .pending().build());
    ledger.commit(hold.id());
    ledger.voidPending(hold2.id());

    assertThat(postings("post", "pending", "none").count()).isEqualTo(2);
    assertThat(postings("commit", "posted", "none").count()).isEqualTo(1);
    assertThat(postings("voidPending", "voided", "none").count()).isEqualTo(1);
    // capital 2 + deposit 2 + two holds 2 each + the commit's 2 posted entries; the void writes none
    assertThat(registry.get(MeteredLedgerListener.ENTRIES).counter().count()).isEqualTo(10);
    assertThat(registry.get(MeteredLedgerListener.TRANSACTIONS).tag("status", "voided").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aReversalIsCountedAsOne() {
    Transaction deposit = bank.depositCash(bank.money("100.00"), "deposit-1");

    ledger.reverse(deposit.id());

    assertThat(postings("reverse", "posted", "none").count()).isEqualTo(1);
    assertThat(registry.get(MeteredLedgerListener.TRANSACTIONS).tag("status", "posted").tag("reversal", "true")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void aBatchRecordsItsSize() {
    ledger.postAll(List.of(
        PostingRequest.builder().idempotencyKey("b-1").description("deposit")
            .debit(bank.cash().id(), bank.money("1.00")).credit(bank.customerDeposits().id(), bank.money("1.00")).build(),
        PostingRequest.builder().idempotencyKey("b-2").description("deposit")
            .debit(bank.cash().id(), bank.money("2.00")).credit(bank.customerDeposits().id(), bank.money("2.00")).build()));

    assertThat(postings("postAll", "batch", "none").count()).isEqualTo(1);
    DistributionSummary size = registry.get(MeteredLedger.BATCH_SIZE).summary();
    assertThat(size.count()).isEqualTo(1);
    assertThat(size.totalAmount()).isEqualTo(2);
  }

  @Test
  void readsAndAccountChangesAreTimed() {
    ledger.balance(bank.cash().id());
    ledger.trialBalance();
    assertThatThrownBy(() -> ledger.openAccount(NewAccount.builder().code("1000").name("Cash again")
        .type(AccountType.ASSET).currency(CurrencyUnit.USD).build())).isInstanceOf(DuplicateAccountException.class);

    assertThat(registry.get(MeteredLedger.READS).tag("operation", "balance").tag("outcome", "success").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(MeteredLedger.READS).tag("operation", "trialBalance").timer().count()).isEqualTo(1);
    assertThat(registry.get(MeteredLedger.ACCOUNTS).tag("operation", "openAccount").tag("outcome", "success").timer()
        .count()).isEqualTo(10);
    assertThat(registry.get(MeteredLedger.ACCOUNTS).tag("operation", "openAccount").tag("outcome", "rejected")
        .tag("exception", "DuplicateAccountException").timer().count()).isEqualTo(1);
    assertThat(registry.get(MeteredLedgerListener.ACCOUNT_CHANGES).tag("status", "open").counter().count())
        .isEqualTo(10);
  }

  @Test
  void aLockTimeoutIsTaggedAsContention() {
    InMemoryLedgerStore real = new InMemoryLedgerStore();
    LedgerStore timingOut = (LedgerStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {LedgerStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("apply") && args[0] instanceof StorePosting p
              && "slow-1".equals(p.idempotencyKey())) {
            throw new LockTimeoutException("entries[0].accountId", "1000", "stayed locked longer than lock_timeout 2s");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (Ledger slow = metrics.instrument(Ledger.builder().store(timingOut).listener(metrics.listener()).build())) {
      BankChart other = BankChart.open(slow, CurrencyUnit.USD);

      assertThatThrownBy(() -> other.injectCapital(other.money("1.00"), "slow-1"))
          .isInstanceOf(LockTimeoutException.class);
    }

    assertThat(postings("post", "contention", "LockTimeoutException").count()).isEqualTo(1);
    assertThat(registry.get(MeteredLedgerListener.REJECTIONS).tag("exception", "LockTimeoutException")
        .tag("category", "contention").tag("field", "entries[].accountId").counter().count()).isEqualTo(1);
  }

  @Test
  void commonTagsAreOnEveryMeter() {
    SimpleMeterRegistry tagged = new SimpleMeterRegistry();
    LedgerMetrics m = LedgerMetrics.of(tagged, io.micrometer.core.instrument.Tags.of("ledger", "main"));
    try (Ledger l = m.instrument(Ledger.builder().store(new InMemoryLedgerStore()).listener(m.listener()).build())) {
      BankChart.open(l, CurrencyUnit.USD).injectCapital(io.github.corebanking.ledger.Money.of("1.00", CurrencyUnit.USD), "c-1");
    }

    assertThat(tagged.getMeters()).isNotEmpty().allSatisfy(meter -> assertThat(meter.getId().getTag("ledger")).isEqualTo("main"));
  }

  @Test
  void wrappingNothingIsRejected() {
    assertThatThrownBy(() -> MeteredLedger.wrap(null, registry, io.micrometer.core.instrument.Tags.empty()))
        .isInstanceOf(io.github.corebanking.ledger.InvalidRequestException.class)
        .hasMessage("ledger null must not be null");
  }
}
