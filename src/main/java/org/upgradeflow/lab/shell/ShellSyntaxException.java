package org.upgradeflow.lab.shell;

/**
 * A command line the lab shell cannot parse, or uses a construct the lab deliberately does not
 * implement (subshells, here-documents, backquotes, loops, case, groups). The
 * interpreter reports it the way sh does: a message containing "syntax error" and exit code 2,
 * so a step that sends something unexpected fails loudly instead of being half-understood.
 */
public class ShellSyntaxException extends Exception {

  public ShellSyntaxException(String message) {
    super(message);
  }
}
