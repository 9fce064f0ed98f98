package io.github.corebanking.ledger.examples.relay;

import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ChangeFeedRelay} writes a change as a message: its id, routing key and JSON body.
 *
 * <ul>
 *   <li>message id {@code <ledger>:<position>}, such as {@code main:42}: the same change always has
 *       the same id, so a consumer drops a republished one by it;</li>
 *   <li>routing key {@code <ledger>.<type>}, such as {@code main.booked} or {@code main.reversed},
 *       for a topic exchange ({@code main.*}, {@code *.voided});</li>
 *   <li>a UTF-8 JSON body ({@value #CONTENT_TYPE}):
 * <pre>{@code
 * {"ledger":"main","position":42,"type":"COMMITTED","transactionId":"0190...","status":"POSTED",
 *  "at":"2025-01-31T09:30:00Z",
 *  "transaction":{"id":"0190...","idempotencyKey":"card-hold-7","description":"card hold",
 *    "effectiveDate":"2025-01-31","postedAt":"2025-01-31T09:29:00Z","expiresAt":null,
 *    "reverses":null,"reversedBy":null,"metadata":{"channel":"card"},
 *    "entries":[{"id":"0190...","ordinal":0,"accountId":"...","side":"DEBIT","amount":"12.50",
 *      "currency":"USD","minorUnits":1250,"pending":true,"postedAt":"2025-01-31T09:29:00Z"}, ...]}}
 * }</pre>
 *       {@code status} is the transaction's status right after the change; {@code transaction} is
 *       the transaction as the relay read it, so a hold relayed after its commit already lists its
 *       posted entries ({@code "pending":false}) beside the pending ones. Amounts are decimal
 *       strings in the currency's scale, never floating point; instants are ISO-8601 UTC.</li>
 * </ul>
 */
public final class ChangeMessages {

  /** The body's content type. */
  public static final String CONTENT_TYPE = "application/json";

  private static final Pattern LEDGER_NAME = Pattern.compile("[a-z0-9_-]{1,64}");

  private ChangeMessages() {}

  /**
   * Checks a ledger name for use in message ids and routing keys.
   *
   * @param ledgerName lower-case letters, digits, {@code _} and {@code -}, at most 64
   * @return the name
   */
  public static String checkLedgerName(String ledgerName) {
    if (!LEDGER_NAME.matcher(ledgerName).matches()) {
      throw new IllegalArgumentException("ledger name must match " + LEDGER_NAME + ": '" + ledgerName + "'");
    }
    return ledgerName;
  }

  /**
   * @param ledgerName the ledger's name
   * @param position   the change's position
   * @return the message id, {@code <ledger>:<position>}
   */
  public static String messageId(String ledgerName, long position) {
    return ledgerName + ":" + position;
  }

  /**
   * @param ledgerName the ledger's name
   * @param type       the change's type
   * @return the routing key, {@code <ledger>.<type in lower case>}
   */
  public static String routingKey(String ledgerName, ChangeType type) {
    return ledgerName + "." + type.name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param ledgerName the ledger's name
   * @param change     the change
   * @return the JSON body, UTF-8
   */
  public static byte[] body(String ledgerName, Change change) {
    return json(ledgerName, change).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param ledgerName the ledger's name
   * @param change     the change
   * @return the JSON body as text
   */
  public static String json(String ledgerName, Change change) {
    Transaction t = change.transaction();
    StringBuilder out = new StringBuilder(512 + 256 * t.entries().size());
    out.append('{');
    field(out, "ledger").append(string(ledgerName)).append(',');
    field(out, "position").append(change.position()).append(',');
    field(out, "type").append(string(change.type().name())).append(',');
    field(out, "transactionId").append(string(change.transactionId().toString())).append(',');
    field(out, "status").append(string(change.status().name())).append(',');
    field(out, "at").append(string(change.at().toString())).append(',');
    field(out, "transaction").append('{');
    field(out, "id").append(string(t.id().toString())).append(',');
    field(out, "idempotencyKey").append(string(t.idempotencyKey())).append(',');
    field(out, "description").append(string(t.description())).append(',');
    field(out, "effectiveDate").append(string(t.effectiveDate().toString())).append(',');
    field(out, "postedAt").append(string(t.postedAt().toString())).append(',');
    field(out, "expiresAt").append(t.expiresAt() == null ? "null" : string(t.expiresAt().toString())).append(',');
    field(out, "reverses").append(nullable(t.reverses())).append(',');
    field(out, "reversedBy").append(nullable(t.reversedBy())).append(',');
    field(out, "metadata").append('{');
    boolean first = true;
    for (Map.Entry<String, String> m : t.metadata().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      field(out, m.getKey()).append(string(m.getValue()));
    }
    out.append("},");
    field(out, "entries").append('[');
    for (int i = 0; i < t.entries().size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      entry(out, t.entries().get(i));
    }
    out.append("]}}");
    return out.toString();
  }

  private static void entry(StringBuilder out, Entry e) {
    Money amount = e.amount();
    out.append('{');
    field(out, "id").append(string(e.id().toString())).append(',');
    field(out, "ordinal").append(e.ordinal()).append(',');
    field(out, "accountId").append(string(e.accountId().toString())).append(',');
    field(out, "side").append(string(e.side().name())).append(',');
    field(out, "amount").append(string(amount.toPlainString())).append(',');
    field(out, "currency").append(string(amount.currency().code())).append(',');
    field(out, "minorUnits").append(amount.minorUnits()).append(',');
    field(out, "pending").append(e.pending()).append(',');
    field(out, "postedAt").append(string(e.postedAt().toString()));
    out.append('}');
  }

  private static StringBuilder field(StringBuilder out, String name) {
    return out.append(string(name)).append(':');
  }

  private static String nullable(@Nullable Object value) {
    return value == null ? "null" : string(value.toString());
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  private static String string(String value) {
    StringBuilder s = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }
}
