package org.upgradeflow.remote;

import java.util.List;
import java.util.Objects;

/**
 * A command line made from a fixed template (a constant in code) with {@code {}} placeholders,
 * each filled by a quoted {@link ShellArg}. {@link #render()} is for the wire only;
 * {@link #toString()} masks secrets and is what logs, errors and step logs show.
 *
 * <pre>ShellCommand.of("systemctl stop {}", ShellArg.service("cloudstack-management"))</pre>
 */
public final class ShellCommand {

  private static final String PLACEHOLDER = "{}";

  private final String template;
  private final List<ShellArg> args;

  private ShellCommand(String template, List<ShellArg> args) {
    this.template = template;
    this.args = args;
  }

  /**
   * @param template a constant; never build it from input (values belong in {@code args})
   * @throws IllegalArgumentException when the number of placeholders and args differ
   */
  public static ShellCommand of(String template, ShellArg... args) {
    Objects.requireNonNull(template, "template");
    List<ShellArg> list = List.of(args);
    int placeholders = count(template);
    if (placeholders != list.size()) {
      throw new IllegalArgumentException("template has " + placeholders + " placeholders but "
          + list.size() + " args were given: " + template);
    }
    if (template.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("template contains NUL");
    }
    return new ShellCommand(template, list);
  }

  private static int count(String template) {
    int n = 0;
    for (int i = template.indexOf(PLACEHOLDER); i >= 0; i = template.indexOf(PLACEHOLDER, i + 2)) {
      n++;
    }
    return n;
  }

  /** The command line sent to the target, secrets included. Never log this. */
  public String render() {
    return fill(true);
  }

  boolean hasSecret() {
    return args.stream().anyMatch(a -> a.kind() == ShellArg.Kind.SECRET
        || a.kind() == ShellArg.Kind.COMMAND && !a.rendered().equals(a.toString()));
  }

  private String fill(boolean wire) {
    StringBuilder sb = new StringBuilder(template.length() + 32 * args.size());
    int from = 0;
    for (ShellArg arg : args) {
      int at = template.indexOf(PLACEHOLDER, from);
      sb.append(template, from, at).append(wire ? arg.rendered() : arg.toString());
      from = at + 2;
    }
    return sb.append(template, from, template.length()).toString();
  }

  /** The command with secrets masked as {@code ******}. */
  @Override
  public String toString() {
    return fill(false);
  }
}
