package org.upgradeflow.remote;

/**
 * The shell side of detached jobs. A job gets its own directory; creating it with {@code mkdir}
 * is the atomic lock, so a second start of the same id starts nothing. The command runs in its
 * own session ({@code setsid nohup}), detached from the SSH connection, with output, pid and
 * exit code in files, so that it survives disconnects and restarts of this service.
 */
final class DetachedJobs {

  // Outer script. Args: job root, job dir, job dir, masked command, wrapped command.
  private static final String START =
      "umask 077; mkdir -p {} || exit 90; "
          + "if mkdir {} 2>/dev/null; then "
          + "cd {} || exit 91; "
          + "printf '%s\\n' {} > command; "
          + "setsid nohup sh -c {} > output.log 2>&1 < /dev/null & "
          + "echo $! > pid.tmp && mv pid.tmp pid && echo started; "
          + "else echo already-started; fi";

  // Inner script: the command in its own sh (an exit inside it ends only that sh), then the
  // exit code written atomically so a reader never sees a half-written file.
  private static final String WRAP = "sh -c {}; echo $? > exit.tmp && mv exit.tmp exit";

  // Args: job dir, tail lines.
  private static final String STATUS =
      "d={}; if [ ! -d \"$d\" ]; then echo state=NOT_FOUND; exit 0; fi; "
          + "pid=$(cat \"$d/pid\" 2>/dev/null); "
          + "if [ -f \"$d/exit\" ]; then echo state=FINISHED; echo \"exit=$(cat \"$d/exit\")\"; "
          + "elif [ -z \"$pid\" ] || kill -0 \"$pid\" 2>/dev/null; then echo state=RUNNING; "
          + "else echo state=LOST; fi; "
          + "echo \"pid=$pid\"; echo " + DetachedJobs.TAIL_MARK + "; "
          + "tail -n {} \"$d/output.log\" 2>/dev/null; exit 0";

  static final String TAIL_MARK = "--upgradeflow-tail--";

  private DetachedJobs() {
  }

  static String directory(String root, String jobId) {
    return root + "/" + JobId.check(jobId);
  }

  static ShellCommand start(String root, String jobId, ShellCommand command) {
    String dir = directory(root, jobId);
    ShellCommand wrapped = ShellCommand.of(WRAP, ShellArg.command(command));
    return ShellCommand.of(START, ShellArg.path(root), ShellArg.path(dir), ShellArg.path(dir),
        ShellArg.text(shown(command)), ShellArg.command(wrapped));
  }

  private static String shown(ShellCommand command) {
    String s = command.toString().replaceAll("\\p{Cntrl}", " ");
    return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
  }

  static ShellCommand status(String root, String jobId, int tailLines) {
    if (tailLines < 1 || tailLines > 100_000) {
      throw new IllegalArgumentException("invalid integer (tail lines 1..100000): " + tailLines);
    }
    return ShellCommand.of(STATUS, ShellArg.path(directory(root, jobId)), ShellArg.integer(tailLines));
  }

  static JobStatus parseStatus(String jobId, String output) {
    int mark = output.indexOf(TAIL_MARK);
    String head = mark >= 0 ? output.substring(0, mark) : output;
    String tail = mark >= 0 ? output.substring(mark + TAIL_MARK.length()).replaceFirst("^\r?\n", "") : "";
    JobStatus.State state = null;
    Integer exit = null;
    Long pid = null;
    for (String line : head.split("\n")) {
      String l = line.strip();
      if (l.startsWith("state=")) {
        state = JobStatus.State.valueOf(l.substring(6));
      } else if (l.startsWith("exit=") && l.length() > 5) {
        exit = Integer.valueOf(l.substring(5));
      } else if (l.startsWith("pid=") && l.length() > 4) {
        pid = Long.valueOf(l.substring(4));
      }
    }
    if (state == null) {
      throw new RemoteShellException("unreadable status of job " + jobId + ": " + head.strip());
    }
    return new JobStatus(jobId, state, exit, pid, tail);
  }
}
