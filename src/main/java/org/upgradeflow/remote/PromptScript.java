package org.upgradeflow.remote;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to drive an interactive command: the expected prompts and what counts as a failure.
 *
 * @param rules            expected prompts and their answers, tried in order
 * @param promptQuiet      output idle this long with an unanswered line that looks like a prompt
 *                         ({@code looksLikePrompt}) fails the run as an unexpected prompt
 * @param silenceTimeout   no output at all for this long fails the run
 * @param timeout          the whole run; null means {@link SshProperties#commandTimeout()}
 * @param looksLikePrompt  applied to the last, unterminated line of output
 */
public record PromptScript(
    List<PromptRule> rules,
    Duration promptQuiet,
    Duration silenceTimeout,
    Duration timeout,
    Pattern looksLikePrompt) {

  /** Lines ending in ?, :, ), ], >, # or $ (optionally followed by blanks) wait for input. */
  public static final Pattern DEFAULT_PROMPT = Pattern.compile(".*[?:)\\]>#$]\\s*");

  public PromptScript {
    rules = List.copyOf(rules);
    Objects.requireNonNull(promptQuiet, "promptQuiet");
    Objects.requireNonNull(silenceTimeout, "silenceTimeout");
    Objects.requireNonNull(looksLikePrompt, "looksLikePrompt");
  }

  public static PromptScript of(PromptRule... rules) {
    return new PromptScript(List.of(rules), Duration.ofSeconds(3), Duration.ofMinutes(5), null,
        DEFAULT_PROMPT);
  }

  public PromptScript withPromptQuiet(Duration d) {
    return new PromptScript(rules, d, silenceTimeout, timeout, looksLikePrompt);
  }

  public PromptScript withSilenceTimeout(Duration d) {
    return new PromptScript(rules, promptQuiet, d, timeout, looksLikePrompt);
  }

  public PromptScript withTimeout(Duration d) {
    return new PromptScript(rules, promptQuiet, silenceTimeout, d, looksLikePrompt);
  }
}
