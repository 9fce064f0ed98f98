package io.github.corebanking.ledger.examples.relay;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.ChangesPrunedException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PageRequest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a ledger's change feed to a RabbitMQ exchange, at least once and in position order.
 *
 * <p>Each round ({@link #runOnce()}) reads the page of changes after the stored position, publishes
 * every change as a persistent, mandatory message (id, routing key and body as
 * {@link ChangeMessages} describes), waits for the broker's publisher confirms, and only then
 * stores the page's last position. So:
 * <ul>
 *   <li>a crash, a lost connection or a failed save before the position is stored republishes the
 *       page on the next round: consumers see a change again and drop it by message id;</li>
 *   <li>a message the broker could not route (no queue bound for its routing key) or nacked is
 *       never skipped: the round fails and the position stays;</li>
 *   <li>while the broker is down a round retries a bounded number of times with exponential
 *       backoff, then fails with the position unchanged;</li>
 *   <li>when retention has pruned changes the relay has not published
 *       ({@link ChangesPrunedException}) it stops: see {@link RelayException}'s message.</li>
 * </ul>
 *
 * <pre>{@code
 * try (ChangeFeedRelay relay = ChangeFeedRelay.builder()
 *     .ledger(ledger).ledgerName("main")
 *     .amqpUri("amqp://guest:guest@127.0.0.1:5672/%2F").exchange("ledger.changes")
 *     .positions(PostgresPositionStore.create(dataSource, "ledger", "main-to-rabbitmq"))
 *     .build()) {
 *   relay.start();                 // or relay.run() on a thread of your own
 *   ...
 * }                                // close(): stops the loop, closes the connection
 * }</pre>
 *
 * <p>Run one relay per feed and exchange: two relays on the same position store publish each
 * change twice (still at least once, never out of order within one relay).
 */
public final class ChangeFeedRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeedRelay.class);

  private final Ledger ledger;
  private final String ledgerName;
  private final ConnectionFactory connections;
  private final String exchange;
  private final PositionStore positions;
  private final int batchSize;
  private final Duration pollInterval;
  private final Duration confirmTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private final CountDownLatch closing = new CountDownLatch(1);
  private final Set<String> returned = ConcurrentHashMap.newKeySet();
  private final Object roundLock = new Object();
  private volatile @Nullable Connection connection;
  private volatile @Nullable Channel channel;
  private @Nullable Thread worker;
  private volatile @Nullable RuntimeException failure;
  private boolean degraded;

  private ChangeFeedRelay(Builder b) {
    this.ledger = Objects.requireNonNull(b.ledger, "ledger");
    this.ledgerName = Objects.requireNonNull(b.ledgerName, "ledgerName");
    this.connections = Objects.requireNonNull(b.connections, "amqpUri or connectionFactory");
    this.exchange = Objects.requireNonNull(b.exchange, "exchange");
    this.positions = Objects.requireNonNull(b.positions, "positions");
    this.batchSize = b.batchSize;
    this.pollInterval = b.pollInterval;
    this.confirmTimeout = b.confirmTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    // The relay reconnects itself, round by round: the client's own recovery would republish
    // nothing and hide the failure from the round that must not advance.
    connections.setAutomaticRecoveryEnabled(false);
    connections.setTopologyRecoveryEnabled(false);
  }

  /** @return a builder; ledger, ledger name, broker, exchange and position store are required */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Publishes the page of changes after the stored position and stores its last position once the
   * broker confirmed every message of it.
   *
   * @return how many changes were published; 0 when the feed had nothing new
   * @throws RelayException when the page could not be published and confirmed within the retries,
   *                        a message was unroutable, the position could not be stored, the changes
   *                        were pruned, or the relay was closed meanwhile; the position is not
   *                        advanced past an unconfirmed change
   */
  public int runOnce() {
    synchronized (roundLock) {
      if (isClosing()) {
        throw new RelayException("relay " + ledgerName + " is closed");
      }
      long after = positions.load();
      ChangePage page;
      try {
        page = ledger.changes(after, batchSize);
      } catch (ChangesPrunedException e) {
        throw new RelayException("the change feed of ledger " + ledgerName + " was pruned through position "
            + e.prunedThrough() + " but the relay has published only through " + after
            + ": changes are lost to the consumers; resynchronize them from the ledger's reads, then store position "
            + e.prunedThrough() + " and start the relay again", e);
      }
      if (page.isEmpty()) {
        return 0;
      }
      publishConfirmed(after, page.changes());
      try {
        positions.save(page.next());
      } catch (RuntimeException e) {
        throw new RelayException("published and confirmed positions " + (after + 1) + " to " + page.next()
            + " but could not store the position (" + positions + "); the next round publishes them again", e);
      }
      LOG.debug("relayed positions {} to {} of ledger {}", after + 1, page.next(), ledgerName);
      return page.changes().size();
    }
  }

  /**
   * Runs rounds until {@link #close()}: at once again after a full page, after the poll interval
   * otherwise.
   *
   * @throws RelayException when a round fails; the relay stops (a supervisor restarts it, and it
   *                        resumes from the stored position)
   */
  public void run() {
    try {
      while (!isClosing()) {
        int published = runOnce();
        if (published < batchSize && closing.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (RelayException e) {
      if (!isClosing()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts {@link #run()} on a thread of the relay's own, ended by {@link #close()}; a failure that
   * stops it is logged and kept in {@link #failure()}.
   */
  public synchronized void start() {
    if (worker != null) {
      throw new IllegalStateException("relay " + ledgerName + " is already started");
    }
    Thread t = new Thread(() -> {
      try {
        run();
      } catch (RuntimeException e) {
        failure = e;
        LOG.error("change feed relay of ledger {} stopped: {}", ledgerName, e.getMessage(), e);
      }
    }, "change-feed-relay-" + ledgerName);
    worker = t;
    t.start();
  }

  /** @return the failure that stopped the thread {@link #start()} started, or null while none did */
  public @Nullable RuntimeException failure() {
    return failure;
  }

  /**
   * The relay's stored position: the last change the broker confirmed. Give it to the change feed's
   * retention job ({@code jobs.changeFeedRetention(retention, relay::storedPosition)}) so that
   * nothing the relay has not published is pruned.
   *
   * @return the position, 0 before the first confirmed page
   */
  public long storedPosition() {
    return positions.load();
  }

  private void publishConfirmed(long after, List<Change> changes) {
    long first = after + 1;
    long last = changes.get(changes.size() - 1).position();
    Duration backoff = initialBackoff;
    Exception lastFailure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        Channel ch = channel();
        returned.clear();
        for (Change change : changes) {
          ch.basicPublish(exchange, ChangeMessages.routingKey(ledgerName, change.type()), true, properties(change),
              ChangeMessages.body(ledgerName, change));
        }
        // Raises on a nack or a timeout. A return always reaches the listener before its message's
        // ack, on the connection's thread, so once every ack is in, every return is too.
        ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
        if (!returned.isEmpty()) {
          throw new RelayException("the broker could not route " + returned.size() + " of positions " + first + " to "
              + last + " (" + sorted(returned) + ") through exchange " + exchange
              + ": bind a queue for every change type; the position stays at " + after);
        }
        if (degraded) {
          degraded = false;
          LOG.info("change feed relay of ledger {} publishes again", ledgerName);
        }
        return;
      } catch (IOException | TimeoutException | ShutdownSignalException e) { // AlreadyClosedException too
        lastFailure = e;
        discardChannel();
        if (!degraded) {
          degraded = true;
          LOG.warn("change feed relay of ledger {} could not publish positions {} to {}: {}; retrying", ledgerName,
              first, last, e.toString());
        } else {
          LOG.debug("attempt {} of {} failed: {}", attempt, maxAttempts, e.toString());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        discardChannel();
        throw new RelayException("interrupted while waiting for confirms; the position stays at " + after, e);
      }
      if (attempt < maxAttempts) {
        if (pause(backoff)) {
          throw new RelayException("relay " + ledgerName + " closed while retrying; the position stays at " + after,
              lastFailure);
        }
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      }
    }
    throw new RelayException("could not publish positions " + first + " to " + last + " of ledger " + ledgerName
        + " to exchange " + exchange + " in " + maxAttempts + " attempts; the position stays at " + after, lastFailure);
  }

  private static String sorted(Set<String> ids) {
    return ids.stream().sorted().toList().toString();
  }

  private AMQP.BasicProperties properties(Change change) {
    return new AMQP.BasicProperties.Builder()
        .messageId(ChangeMessages.messageId(ledgerName, change.position()))
        .contentType(ChangeMessages.CONTENT_TYPE)
        .contentEncoding("utf-8")
        .deliveryMode(2)
        .type(change.type().name())
        .timestamp(Date.from(change.at()))
        .appId("core-banking-ledger-relay")
        .headers(Map.of("ledger", ledgerName, "position", change.position()))
        .build();
  }

  /** @return whether close() was called during the pause */
  private boolean pause(Duration backoff) {
    try {
      return closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private Channel channel() throws IOException, TimeoutException {
    Channel ch = channel;
    if (ch != null && ch.isOpen()) {
      return ch;
    }
    Connection c = connection;
    if (c == null || !c.isOpen()) {
      closeQuietly(c);
      c = connections.newConnection("change-feed-relay-" + ledgerName);
      connection = c;
    }
    ch = c.createChannel();
    ch.confirmSelect();
    ch.addReturnListener(r -> returned.add(String.valueOf(r.getProperties().getMessageId())));
    channel = ch;
    return ch;
  }

  private void discardChannel() {
    Channel ch = channel;
    channel = null;
    if (ch != null && ch.isOpen()) {
      try {
        ch.abort();
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing the channel failed: {}", e.toString());
      }
    }
    Connection c = connection;
    if (c != null && !c.isOpen()) {
      connection = null;
      closeQuietly(c);
    }
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.abort(1_000);
      } catch (RuntimeException e) {
        LOG.debug("closing the connection failed: {}", e.toString());
      }
    }
  }

  private boolean isClosing() {
    return closing.getCount() == 0;
  }

  /**
   * Stops the loop (a round in progress finishes or fails without advancing the position), waits
   * for the relay's thread and closes the broker connection. Idempotent.
   */
  @Override
  public void close() {
    closing.countDown();
    Thread t;
    synchronized (this) {
      t = worker;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(confirmTimeout.toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Connection c = connection;
    if (c != null) {
      closeQuietly(c);
      connection = null;
      channel = null;
    }
  }

  /** Builds a {@link ChangeFeedRelay}; every setter checks its value at once. */
  public static final class Builder {

    private @Nullable Ledger ledger;
    private @Nullable String ledgerName;
    private @Nullable ConnectionFactory connections;
    private @Nullable String exchange;
    private @Nullable PositionStore positions;
    private int batchSize = 500;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration confirmTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * @param ledger the ledger whose feed to publish
     * @return this builder
     */
    public Builder ledger(Ledger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * @param ledgerName the name in message ids and routing keys ({@link ChangeMessages#checkLedgerName})
     * @return this builder
     */
    public Builder ledgerName(String ledgerName) {
      this.ledgerName = ChangeMessages.checkLedgerName(ledgerName);
      return this;
    }

    /**
     * @param uri such as {@code amqp://guest:guest@127.0.0.1:5672/%2F} ({@code amqps://} for TLS)
     * @return this builder
     */
    public Builder amqpUri(String uri) {
      ConnectionFactory factory = new ConnectionFactory();
      try {
        factory.setUri(uri);
      } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
        throw new IllegalArgumentException("not an AMQP URI: " + e.getMessage(), e);
      }
      factory.setConnectionTimeout(5_000);
      factory.setHandshakeTimeout(5_000);
      return connectionFactory(factory);
    }

    /**
     * @param factory the broker's connection settings; the relay turns its automatic recovery off
     *                (it reconnects itself, round by round)
     * @return this builder
     */
    public Builder connectionFactory(ConnectionFactory factory) {
      this.connections = Objects.requireNonNull(factory, "connectionFactory");
      return this;
    }

    /**
     * @param exchange the exchange to publish to, declared by the operator (a durable topic exchange)
     * @return this builder
     */
    public Builder exchange(String exchange) {
      if (exchange.isBlank()) {
        throw new IllegalArgumentException("exchange must not be blank (the default exchange routes by queue name)");
      }
      this.exchange = exchange;
      return this;
    }

    /**
     * @param positions where the relay keeps its position
     * @return this builder
     */
    public Builder positions(PositionStore positions) {
      this.positions = Objects.requireNonNull(positions, "positions");
      return this;
    }

    /**
     * @param batchSize changes per round and per confirm wait, 1 to {@value PageRequest#MAX_SIZE}; default 500
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > PageRequest.MAX_SIZE) {
        throw new IllegalArgumentException("batchSize must be 1 to " + PageRequest.MAX_SIZE + ": " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * @param pollInterval how long {@link #run()} waits when the feed had less than a page; default 1s
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * @param confirmTimeout how long to wait for a page's confirms before the attempt fails; default 10s
     * @return this builder
     */
    public Builder confirmTimeout(Duration confirmTimeout) {
      this.confirmTimeout = positive(confirmTimeout, "confirmTimeout");
      return this;
    }

    /**
     * @param maxAttempts    attempts to publish a page before the round fails, at least 1; default 5
     * @param initialBackoff the pause after the first failed attempt, doubled after each; default 200ms
     * @param maxBackoff     the longest pause; default 5s
     * @return this builder
     */
    public Builder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      positive(initialBackoff, "initialBackoff");
      positive(maxBackoff, "maxBackoff");
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
      }
      this.maxAttempts = maxAttempts;
      this.initialBackoff = initialBackoff;
      this.maxBackoff = maxBackoff;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    /** @return the relay; it connects on its first round */
    public ChangeFeedRelay build() {
      return new ChangeFeedRelay(this);
    }
  }
}
