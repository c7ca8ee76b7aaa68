package org.upgradeflow.lab.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.upgradeflow.lab.shell.ShellAst.AndOr;
import org.upgradeflow.lab.shell.ShellAst.Command;
import org.upgradeflow.lab.shell.ShellAst.CommandList;
import org.upgradeflow.lab.shell.ShellAst.GroupCommand;
import org.upgradeflow.lab.shell.ShellAst.IfCommand;
import org.upgradeflow.lab.shell.ShellAst.Item;
import org.upgradeflow.lab.shell.ShellAst.Pipeline;
import org.upgradeflow.lab.shell.ShellAst.Redirect;
import org.upgradeflow.lab.shell.ShellAst.SimpleCommand;

/**
 * Parses command lists: simple commands with redirections, pipelines, {@code && ||},
 * {@code ; &} separators, and the compound command
 * {@code if list; then list; [elif list; then list;]... [else list;] fi [redirections]} and the
 * brace group {@code { list; } [redirections]}, which UpgradeFlow's detached-job and backup
 * templates use. Reserved words are recognised only where a command starts and only unquoted,
 * as POSIX says ({@code echo fi}, {@code echo }} and {@code 'if'} are plain words).
 * Other compound commands (loops, case, subshells, functions) are refused: UpgradeFlow's templates
 * do not send them, and a lab that guessed would hide a bug.
 */
public final class ShellParser {

  private static final Set<String> RESERVED = Set.of(
      "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
      "in", "{", "}", "function", "select", "[[", "]]");
  /** Reserved words that end a compound list inside {@code if} or a brace group. */
  private static final Set<String> CLOSING = Set.of("then", "elif", "else", "fi", "}");
  /** Reserved words that can only follow something, never start a command. */
  private static final Set<String> NEVER_FIRST = Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

  private final String src;
  private final List<Token> tokens;
  private int pos;

  private ShellParser(String src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
  }

  public static CommandList parse(String src) throws ShellSyntaxException {
    ShellParser p = new ShellParser(src, ShellTokenizer.tokenize(src));
    return p.list(false);
  }

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  /**
   * A list of and-or items. Inside a compound command ({@code nested}) it ends before a
   * {@code then elif else fi }} in command position; at the top level such a word is an error.
   */
  private CommandList list(boolean nested) throws ShellSyntaxException {
    List<Item> items = new ArrayList<>();
    skipNewlines();
    while (peek() != null && !(nested && atReserved(CLOSING))) {
      int startToken = pos;
      AndOr andOr = andOr();
      String source = slice(startToken, pos);
      Token t = peek();
      boolean background = false;
      if (t != null) {
        if (t.is("&")) {
          background = true;
          pos++;
        } else if (t.is(";") || t.kind() == Token.Kind.NEWLINE) {
          pos++;
        } else if (!(nested && atReserved(CLOSING))) {
          // after "fi" a closing word may follow directly ("fi fi"); anything else may not
          throw unexpected(t);
        }
      }
      items.add(new Item(andOr, background, source));
      skipNewlines();
    }
    return new CommandList(items);
  }

  private AndOr andOr() throws ShellSyntaxException {
    List<Pipeline> pipelines = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    pipelines.add(pipeline());
    while (peek() != null && (peek().is("&&") || peek().is("||"))) {
      ops.add(tokens.get(pos++).operator());
      skipNewlines();
      pipelines.add(pipeline());
    }
    return new AndOr(pipelines, ops);
  }

  private Pipeline pipeline() throws ShellSyntaxException {
    boolean negated = false;
    Token t = peek();
    if (t != null && t.kind() == Token.Kind.WORD && t.word().unquoted() && t.word().rawText().equals("!")) {
      negated = true;
      pos++;
    }
    List<Command> commands = new ArrayList<>();
    commands.add(command());
    while (peek() != null && peek().is("|")) {
      pos++;
      skipNewlines();
      commands.add(command());
    }
    return new Pipeline(commands, negated);
  }

  private Command command() throws ShellSyntaxException {
    if (atReserved(Set.of("if"))) {
      return ifCommand();
    }
    return atReserved(Set.of("{")) ? groupCommand() : simpleCommand();
  }

  /** {@code { list; }}: the closing brace is a reserved word, so it must start a command. */
  private GroupCommand groupCommand() throws ShellSyntaxException {
    int startToken = pos;
    pos++; // {
    CommandList body = nonEmptyList();
    expect("}");
    return new GroupCommand(body, redirects(), slice(startToken, pos));
  }

  private IfCommand ifCommand() throws ShellSyntaxException {
    int startToken = pos;
    pos++; // if
    List<CommandList> conditions = new ArrayList<>();
    List<CommandList> bodies = new ArrayList<>();
    conditions.add(nonEmptyList());
    expect("then");
    bodies.add(nonEmptyList());
    while (atReserved(Set.of("elif"))) {
      pos++;
      conditions.add(nonEmptyList());
      expect("then");
      bodies.add(nonEmptyList());
    }
    CommandList elseBody = null;
    if (atReserved(Set.of("else"))) {
      pos++;
      elseBody = nonEmptyList();
    }
    expect("fi");
    return new IfCommand(conditions, bodies, elseBody, redirects(), slice(startToken, pos));
  }

  private List<Redirect> redirects() throws ShellSyntaxException {
    List<Redirect> redirects = new ArrayList<>();
    while (peek() != null && peek().kind() == Token.Kind.REDIRECT) {
      redirects.add(redirect());
    }
    return redirects;
  }

  private CommandList nonEmptyList() throws ShellSyntaxException {
    CommandList list = list(true);
    if (list.items().isEmpty()) {
      throw peek() == null ? new ShellSyntaxException("syntax error: unexpected end of file") : unexpected(peek());
    }
    return list;
  }

  private void expect(String reserved) throws ShellSyntaxException {
    if (!atReserved(Set.of(reserved))) {
      throw peek() == null ? new ShellSyntaxException("syntax error: unexpected end of file") : unexpected(peek());
    }
    pos++;
  }

  /** The next token is one of these reserved words, unquoted (the caller is at a command start). */
  private boolean atReserved(Set<String> words) {
    Token t = peek();
    return t != null && t.kind() == Token.Kind.WORD && t.word().unquoted() && words.contains(t.word().rawText());
  }

  private Redirect redirect() throws ShellSyntaxException {
    Token t = tokens.get(pos++);
    Token target = peek();
    if (target == null || target.kind() != Token.Kind.WORD) {
      throw target == null
          ? new ShellSyntaxException("syntax error near unexpected token `newline'")
          : unexpected(target);
    }
    pos++;
    int fd = t.fd() >= 0 ? t.fd() : (t.operator().startsWith("<") ? 0 : 1);
    return new Redirect(fd, t.operator(), target.word());
  }

  private SimpleCommand simpleCommand() throws ShellSyntaxException {
    int startToken = pos;
    List<Word> assignments = new ArrayList<>();
    List<Word> words = new ArrayList<>();
    List<Redirect> redirects = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (t == null) {
        break;
      }
      if (t.kind() == Token.Kind.WORD) {
        Word w = t.word();
        if (words.isEmpty() && w.parts().size() > 0 && !w.parts().get(0).quoted()
            && ASSIGNMENT.matcher(w.parts().get(0).text()).matches()) {
          assignments.add(w);
        } else {
          if (words.isEmpty() && w.unquoted() && RESERVED.contains(w.rawText())) {
            if (NEVER_FIRST.contains(w.rawText()) && assignments.isEmpty() && redirects.isEmpty()) {
              throw unexpected(t);
            }
            throw new ShellSyntaxException("syntax error: '" + w.rawText()
                + "' (this compound command) is not supported by the lab shell");
          }
          words.add(w);
        }
        pos++;
      } else if (t.kind() == Token.Kind.REDIRECT) {
        redirects.add(redirect());
      } else {
        break;
      }
    }
    if (words.isEmpty() && assignments.isEmpty() && redirects.isEmpty()) {
      Token t = peek();
      throw t == null ? new ShellSyntaxException("syntax error: unexpected end of file") : unexpected(t);
    }
    return new SimpleCommand(assignments, words, redirects, slice(startToken, pos));
  }

  private void skipNewlines() {
    while (peek() != null && peek().kind() == Token.Kind.NEWLINE) {
      pos++;
    }
  }

  private String slice(int fromToken, int toToken) {
    if (toToken <= fromToken) {
      return "";
    }
    return src.substring(tokens.get(fromToken).start(), tokens.get(toToken - 1).end());
  }

  private static ShellSyntaxException unexpected(Token t) {
    return new ShellSyntaxException("syntax error near unexpected token `" + t.display() + "'");
  }
}
