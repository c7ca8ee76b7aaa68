package org.upgradeflow.cloudstack;

import java.util.Arrays;
import java.util.Locale;

/**
 * The answer of the 4.0 gate "keep MD5-hashed API passwords working?", process variable
 * {@code apiAuthenticator}:
 * <ul>
 * <li>{@code md5-compatible}: API clients keep sending MD5-hashed passwords; PlainTextUserAuthenticator
 * becomes the first (default) entry of {@code userAuthenticators} in componentContext.xml, which
 * the guide says works the way MD5UserAuthenticator worked before 4.3;</li>
 * <li>{@code default}: API clients are changed to send plain text passwords (4.3's behaviour);
 * componentContext.xml stays as the package installed it.</li>
 * </ul>
 */
public enum ApiAuthenticator {
  MD5_COMPATIBLE("md5-compatible"),
  DEFAULT("default");

  public static final String VARIABLE = "apiAuthenticator";

  private final String value;

  ApiAuthenticator(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static ApiAuthenticator parse(Object answer) {
    String text = answer == null ? "" : answer.toString().strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(v -> v.value.equals(text)).findFirst().orElseThrow(() ->
        new IllegalArgumentException(VARIABLE + ": expected one of " + Arrays.stream(values()).map(v -> v.value).toList()
            + ", got '" + answer + "'"));
  }
}
