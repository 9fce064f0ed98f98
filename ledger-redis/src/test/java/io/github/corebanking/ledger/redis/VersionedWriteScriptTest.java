package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The versioned-write script, called directly: what it writes, what it answers, what it announces. */
class VersionedWriteScriptTest {

  private static final long TTL = 60_000;

  private String prefix;
  private KeySpace keys;
  private RawRedis raw;
  private RedisLink link;
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  @BeforeEach
  void connect() {
    String url = TestServices.redisUrl();
    prefix = TestSupport.freshPrefix("script");
    keys = KeySpace.of(prefix);
    raw = new RawRedis(url);
    Connector connector = Connector.forUri("redisUri", url);
    connector.configure(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1), 1_000);
    link = connector.link(Duration.ofSeconds(2), keys.channel(), new RedisLink.Events() {
      @Override
      public void message(String text) {
        heard.add(text);
      }

      @Override
      public void subscribed() {}

      @Override
      public void channelLost() {}

      @Override
      public void connectionLost() {}
    });
    link.connect();
  }

  @AfterEach
  void close() {
    if (link != null) {
      link.close();
    }
    if (raw != null) {
      raw.deleteUnder(prefix);
      raw.close();
    }
  }

  private List<Long> write(boolean publish, Balance... balances) throws Exception {
    String[] batchKeys = new String[balances.length];
    for (int i = 0; i < balances.length; i++) {
      batchKeys[i] = keys.key(balances[i].accountId());
    }
    return link.versionedWrite(batchKeys, List.of(balances), TTL, publish, "sender-1").get(5, TimeUnit.SECONDS);
  }

  @Test
  void writesNewerVersionsAnswersTheVersionKeptForOthersAndAnnouncesTheCall() throws Exception {
    AccountId a = TestSupport.randomAccount();
    AccountId b = TestSupport.randomAccount();
    AccountId c = TestSupport.randomAccount();
    assertThat(write(false, TestSupport.balance(b, 700, 7), TestSupport.balance(c, 300, 3))).containsExactly(-1L, -1L);
    assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("a call without publishing is not announced").isNull();

    // a is new, b is older than what Redis holds, c is newer.
    List<Long> kept = write(true, TestSupport.balance(a, 100, 1), TestSupport.balance(b, 500, 5),
        TestSupport.balance(c, 400, 4));

    assertThat(kept).containsExactly(-1L, 7L, -1L);
    assertThat(raw.balance(prefix, a)).isEqualTo(TestSupport.balance(a, 100, 1));
    assertThat(raw.balance(prefix, b)).isEqualTo(TestSupport.balance(b, 700, 7));
    assertThat(raw.balance(prefix, c)).isEqualTo(TestSupport.balance(c, 400, 4));
    assertThat(raw.commands().pttl(keys.key(a))).isBetween(1L, TTL);
    String message = heard.poll(5, TimeUnit.SECONDS);
    assertThat(message).isEqualTo("B|sender-1|" + a.value() + ":1," + b.value() + ":5," + c.value() + ":4");
    Invalidation parsed = Invalidation.parse(message);
    assertThat(parsed).isNotNull();
    assertThat(parsed.sender()).isEqualTo("sender-1");
    assertThat(parsed.changes()).containsExactly(new Invalidation.Change(a, 1), new Invalidation.Change(b, 5),
        new Invalidation.Change(c, 4));
  }

  @Test
  void aCallWhoseEveryBalanceRedisHoldsNewerAnnouncesNothing() throws Exception {
    AccountId a = TestSupport.randomAccount();
    write(false, TestSupport.balance(a, 900, 9));

    assertThat(write(true, TestSupport.balance(a, 800, 8), TestSupport.balance(a, 700, 7))).containsExactly(9L, 9L);

    assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(raw.balance(prefix, a)).isEqualTo(TestSupport.balance(a, 900, 9));
  }

  @Test
  void aCommitFoundAtItsOwnVersionIsStillAnnounced() throws Exception {
    AccountId a = TestSupport.randomAccount();
    // A read-through load wrote the committed balance first, without announcing it.
    write(false, TestSupport.balance(a, 900, 9));

    assertThat(write(true, TestSupport.balance(a, 900, 9))).containsExactly(9L);

    assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("B|sender-1|" + a.value() + ":9");
    assertThat(raw.balance(prefix, a)).isEqualTo(TestSupport.balance(a, 900, 9));
  }

  @Test
  void anUnreadableValueInRedisIsReplaced() throws Exception {
    AccountId a = TestSupport.randomAccount();
    AccountId b = TestSupport.randomAccount();
    raw.commands().set(keys.key(a), "garbage");
    raw.commands().set(keys.key(b), "-3|1|USD|2|D|0|0|0|0");

    assertThat(write(true, TestSupport.balance(a, 100, 1), TestSupport.balance(b, 200, 2))).containsExactly(-1L, -1L);

    assertThat(raw.balance(prefix, a)).isEqualTo(TestSupport.balance(a, 100, 1));
    assertThat(raw.balance(prefix, b)).isEqualTo(TestSupport.balance(b, 200, 2));
  }

  @Test
  void theCompactReplyIsExpandedToOneVersionPerBalance() {
    assertThat(RedisLink.versions(List.of(), 3)).containsExactly(-1L, -1L, -1L);
    assertThat(RedisLink.versions(List.<Object>of(2L, 7L), 3)).containsExactly(-1L, 7L, -1L);
    assertThat(RedisLink.versions(List.<Object>of(1L, 4L, 3L, 12L), 3)).containsExactly(4L, -1L, 12L);
  }
}
