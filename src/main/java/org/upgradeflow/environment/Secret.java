package org.upgradeflow.environment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A decrypted secret held in memory only. Every rendering (toString, JSON) is masked; the
 * value is reached only through {@link #reveal()}, at the point where an adapter needs it.
 */
public final class Secret {

  public static final String MASK = "******";

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  @JsonValue
  @Override
  public String toString() {
    return MASK;
  }
}
