package org.upgradeflow.remote;

/** An interactive run met a prompt it has no rule for, an exhausted rule, silence, or its deadline. */
public class PromptFailedException extends RemoteShellException {

  private final String transcript;

  PromptFailedException(String message, String transcript) {
    super(message + "\n--- transcript ---\n" + transcript);
    this.transcript = transcript;
  }

  public String transcript() {
    return transcript;
  }
}
