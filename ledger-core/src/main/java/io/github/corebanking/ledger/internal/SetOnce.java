package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.InvalidRequestException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The set-once discipline every builder of the library follows: each setting may be given once,
 * never null, and nothing may be set after the builder built. Not supported for use outside the
 * library.
 *
 * <pre>{@code
 * private final SetOnce once = new SetOnce("ledger");
 * public Builder clock(Clock clock) { this.clock = once.set("clock", clock); return this; }
 * public Ledger build() { once.build(); ... }
 * }</pre>
 */
public final class SetOnce {

  private final String built;
  /** Each setting given, with what a message may show of its value. */
  private final Map<String, Object> given = new HashMap<>();
  private boolean done;

  /**
   * @param what what the builder builds, for the message when it is used after {@link #build()}
   */
  public SetOnce(String what) {
    this.built = what;
  }

  /**
   * Records a setting.
   *
   * @param field the setting's name, as the caller's method names it
   * @param value its value
   * @param <T>   its type
   * @return the value
   * @throws InvalidRequestException when the value is null or the setting was given before
   * @throws IllegalStateException   when the builder already built
   */
  public <T> T set(String field, @Nullable T value) {
    return set(field, value, value);
  }

  /**
   * Records a setting whose value must not be shown whole in a message (a URI with a password).
   *
   * @param field the setting's name
   * @param value its value
   * @param shown what a message may show of it (null: nothing)
   * @param <T>   its type
   * @return the value
   * @throws InvalidRequestException when the value is null or the setting was given before
   * @throws IllegalStateException   when the builder already built
   */
  public <T> T set(String field, @Nullable T value, @Nullable Object shown) {
    checkNotBuilt();
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    Object earlier = given.putIfAbsent(field, shown == null ? "(hidden)" : shown);
    if (earlier != null) {
      throw new InvalidRequestException(field, shown, "was already set to " + earlier);
    }
    return value;
  }

  /**
   * @param field a setting's name
   * @return whether it was given
   */
  public boolean isSet(String field) {
    return given.containsKey(field);
  }

  /**
   * Marks the builder as used; call first in {@code build()}.
   *
   * @throws IllegalStateException when it already built
   */
  public void build() {
    checkNotBuilt();
    done = true;
  }

  /** @throws IllegalStateException when the builder already built */
  public void checkNotBuilt() {
    if (done) {
      throw new IllegalStateException("this builder already built a " + built);
    }
  }
}
