package org.upgradeflow.usagemeter;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.InteractiveResult;
import org.upgradeflow.remote.PromptRule;
import org.upgradeflow.remote.PromptScript;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/**
 * {@code bash /root/upgrade/upgrade-um.sh} over a PTY: the snapshot question is answered
 * {@code y} (the run only gets here after Gate_ConfirmSnapshot was approved with a snapshot name
 * and time, so "no" cannot reach the script), 4.7's reboot question per
 * {@code upgradeflow.usage-meter.answer-reboot}; any other prompt fails the run with the
 * transcript. Runs in {@link UpgradeScriptSessions}; each step here is a short check-then-act.
 */
@Component
class UpgradeScript {

  static final String SNAPSHOT_PROMPT = "Has a snapshot of the vCloud Usage Meter appliance VM been created.*\\(y/n\\):";
  static final String REBOOT_PROMPT = "Reboot now\\? \\(y/n\\)";
  static final Pattern WRONG_HOSTNAME =
      Pattern.compile("Detected wrong hostname\\. Expected hostname: (\\S+?), but found: (\\S+?)\\.");
  /** Camunda keeps string variables up to 4000 characters */
  static final int TRANSCRIPT_CHARS = 3500;
  /** a log tail goes into gate evidence next to other lines: room for them within the 4000 */
  static final int LOG_TAIL_CHARS = 2500;
  private static final ShellCommand COMMAND = ShellCommand.of("bash {}", ShellArg.path(Appliance.UPGRADE_SCRIPT));

  enum Start {
    /** started now, in this service instance */
    STARTED,
    /** this service instance runs it already */
    RUNNING_HERE,
    /** the appliance is at the target: the script ran (or is not needed); not started again */
    ALREADY_UPGRADED,
    /** the marker on the appliance shows an earlier service instance started it; not started again */
    STARTED_BEFORE
  }

  /** What a poll found: still running, or finished with its transcript and what it asked. */
  record Progress(boolean running, String transcript, String answers, boolean rebooted, String expectedHostname,
      String foundHostname) {
  }

  /**
   * No session in this instance, no upgrade-um.sh process on the appliance, and the appliance
   * below the target: the script was hung up or killed (a restart of the service ends its PTY
   * session) or never started. The upgrade may be half done: a case for the snapshot.
   */
  static final class InterruptedScriptException extends RuntimeException {
    InterruptedScriptException(String message) {
      super(message);
    }
  }

  /** The script failed (unexpected prompt, silence, deadline, or exit status): the transcript is the evidence. */
  static final class FailedException extends RuntimeException {
    private final String transcript;

    FailedException(String message, String transcript) {
      super(message);
      this.transcript = tail(transcript);
    }

    String transcript() {
      return transcript;
    }
  }

  private final Appliance appliance;
  private final UpgradeScriptSessions sessions;
  private final UsageMeterProperties properties;

  UpgradeScript(Appliance appliance, UpgradeScriptSessions sessions, UsageMeterProperties properties) {
    this.appliance = appliance;
    this.sessions = sessions;
    this.properties = properties;
  }

  static String marker(String key) {
    return Appliance.WORK_DIR + "/" + key + ".upgrade-um.started";
  }

  Start start(String key, RemoteTarget target, String targetVersion, boolean fortySeven) {
    if (atLeast(appliance.installedVersion(target), targetVersion)) {
      return Start.ALREADY_UPGRADED;
    }
    if (!(sessions.state(key) instanceof UpgradeScriptSessions.Unknown)) {
      return Start.RUNNING_HERE;
    }
    if (appliance.exists(target, marker(key))) {
      return Start.STARTED_BEFORE;
    }
    appliance.mark(target, marker(key));
    return sessions.start(key, appliance.shell(), target, COMMAND, prompts(fortySeven))
        ? Start.STARTED : Start.RUNNING_HERE;
  }

  PromptScript prompts(boolean fortySeven) {
    PromptRule snapshot = PromptRule.answer("snapshot", SNAPSHOT_PROMPT, "y");
    PromptScript script;
    if (fortySeven) {
      PromptRule reboot = PromptRule.answer("reboot", REBOOT_PROMPT, properties.answerReboot());
      script = PromptScript.of(snapshot, "y".equals(properties.answerReboot()) ? reboot.endsConnection() : reboot);
    } else {
      script = PromptScript.of(snapshot);
    }
    // the upgrade is silent for minutes between its messages: only the overall limit applies
    return script.withPromptQuiet(properties.promptQuiet()).withSilenceTimeout(properties.scriptTimeout())
        .withTimeout(properties.scriptTimeout());
  }

  /**
   * @param startedAt when the start step ran (engine time), for the limit on a script this
   *                  instance cannot see (started before a restart)
   */
  Progress check(String key, RemoteTarget target, String targetVersion, Instant startedAt, Instant now) {
    UpgradeScriptSessions.State state = sessions.state(key);
    if (state instanceof UpgradeScriptSessions.Running) {
      return new Progress(true, null, null, false, null, null);
    }
    if (state instanceof UpgradeScriptSessions.Failed f) {
      sessions.forget(key);
      throw new FailedException("upgrade-um.sh on " + target.name() + " failed: " + f.message(), f.transcript());
    }
    if (state instanceof UpgradeScriptSessions.Finished done) {
      sessions.forget(key);
      return finished(target, done.result());
    }
    // no session here: the appliance says whether the script (run by an earlier instance) got through
    String installed = appliance.installedVersion(target);
    if (atLeast(installed, targetVersion)) {
      String[] hostname = UsageMeterPath.TO_47.target().equals(targetVersion) ? wrongHostnameLogged(target) : null;
      return new Progress(false, "(no transcript: the appliance was at " + installed
          + " when this service instance looked; upgrade-um.sh was not started again)", "", false,
          hostname == null ? null : hostname[0], hostname == null ? null : hostname[1]);
    }
    if (!appliance.upgradeScriptRunning(target)) {
      // waiting for the script-timeout would only delay the restore: nothing will change any more
      throw new InterruptedScriptException("the upgrade script was interrupted: upgrade-um.sh no longer runs on " + target.name()
          + " and the appliance is still at " + installed + " (not " + targetVersion + "); the session that ran it ended"
          + " (a restart of UpgradeFlow hangs it up) or it never started. It is not started again: the upgrade may be"
          + " half done");
    }
    if (Duration.between(startedAt, now).compareTo(properties.scriptTimeout()) < 0) {
      return new Progress(true, null, null, false, null, null);
    }
    throw new FailedException("upgrade-um.sh on " + target.name() + " was started by an earlier instance of the service"
        + " and still runs with the appliance at " + installed + " after " + properties.scriptTimeout()
        + "; it is not started again: look at the appliance (" + Appliance.LOG_45 + " or " + Appliance.LOG_47 + ")", "");
  }

  /**
   * 4.7 after a restart, without the transcript: the script's hostname check as its log kept it,
   * compared with the appliance's {@code hostname} now. Expected and found names while they
   * differ, else null (also when the name was put right in the meantime: the certificate fits again).
   */
  private String[] wrongHostnameLogged(RemoteTarget target) {
    Matcher m = WRONG_HOSTNAME.matcher(appliance.grep(target, "Detected wrong hostname", Appliance.LOG_47));
    if (!m.find()) {
      return null;
    }
    String now = appliance.hostname(target);
    return now.equals(m.group(1)) ? null : new String[] {m.group(1), now};
  }

  private Progress finished(RemoteTarget target, InteractiveResult r) {
    String answers = r.answered().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
    if (!r.connectionEnded() && r.exitStatus() != 0) {
      throw new FailedException("upgrade-um.sh on " + target.name() + " exited with " + r.exitStatus()
          + " (answered: " + (answers.isEmpty() ? "nothing" : answers) + ")", r.transcript());
    }
    Map<String, Integer> answered = r.answered();
    boolean rebooted = r.connectionEnded() || answered.containsKey("reboot") && "y".equals(properties.answerReboot());
    Matcher m = WRONG_HOSTNAME.matcher(r.transcript());
    boolean wrong = m.find();
    return new Progress(false, tail(r.transcript()), answers, rebooted, wrong ? m.group(1) : null, wrong ? m.group(2) : null);
  }

  static String tail(String text) {
    return tail(text, TRANSCRIPT_CHARS);
  }

  /** The end of a text, at most {@code max} characters (evidence is shown together with other lines). */
  static String tail(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : "..." + text.substring(text.length() - max);
  }

  /** {@code 4.5.0.0} is at least {@code 4.5}; compares major and minor. */
  static boolean atLeast(String installed, String target) {
    String[] a = installed.split("\\.");
    String[] b = target.split("\\.");
    int x = Integer.parseInt(a[0]) * 100 + Integer.parseInt(a[1]);
    int y = Integer.parseInt(b[0]) * 100 + Integer.parseInt(b[1]);
    return x >= y;
  }
}
