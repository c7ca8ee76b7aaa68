package org.upgradeflow.lab.shell;

import java.util.List;

/** The parsed form of a command line: the subset of the POSIX sh grammar the lab runs. */
public final class ShellAst {

  private ShellAst() {
  }

  /** Items separated by {@code ;}, {@code &} or newlines. */
  public record CommandList(List<Item> items) {
    public CommandList {
      items = List.copyOf(items);
    }
  }

  /**
   * An and-or list, run in the background when followed by {@code &}.
   *
   * @param source the item's text as written, for the journal of a background job
   */
  public record Item(AndOr andOr, boolean background, String source) {
  }

  /** Pipelines joined by {@code &&} / {@code ||}; {@code operators.get(i)} joins i and i+1. */
  public record AndOr(List<Pipeline> pipelines, List<String> operators) {
    public AndOr {
      pipelines = List.copyOf(pipelines);
      operators = List.copyOf(operators);
    }
  }

  public record Pipeline(List<Command> commands, boolean negated) {
    public Pipeline {
      commands = List.copyOf(commands);
    }
  }

  /** One stage of a pipeline: a simple command or a compound one. */
  public sealed interface Command permits SimpleCommand, IfCommand, GroupCommand {

    List<Redirect> redirects();

    /** The command's text as written. */
    String source();
  }

  /**
   * {@code if c1; then b1; elif c2; then b2; else e; fi [redirects]}: {@code conditions.get(i)}
   * guards {@code bodies.get(i)}.
   *
   * @param elseBody the {@code else} part, or null when there is none
   */
  public record IfCommand(List<CommandList> conditions, List<CommandList> bodies, CommandList elseBody,
      List<Redirect> redirects, String source) implements Command {
    public IfCommand {
      conditions = List.copyOf(conditions);
      bodies = List.copyOf(bodies);
      redirects = List.copyOf(redirects);
    }
  }

  /**
   * {@code { list; } [redirects]}: the list runs in the current shell (an {@code exit} inside
   * ends the shell, variables stay set), its output redirected as one.
   */
  public record GroupCommand(CommandList body, List<Redirect> redirects, String source) implements Command {
    public GroupCommand {
      redirects = List.copyOf(redirects);
    }
  }

  /**
   * @param assignments {@code NAME=value} words before the command name
   * @param source      the command's text as written
   */
  public record SimpleCommand(List<Word> assignments, List<Word> words, List<Redirect> redirects, String source)
      implements Command {
    public SimpleCommand {
      assignments = List.copyOf(assignments);
      words = List.copyOf(words);
      redirects = List.copyOf(redirects);
    }
  }

  /**
   * @param fd       the descriptor redirected (0 for {@code <}, 1 for {@code >} unless given)
   * @param operator {@code > >> < >& <&}
   * @param target   a file name, or for {@code >&}/{@code <&} a descriptor number or {@code -}
   */
  public record Redirect(int fd, String operator, Word target) {
  }
}
