package org.upgradeflow.lab.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.upgradeflow.lab.shell.ShellAst.AndOr;
import org.upgradeflow.lab.shell.ShellAst.CommandList;
import org.upgradeflow.lab.shell.ShellAst.Item;
import org.upgradeflow.lab.shell.ShellAst.Pipeline;
import org.upgradeflow.lab.shell.ShellAst.Redirect;
import org.upgradeflow.lab.shell.ShellAst.SimpleCommand;

/**
 * Parses command lists: simple commands with redirections, pipelines, {@code && ||}, and
 * {@code ; &} separators. Compound commands (if, loops, case, groups, functions) are refused:
 * UpgradeFlow's templates do not send them, and a lab that guessed would hide a bug.
 */
public final class ShellParser {

  private static final Set<String> RESERVED = Set.of(
      "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
      "in", "{", "}", "function", "select", "[[", "]]");
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
    return p.list();
  }

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private CommandList list() throws ShellSyntaxException {
    List<Item> items = new ArrayList<>();
    skipNewlines();
    while (peek() != null) {
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
        } else {
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
    List<SimpleCommand> commands = new ArrayList<>();
    commands.add(simpleCommand());
    while (peek() != null && peek().is("|")) {
      pos++;
      skipNewlines();
      commands.add(simpleCommand());
    }
    return new Pipeline(commands, negated);
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
            throw new ShellSyntaxException("syntax error: '" + w.rawText()
                + "' (compound commands) is not supported by the lab shell");
          }
          words.add(w);
        }
        pos++;
      } else if (t.kind() == Token.Kind.REDIRECT) {
        pos++;
        Token target = peek();
        if (target == null || target.kind() != Token.Kind.WORD) {
          throw target == null
              ? new ShellSyntaxException("syntax error near unexpected token `newline'")
              : unexpected(target);
        }
        pos++;
        int fd = t.fd() >= 0 ? t.fd() : (t.operator().startsWith("<") ? 0 : 1);
        redirects.add(new Redirect(fd, t.operator(), target.word()));
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
