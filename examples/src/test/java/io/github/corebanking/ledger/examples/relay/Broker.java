package io.github.corebanking.ledger.examples.relay;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The test broker with a fresh exchange and queue of one test's own, deleted by {@link #close()}.
 * Reads are pulls ({@code basic.get}): once the relay has its confirms, its messages are in the
 * queue, so {@link #drain()} sees every one of them without waiting.
 */
final class Broker implements AutoCloseable {

  /** A message as the consumer saw it. */
  record Message(String id, String routingKey, String type, String contentType, Integer deliveryMode, String body) {}

  final String url = TestServices.amqpUrl();
  final String exchange = "relay-test-" + UUID.randomUUID();
  final String queue = "relay-test-" + UUID.randomUUID();
  private final Connection connection;
  private final Channel channel;

  /** A topic exchange and a queue bound to nothing yet. */
  Broker(Map<String, Object> queueArguments) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(url);
    connection = factory.newConnection("relay-test-consumer");
    channel = connection.createChannel();
    channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, false, false, null);
    channel.queueDeclare(queue, false, false, false, queueArguments);
  }

  Broker() throws Exception {
    this(Map.of());
  }

  /** A factory for the relay, on the test broker. */
  ConnectionFactory relayConnections() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(url);
    factory.setConnectionTimeout(2_000);
    return factory;
  }

  Broker bind(String routingKey) throws Exception {
    channel.queueBind(queue, exchange, routingKey);
    return this;
  }

  /** @return every message in the queue now, in queue order, taken off it */
  List<Message> drain() throws Exception {
    List<Message> messages = new ArrayList<>();
    for (GetResponse r = channel.basicGet(queue, true); r != null; r = channel.basicGet(queue, true)) {
      messages.add(message(r));
    }
    return messages;
  }

  /** Waits, at most {@code timeout}, for {@code count} messages; fails naming what did arrive. */
  List<Message> await(int count, Duration timeout) throws Exception {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (messages.size() < count) {
      GetResponse r = channel.basicGet(queue, true);
      if (r != null) {
        messages.add(message(r));
      } else if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout + " for " + count + " messages on " + queue + ", got "
            + messages.size() + ": " + messages.stream().map(Message::id).toList());
      } else {
        Thread.sleep(10);
      }
    }
    return messages;
  }

  private static Message message(GetResponse r) {
    return new Message(r.getProps().getMessageId(), r.getEnvelope().getRoutingKey(), r.getProps().getType(),
        r.getProps().getContentType(), r.getProps().getDeliveryMode(), new String(r.getBody(), StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws Exception {
    try {
      channel.queueDelete(queue);
      channel.exchangeDelete(exchange);
    } finally {
      connection.close();
    }
  }
}
