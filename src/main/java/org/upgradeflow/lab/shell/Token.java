package org.upgradeflow.lab.shell;

/**
 * A lexical token: a word, an operator ({@code && || ; | & newline}) or a redirection operator
 * ({@code > >> < >& <&}) with its optional file descriptor number.
 *
 * @param start offset of the token's first character in the source, for source slices
 * @param end   offset after the token's last character
 */
record Token(Kind kind, String operator, Word word, int fd, int start, int end) {

  enum Kind { WORD, OPERATOR, REDIRECT, NEWLINE }

  static Token word(Word word, int start, int end) {
    return new Token(Kind.WORD, null, word, -1, start, end);
  }

  static Token operator(String op, int start, int end) {
    return new Token(Kind.OPERATOR, op, null, -1, start, end);
  }

  static Token redirect(String op, int fd, int start, int end) {
    return new Token(Kind.REDIRECT, op, null, fd, start, end);
  }

  static Token newline(int start) {
    return new Token(Kind.NEWLINE, "\n", null, -1, start, start + 1);
  }

  boolean is(String op) {
    return kind == Kind.OPERATOR && op.equals(operator);
  }

  /** How an error message names this token. */
  String display() {
    return switch (kind) {
      case WORD -> word.rawText();
      case NEWLINE -> "newline";
      default -> operator;
    };
  }
}
