package org.upgradeflow.remote;

import java.util.Objects;
import java.util.regex.Pattern;
import org.upgradeflow.environment.Secret;

/**
 * An expected prompt of an interactive command and the line to answer it with. A rule answers
 * at most {@code maxAnswers} times (default once); seeing its prompt again is an unexpected
 * prompt. Secret answers are masked in transcripts.
 */
public final class PromptRule {

  private final String name;
  private final Pattern prompt;
  private final Secret answer;
  private final boolean secret;
  private final int maxAnswers;
  private final boolean endsConnection;

  private PromptRule(String name, Pattern prompt, Secret answer, boolean secret, int maxAnswers) {
    this(name, prompt, answer, secret, maxAnswers, false);
  }

  private PromptRule(String name, Pattern prompt, Secret answer, boolean secret, int maxAnswers,
      boolean endsConnection) {
    this.name = Objects.requireNonNull(name, "name");
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.answer = Objects.requireNonNull(answer, "answer");
    this.secret = secret;
    if (maxAnswers < 1) {
      throw new IllegalArgumentException("maxAnswers must be >= 1");
    }
    this.maxAnswers = maxAnswers;
    this.endsConnection = endsConnection;
    if (answer.reveal().indexOf('\n') >= 0 || answer.reveal().indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an answer is one line: " + name);
    }
  }

  /** @param prompt a regular expression found in the output not yet answered */
  public static PromptRule answer(String name, String prompt, String answer) {
    return new PromptRule(name, Pattern.compile(prompt), Secret.of(answer), false, 1);
  }

  public static PromptRule answerSecret(String name, String prompt, Secret answer) {
    return new PromptRule(name, Pattern.compile(prompt), answer, true, 1);
  }

  /** The same rule, allowed to answer up to {@code n} times. */
  public PromptRule times(int n) {
    return new PromptRule(name, prompt, answer, secret, n, endsConnection);
  }

  /**
   * The same rule, whose answer may end the SSH connection (a reboot): a connection lost after
   * it was answered ends the run as {@code connectionEnded} instead of failing it.
   */
  public PromptRule endsConnection() {
    return new PromptRule(name, prompt, answer, secret, maxAnswers, true);
  }

  boolean mayEndConnection() {
    return endsConnection;
  }

  public String name() {
    return name;
  }

  public Pattern prompt() {
    return prompt;
  }

  public int maxAnswers() {
    return maxAnswers;
  }

  boolean secret() {
    return secret;
  }

  String answerText() {
    return answer.reveal();
  }

  @Override
  public String toString() {
    return name + " /" + prompt + "/ -> " + (secret ? Secret.MASK : answer.reveal()) + " (max " + maxAnswers + ")";
  }
}
