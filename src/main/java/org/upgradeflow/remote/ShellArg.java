package org.upgradeflow.remote;

import java.util.Objects;
import java.util.regex.Pattern;
import org.upgradeflow.environment.Secret;

/**
 * One value interpolated into a {@link ShellCommand}: validated for its kind, then single-quoted
 * for POSIX sh. The factories are the only way in; there is no "raw" kind for callers.
 */
public final class ShellArg {

  /** What a value may be; each kind has its own pattern. */
  public enum Kind {
    PACKAGE("package name", Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_:~=-]*")),
    SERVICE("service name", Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:-]*")),
    // Absolute or relative, no "..", never starting with '-' (it would read as an option).
    PATH("path", Pattern.compile("(?!-)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._+@,:=/~ -]+")),
    VERSION("version", Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+~_-]*")),
    HOST_NAME("host name",
        Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")),
    WORD("plain word", Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*")),
    INTEGER("integer", Pattern.compile("-?[0-9]+")),
    // Printable text (log lines to grep for, messages); quoting makes it one literal argument.
    TEXT("text", Pattern.compile("[^\\x00-\\x08\\x0a-\\x1f\\x7f]*")),
    SECRET("secret", null),
    // A nested, already rendered command (detached job wrapper); package-private use only.
    COMMAND("command", null);

    private final String label;
    private final Pattern pattern;

    Kind(String label, Pattern pattern) {
      this.label = label;
      this.pattern = pattern;
    }

    public String label() {
      return label;
    }
  }

  static final int MAX_LENGTH = 4096;

  private final Kind kind;
  private final String value;
  private final String masked;

  private ShellArg(Kind kind, String value, String masked) {
    this.kind = kind;
    this.value = value;
    this.masked = masked;
  }

  public static ShellArg packageName(String value) {
    return checked(Kind.PACKAGE, value);
  }

  public static ShellArg service(String value) {
    return checked(Kind.SERVICE, value);
  }

  public static ShellArg path(String value) {
    return checked(Kind.PATH, value);
  }

  public static ShellArg version(String value) {
    return checked(Kind.VERSION, value);
  }

  public static ShellArg hostName(String value) {
    return checked(Kind.HOST_NAME, value);
  }

  public static ShellArg word(String value) {
    return checked(Kind.WORD, value);
  }

  public static ShellArg integer(long value) {
    return checked(Kind.INTEGER, Long.toString(value));
  }

  public static ShellArg text(String value) {
    return checked(Kind.TEXT, value);
  }

  /** Quoted into the wire command, shown as {@code ******} everywhere else. */
  public static ShellArg secret(Secret secret) {
    Objects.requireNonNull(secret, "secret");
    String v = secret.reveal();
    if (v.indexOf('\0') >= 0 || v.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("invalid secret: " + Secret.MASK);
    }
    return new ShellArg(Kind.SECRET, quote(v), Secret.MASK);
  }

  static ShellArg command(ShellCommand command) {
    return new ShellArg(Kind.COMMAND, quote(command.render()), quote(command.toString()));
  }

  private static ShellArg checked(Kind kind, String value) {
    if (value == null) {
      throw new IllegalArgumentException(kind.label + " must not be null");
    }
    if (value.isEmpty() && kind != Kind.TEXT || value.length() > MAX_LENGTH
        || !kind.pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + kind.label + ": " + printable(value));
    }
    String q = quote(value);
    return new ShellArg(kind, q, q);
  }

  /** POSIX sh single quoting: nothing inside '...' is special except ', closed and escaped. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  // Rejected values go into messages; keep them one line and short.
  private static String printable(String value) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "..." : value;
    StringBuilder sb = new StringBuilder("\"");
    shown.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.append('"').toString();
  }

  public Kind kind() {
    return kind;
  }

  /** The quoted value as sent to the target. */
  String rendered() {
    return value;
  }

  /** The quoted value, or the mask for secrets. */
  @Override
  public String toString() {
    return masked;
  }
}
