package org.upgradeflow.lab.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a POSIX sh command line into words and operators. Quoting follows POSIX: single
 * quotes keep everything literally; double quotes keep everything but {@code $}, and a
 * backslash there escapes only {@code $ ` " \} and newline; a backslash outside quotes makes
 * the next character literal. The client quotes every value with single quotes (and writes an
 * embedded quote as {@code '\''}), so that is the path that must be exact.
 *
 * <p>Command substitution {@code $(...)} (bare or inside double quotes, nested to any depth)
 * becomes one {@link Word.Part} holding the parsed commands; its text is found by matching the
 * closing parenthesis with quotes respected, then parsed as a command list of its own, so a
 * syntax error inside it is a syntax error of the whole line, as in bash.
 *
 * <p>Constructs the lab does not implement are refused here with a {@link ShellSyntaxException}
 * rather than guessed at: backquote substitution, arithmetic {@code $((...))}, here-documents,
 * subshells and groups, bash's {@code &>}.
 */
public final class ShellTokenizer {

  private final String src;
  private int pos;
  private final List<Token> tokens = new ArrayList<>();

  private ShellTokenizer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String src) throws ShellSyntaxException {
    ShellTokenizer t = new ShellTokenizer(src);
    t.run();
    return t.tokens;
  }

  /** The words of a command line, for tests and callers that only need the argument vector. */
  public static List<String> words(String src) throws ShellSyntaxException {
    List<String> out = new ArrayList<>();
    for (Token t : tokenize(src)) {
      if (t.kind() != Token.Kind.WORD) {
        throw new ShellSyntaxException("syntax error: operator '" + t.display() + "' where only words are expected");
      }
      out.add(t.word().rawText());
    }
    return out;
  }

  private void run() throws ShellSyntaxException {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '\n') {
        tokens.add(Token.newline(pos++));
      } else if (c == '#') {
        // a comment runs to the end of the line; '#' inside a word is handled by readWord
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
        pos += 2; // line continuation between words
      } else if (isOperatorStart(c)) {
        readOperator(-1, pos);
      } else {
        readWordOrIoNumber();
      }
    }
  }

  private static boolean isOperatorStart(char c) {
    return c == '&' || c == '|' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')';
  }

  private void readOperator(int fd, int start) throws ShellSyntaxException {
    char c = src.charAt(pos);
    char n = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
    switch (c) {
      case '&' -> {
        if (n == '&') {
          add2("&&", start);
        } else if (n == '>') {
          throw new ShellSyntaxException("syntax error: '&>' is bash-only and not supported by the lab shell; use '> file 2>&1'");
        } else {
          add1("&", start);
        }
      }
      case '|' -> {
        if (n == '|') {
          add2("||", start);
        } else {
          add1("|", start);
        }
      }
      case ';' -> {
        if (n == ';') {
          throw new ShellSyntaxException("syntax error near unexpected token `;;'");
        }
        add1(";", start);
      }
      case '(', ')' -> throw new ShellSyntaxException(
          "syntax error: subshells and '" + c + "' are not supported by the lab shell");
      case '>' -> {
        if (n == '>') {
          redirect(">>", fd, start, 2);
        } else if (n == '&') {
          redirect(">&", fd, start, 2);
        } else if (n == '|') {
          redirect(">", fd, start, 2);
        } else {
          redirect(">", fd, start, 1);
        }
      }
      case '<' -> {
        if (n == '<') {
          throw new ShellSyntaxException("syntax error: here-documents are not supported by the lab shell");
        } else if (n == '&') {
          redirect("<&", fd, start, 2);
        } else if (n == '>') {
          throw new ShellSyntaxException("syntax error: '<>' is not supported by the lab shell");
        } else {
          redirect("<", fd, start, 1);
        }
      }
      default -> throw new IllegalStateException("not an operator: " + c);
    }
  }

  private void add1(String op, int start) {
    pos += 1;
    tokens.add(Token.operator(op, start, pos));
  }

  private void add2(String op, int start) {
    pos += 2;
    tokens.add(Token.operator(op, start, pos));
  }

  private void redirect(String op, int fd, int start, int len) {
    pos += len;
    tokens.add(Token.redirect(op, fd, start, pos));
  }

  private void readWordOrIoNumber() throws ShellSyntaxException {
    int start = pos;
    // "2>&1": digits directly followed by a redirection operator are a file descriptor number
    int i = pos;
    while (i < src.length() && Character.isDigit(src.charAt(i))) {
      i++;
    }
    if (i > pos && i < src.length() && (src.charAt(i) == '>' || src.charAt(i) == '<')) {
      int fd = Integer.parseInt(src.substring(pos, i));
      pos = i;
      readOperator(fd, start);
      return;
    }
    List<Word.Part> parts = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || isOperatorStart(c)) {
        break;
      }
      if (c == '\'') {
        flush(parts, plain);
        int close = src.indexOf('\'', pos + 1);
        if (close < 0) {
          throw new ShellSyntaxException("syntax error: unterminated quoted string");
        }
        parts.add(new Word.Part(src.substring(pos + 1, close), false, true));
        pos = close + 1;
      } else if (c == '"') {
        flush(parts, plain);
        readDoubleQuoted(parts);
      } else if (c == '\\') {
        if (pos + 1 >= src.length()) {
          pos++; // a trailing backslash is dropped, as sh does
        } else if (src.charAt(pos + 1) == '\n') {
          pos += 2;
        } else {
          flush(parts, plain);
          parts.add(new Word.Part(String.valueOf(src.charAt(pos + 1)), false, true));
          pos += 2;
        }
      } else if (c == '`') {
        throw backquote();
      } else if (c == '$' && pos + 1 < src.length() && src.charAt(pos + 1) == '(') {
        flush(parts, plain);
        parts.add(readSubstitution(false));
      } else {
        plain.append(c);
        pos++;
      }
    }
    flush(parts, plain);
    tokens.add(Token.word(new Word(parts), start, pos));
  }

  private static void flush(List<Word.Part> parts, StringBuilder plain) {
    if (!plain.isEmpty()) {
      parts.add(new Word.Part(plain.toString(), true, false));
      plain.setLength(0);
    }
  }

  private void readDoubleQuoted(List<Word.Part> parts) throws ShellSyntaxException {
    pos++; // opening quote
    StringBuilder text = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw new ShellSyntaxException("syntax error: unterminated quoted string");
      }
      char c = src.charAt(pos);
      if (c == '"') {
        pos++;
        break;
      }
      if (c == '\\' && pos + 1 < src.length() && "$`\"\\\n".indexOf(src.charAt(pos + 1)) >= 0) {
        char escaped = src.charAt(pos + 1);
        if (escaped != '\n') {
          if (!text.isEmpty()) {
            parts.add(new Word.Part(text.toString(), true, true));
            text.setLength(0);
          }
          parts.add(new Word.Part(String.valueOf(escaped), false, true));
        }
        pos += 2;
      } else if (c == '`') {
        throw backquote();
      } else if (c == '$' && pos + 1 < src.length() && src.charAt(pos + 1) == '(') {
        if (!text.isEmpty()) {
          parts.add(new Word.Part(text.toString(), true, true));
          text.setLength(0);
        }
        parts.add(readSubstitution(true));
      } else {
        text.append(c);
        pos++;
      }
    }
    // "" is an empty word, not nothing: keep an empty part
    parts.add(new Word.Part(text.toString(), true, true));
  }

  private static ShellSyntaxException backquote() {
    return new ShellSyntaxException("syntax error: `...` command substitution is not supported by the lab shell; use $(...)");
  }

  /** At {@code $(}: reads to the matching {@code )} and parses what is between. */
  private Word.Part readSubstitution(boolean quoted) throws ShellSyntaxException {
    int start = pos;
    if (pos + 2 < src.length() && src.charAt(pos + 2) == '(') {
      throw new ShellSyntaxException("syntax error: arithmetic expansion $((...)) is not supported by the lab shell");
    }
    int close = matchingParen(pos + 2);
    ShellAst.CommandList commands = ShellParser.parse(src.substring(pos + 2, close));
    pos = close + 1;
    return new Word.Part(src.substring(start, pos), true, quoted, commands);
  }

  /** The index of the {@code )} closing a substitution whose text starts at {@code i}. */
  private int matchingParen(int i) throws ShellSyntaxException {
    int depth = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        int close = src.indexOf('\'', i + 1);
        if (close < 0) {
          throw new ShellSyntaxException("syntax error: unterminated quoted string");
        }
        i = close + 1;
      } else if (c == '"') {
        i = afterDoubleQuoted(i + 1);
      } else if (c == '`') {
        throw backquote();
      } else if (c == '$' && i + 1 < src.length() && src.charAt(i + 1) == '(') {
        i = matchingParen(i + 2) + 1;
      } else if (c == '(') {
        depth++;
        i++;
      } else if (c == ')') {
        if (depth == 0) {
          return i;
        }
        depth--;
        i++;
      } else {
        i++;
      }
    }
    throw new ShellSyntaxException("syntax error: unexpected end of file (unterminated $(...))");
  }

  /** The index after the {@code "} closing a double-quoted string whose text starts at {@code i}. */
  private int afterDoubleQuoted(int i) throws ShellSyntaxException {
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else if (c == '$' && i + 1 < src.length() && src.charAt(i + 1) == '(') {
        i = matchingParen(i + 2) + 1;
      } else {
        i++;
      }
    }
    throw new ShellSyntaxException("syntax error: unterminated quoted string");
  }
}
