package org.upgradeflow.environment;

import java.util.regex.Pattern;

/**
 * The HTTP proxy an environment names for its appliances: {@code http(s)://[user[:password]@]host[:port][/]}.
 * One definition for the check when the environment loads and for the step that writes it into
 * the appliance's {@code /etc/sysconfig/proxy} (a file the shell sources, hence no quotes, {@code $}
 * or backslashes: special characters of user and password are percent-encoded). The user info is
 * a credential: messages show the value only through {@link #masked}.
 */
public final class ProxyUrl {

  /** What a proxy must look like, for messages (never the value itself). */
  public static final String EXPECTED = "expected http(s)://[user[:password]@]host[:port] (user and password"
      + " percent-encoded)";

  private static final Pattern SHAPE = Pattern.compile(
      "https?://([A-Za-z0-9._~%+-]+(:[A-Za-z0-9._~%!*+,;=-]*)?@)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?/?");
  private static final Pattern USER_INFO = Pattern.compile("(?i)(://)[^/@\\s]*@");

  private ProxyUrl() {
  }

  public static boolean valid(String proxy) {
    return proxy != null && SHAPE.matcher(proxy).matches();
  }

  /** The text with any URL's user info replaced by {@code ***}, for messages and logs. */
  public static String masked(String text) {
    return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
  }
}
