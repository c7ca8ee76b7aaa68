package org.upgradeflow.lab.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.upgradeflow.lab.host.LabHostState;

/**
 * Everything a {@link LabCommand} sees: its arguments, its standard streams (after
 * redirections), the shell's working directory and variables, and the host model.
 */
public final class CommandContext {

  private final List<String> argv;
  private final CommandIo io;
  private final ShellState shell;
  private final Map<String, String> env;
  private final LabHostState host;
  private final Execution execution;
  private final ShellInterpreter interpreter;

  CommandContext(List<String> argv, CommandIo io, ShellState shell, Map<String, String> env,
      LabHostState host, Execution execution, ShellInterpreter interpreter) {
    this.argv = List.copyOf(argv);
    this.io = io;
    this.shell = shell;
    this.env = env;
    this.host = host;
    this.execution = execution;
    this.interpreter = interpreter;
  }

  /** The same command with other standard output and error (e.g. discarded for a --status). */
  CommandContext withOutput(OutputStream out, OutputStream err) {
    return new CommandContext(argv, new CommandIo(io.in(), out, err), shell, env, host, execution, interpreter);
  }

  /** The program name as sent (argv[0]). */
  public String program() {
    return argv.get(0);
  }

  /** The arguments after the program name. */
  public List<String> args() {
    return argv.subList(1, argv.size());
  }

  public List<String> argv() {
    return argv;
  }

  public InputStream in() {
    return io.in();
  }

  public OutputStream out() {
    return io.out();
  }

  public OutputStream err() {
    return io.err();
  }

  public void print(String text) throws IOException {
    io.out().write(text.getBytes(StandardCharsets.UTF_8));
    io.out().flush();
  }

  public void printErr(String text) throws IOException {
    io.err().write(text.getBytes(StandardCharsets.UTF_8));
    io.err().flush();
  }

  /** {@code program: message} on stderr, the way coreutils report errors; returns {@code exitCode}. */
  public int fail(int exitCode, String message) throws IOException {
    printErr(program() + ": " + message + "\n");
    return exitCode;
  }

  /**
   * One line from stdin without its line end, or null at end of input. Interactive behaviours
   * (prompts under a pty) write the prompt with {@link #print} and then read the answer here.
   */
  public String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = io.in().read()) >= 0) {
      if (b == '\n') {
        break;
      }
      line.write(b);
    }
    if (b < 0 && line.size() == 0) {
      return null;
    }
    String s = line.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** The client asked for a pseudo-terminal (ssh -t, sshj allocateDefaultPTY). */
  public boolean pty() {
    return execution.pty;
  }

  public Path cwd() {
    return shell.cwd;
  }

  /** An argument as a path on the host: relative to the working directory, normalised. */
  public Path path(String arg) {
    return shell.resolve(arg);
  }

  /** An environment variable of the command, or null. */
  public String env(String name) {
    return env.get(name);
  }

  public LabHostState host() {
    return host;
  }

  /** Marks this command as having changed the host, so its command line is journaled. */
  public void stateChanged() {
    execution.markChanged();
  }

  /** Sleeps a real-world duration in lab time; interrupted when the client goes away. */
  public void sleep(Duration realWorld) throws InterruptedException {
    host.time().sleep(realWorld);
  }

  /**
   * Runs another command line in a child of this shell, with this command's streams; for
   * behaviours that are scripts calling other programs. Returns its exit code.
   */
  public int run(String commandLine) throws InterruptedException {
    return interpreter.runChild(commandLine, shell, io, execution);
  }
}
