package org.upgradeflow.remote;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.environment.Secret;

/** Drives a command on a PTY: answers expected prompts, fails on anything else. */
final class PromptDriver {

  private static final Logger log = LoggerFactory.getLogger(PromptDriver.class);
  private static final long TICK_MS = 100;

  private final Sessions sessions;
  private final StepLogs stepLogs;
  private final ExecutorService readers;
  private final int maxOutputBytes;

  PromptDriver(Sessions sessions, StepLogs stepLogs, ExecutorService readers, int maxOutputBytes) {
    this.sessions = sessions;
    this.stepLogs = stepLogs;
    this.readers = readers;
    this.maxOutputBytes = maxOutputBytes;
  }

  /** Output so far, shared between the reader thread and the driver. */
  private static final class Screen {
    final StringBuilder text = new StringBuilder();
    long lastOutput = System.nanoTime();
    boolean eof;
  }

  InteractiveResult run(RemoteTarget target, ShellCommand command, PromptScript script,
      Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Screen screen = new Screen();
    Map<String, Integer> answered = new LinkedHashMap<>();
    Path logFile = StepLogs.stdout(stepLogs.next(target.name()));
    Session session = sessions.session(target);
    try {
      session.allocatePTY("vt100", 200, 50, 0, 0, Collections.emptyMap());
      Session.Command cmd = session.exec(command.render());
      OutputStream keyboard = cmd.getOutputStream();
      readers.submit(() -> read(cmd.getInputStream(), screen));
      int consumed = 0;
      int seen = -1;
      while (true) {
        String pending;
        boolean eof;
        synchronized (screen) {
          while (screen.text.length() == seen && !screen.eof) {
            String failure = idleFailure(screen, consumed, script, deadline, timeout);
            if (failure != null) {
              throw fail(target, command, failure, screen, script, logFile);
            }
            screen.wait(TICK_MS);
          }
          seen = screen.text.length();
          pending = screen.text.substring(consumed);
          eof = screen.eof;
        }
        PromptRule hit = null;
        Matcher m = null;
        for (PromptRule rule : script.rules()) {
          Matcher candidate = rule.prompt().matcher(pending);
          if (candidate.find()) {
            hit = rule;
            m = candidate;
            break;
          }
        }
        if (hit != null) {
          int times = answered.getOrDefault(hit.name(), 0);
          if (times >= hit.maxAnswers()) {
            throw fail(target, command, "prompt '" + hit.name() + "' appeared again after "
                + times + " answer(s)", screen, script, logFile);
          }
          answered.put(hit.name(), times + 1);
          consumed += m.end();
          seen = -1; // look at the rest of the output before waiting again
          keyboard.write((hit.answerText() + "\n").getBytes(StandardCharsets.UTF_8));
          keyboard.flush();
          log.info("{}: answered prompt '{}'", target.name(), hit.name());
          continue;
        }
        if (eof) {
          break;
        }
      }
      cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
          TimeUnit.MILLISECONDS);
      Integer status = cmd.getExitStatus();
      String transcript = masked(screen, script);
      writeLog(logFile, transcript);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      log.info("{}: interactive exit {} after {} ms: {}", target.name(), status, took.toMillis(), command);
      return new InteractiveResult(target.name(), command.toString(), status != null ? status : -1,
          bounded(transcript), answered, took, logFile, status == null && endedByAnswer(script, answered));
    } catch (IOException e) {
      if (!endedByAnswer(script, answered)) {
        throw new RemoteShellException("interactive run on " + target.name() + " failed: " + command, e);
      }
      // the answer ended the connection (a reboot), as it was allowed to: report, do not fail
      String transcript = masked(screen, script);
      writeLog(logFile, transcript);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      log.info("{}: connection ended after an answer that may end it: {}", target.name(), command);
      return new InteractiveResult(target.name(), command.toString(), -1, bounded(transcript), answered, took,
          logFile, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteShellException("interrupted on " + target.name() + ": " + command);
    } finally {
      // with a PTY, closing the session hangs up the command's terminal
      Sessions.closeQuietly(session);
    }
  }

  private static boolean endedByAnswer(PromptScript script, Map<String, Integer> answered) {
    return script.rules().stream().anyMatch(r -> r.mayEndConnection() && answered.containsKey(r.name()));
  }

  /** Called with the screen locked and no new output: is waiting longer wrong? */
  private static String idleFailure(Screen screen, int consumed, PromptScript script, long deadline,
      Duration timeout) {
    long now = System.nanoTime();
    if (now >= deadline) {
      return "no end within " + timeout;
    }
    long idle = now - screen.lastOutput;
    if (idle >= script.silenceTimeout().toNanos()) {
      return "no output for " + script.silenceTimeout();
    }
    if (idle >= script.promptQuiet().toNanos()) {
      String pending = screen.text.substring(consumed);
      String lastLine = pending.substring(pending.lastIndexOf('\n') + 1).replace("\r", "");
      if (!lastLine.isBlank() && script.looksLikePrompt().matcher(lastLine).matches()) {
        return "unexpected prompt: " + lastLine.strip();
      }
    }
    return null;
  }

  private PromptFailedException fail(RemoteTarget target, ShellCommand command, String why,
      Screen screen, PromptScript script, Path logFile) {
    String transcript = masked(screen, script);
    writeLog(logFile, transcript);
    return new PromptFailedException("interactive run on " + target.name() + " stopped, " + why
        + ": " + command + " (log " + logFile + ")", bounded(transcript));
  }

  private static void read(java.io.InputStream in, Screen screen) {
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buf = new char[8192];
      for (int n; (n = reader.read(buf)) >= 0; ) {
        synchronized (screen) {
          screen.text.append(buf, 0, n);
          screen.lastOutput = System.nanoTime();
          screen.notifyAll();
        }
      }
    } catch (IOException e) {
      // the session was closed under us; eof below ends the driver
    } finally {
      synchronized (screen) {
        screen.eof = true;
        screen.notifyAll();
      }
    }
  }

  /** The terminal echoes answers; secret ones must not survive into transcripts. */
  private static String masked(Screen screen, PromptScript script) {
    String text;
    synchronized (screen) {
      text = screen.text.toString();
    }
    for (PromptRule rule : script.rules()) {
      if (rule.secret() && !rule.answerText().isEmpty()) {
        text = text.replace(rule.answerText(), Secret.MASK);
      }
    }
    return text;
  }

  private String bounded(String transcript) {
    if (transcript.length() <= maxOutputBytes) {
      return transcript;
    }
    int half = maxOutputBytes / 2;
    return transcript.substring(0, half) + "\n[... see the step log ...]\n"
        + transcript.substring(transcript.length() - half);
  }

  private static void writeLog(Path file, String transcript) {
    try {
      Files.writeString(file, transcript, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.warn("cannot write step log {}: {}", file, e.toString());
    }
  }
}
