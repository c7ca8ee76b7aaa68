package org.upgradeflow.lab.command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.host.Fault;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.shell.ShellAst.AndOr;
import org.upgradeflow.lab.shell.ShellAst.Command;
import org.upgradeflow.lab.shell.ShellAst.CommandList;
import org.upgradeflow.lab.shell.ShellAst.GroupCommand;
import org.upgradeflow.lab.shell.ShellAst.IfCommand;
import org.upgradeflow.lab.shell.ShellAst.Item;
import org.upgradeflow.lab.shell.ShellAst.Pipeline;
import org.upgradeflow.lab.shell.ShellAst.Redirect;
import org.upgradeflow.lab.shell.ShellAst.SimpleCommand;
import org.upgradeflow.lab.shell.ShellParser;
import org.upgradeflow.lab.shell.ShellSyntaxException;
import org.upgradeflow.lab.shell.Word;

/**
 * Runs command lines on a lab host the way {@code bash -c} would, for the subset the parser
 * accepts: lists, and-or, pipelines (stage after stage, each stage's output buffered: fine for
 * the filters the client uses, wrong for endless producers), {@code if/elif/else/fi}, brace groups {@code { ...; }},
 * redirections, {@code NAME=value} (alone: shell variables; before a command: its environment),
 * built-ins {@code cd exit export umask : sh/bash -c setsid nohup exec}, background jobs with
 * {@code $!}. Expansion covers parameters ({@code $? $! $$ $0-$9 $# $@ $* $NAME ${NAME}}) and
 * command substitution {@code $(...)} (run in a subshell, trailing newlines removed); results
 * outside double quotes are split into fields at blanks (space, tab, newline: the default
 * IFS; {@code IFS} itself is not read), there is no globbing. Every other program is looked up
 * in the host's {@link LabCommandRegistry}; unknown programs fail with 127 as in a real shell.
 */
public final class ShellInterpreter {

  private static final List<String> BIN_DIRS = List.of("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/",
      "/usr/local/bin/", "/usr/local/sbin/");

  private final LabHostState host;
  private final LabCommandRegistry registry;

  public ShellInterpreter(LabHostState host, LabCommandRegistry registry) {
    this.host = host;
    this.registry = registry;
  }

  /**
   * Runs an exec request's command line in a fresh login shell and journals it when it changed
   * the host. Throws {@link ConnectionDrop} for an injected drop, {@link InterruptedException}
   * when the channel closed while the command ran; the journal still records a change then,
   * with exit code -1 (no exit status was sent).
   */
  public int exec(String commandLine, InputStream in, OutputStream out, OutputStream err, boolean pty)
      throws InterruptedException {
    Execution execution = new Execution(pty);
    ShellState shell = ShellState.login(host.path("/root"), host.user(), host.hostname(), host.processes().allocatePid());
    CommandIo io = new CommandIo(in, new NonClosingOutput(out), new NonClosingOutput(pty ? out : err));
    int code = -1;
    try {
      code = runScript(commandLine, shell, io, execution);
      return code;
    } finally {
      if (execution.changed()) {
        host.journal().record(commandLine, code, "exec");
      }
    }
  }

  /** A command line run by a behaviour through {@link CommandContext#run}. */
  int runChild(String commandLine, ShellState parent, CommandIo io, Execution execution) throws InterruptedException {
    ShellState child = parent.child(parent.shellName, parent.dialect, parent.positional, parent.pid);
    return runScript(commandLine, child, io, execution);
  }

  private int runScript(String text, ShellState shell, CommandIo io, Execution execution) throws InterruptedException {
    CommandList list;
    try {
      list = ShellParser.parse(text);
    } catch (ShellSyntaxException e) {
      write(io.err(), shell.dialect.syntaxError(shell.shellName, e.getMessage()));
      return 2;
    }
    try {
      return runList(list, shell, io, execution);
    } catch (ShellExit e) {
      return e.code;
    }
  }

  private int runList(CommandList list, ShellState shell, CommandIo io, Execution execution) throws InterruptedException {
    for (Item item : list.items()) {
      if (item.background()) {
        startBackground(item, shell, io);
        shell.lastExit = 0;
      } else {
        shell.lastExit = runAndOr(item.andOr(), shell, io, execution);
      }
    }
    return shell.lastExit;
  }

  private void startBackground(Item item, ShellState shell, CommandIo io) {
    ShellState sub = shell.subshell();
    Execution job = new Execution(false);
    // POSIX: an asynchronous list's stdin is /dev/null; its output may outlive the channel
    CommandIo jobIo = new CommandIo(InputStream.nullInputStream(),
        new DetachedOutput(io.out()), new DetachedOutput(io.err()));
    int pid = host.processes().start(() -> {
      int code = -1;
      try {
        code = runAndOr(item.andOr(), sub, jobIo, job);
      } catch (ShellExit e) {
        code = e.code;
      } catch (InterruptedException | ConnectionDrop e) {
        code = 143; // killed with SIGTERM, as a shell would report it
      } finally {
        if (job.changed()) {
          host.journal().record(item.source(), code, "background");
        }
      }
      return code;
    });
    shell.lastBackgroundPid = String.valueOf(pid);
  }

  private int runAndOr(AndOr andOr, ShellState shell, CommandIo io, Execution execution) throws InterruptedException {
    int code = runPipeline(andOr.pipelines().get(0), shell, io, execution);
    for (int i = 1; i < andOr.pipelines().size(); i++) {
      String op = andOr.operators().get(i - 1);
      if ((op.equals("&&") && code == 0) || (op.equals("||") && code != 0)) {
        shell.lastExit = code;
        code = runPipeline(andOr.pipelines().get(i), shell, io, execution);
      }
    }
    return code;
  }

  private int runPipeline(Pipeline pipeline, ShellState shell, CommandIo io, Execution execution) throws InterruptedException {
    List<Command> commands = pipeline.commands();
    int code;
    if (commands.size() == 1) {
      code = runCommand(commands.get(0), shell, io, execution);
    } else {
      InputStream in = io.in();
      code = 0;
      for (int i = 0; i < commands.size(); i++) {
        boolean last = i == commands.size() - 1;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CommandIo stage = new CommandIo(in, last ? io.out() : buffer, io.err());
        // each stage of a real pipeline runs in a subshell: cd or variables do not leak
        code = runCommand(commands.get(i), shell.subshell(), stage, execution);
        in = new ByteArrayInputStream(buffer.toByteArray());
      }
    }
    return pipeline.negated() ? (code == 0 ? 1 : 0) : code;
  }

  private int runCommand(Command command, ShellState shell, CommandIo io, Execution execution)
      throws InterruptedException {
    if (command instanceof IfCommand ifCommand) {
      return redirected(ifCommand.redirects(), shell, io, execution,
          redirectedIo -> runIf(ifCommand, shell, redirectedIo, execution));
    }
    if (command instanceof GroupCommand group) {
      return redirected(group.redirects(), shell, io, execution,
          redirectedIo -> runList(group.body(), shell, redirectedIo, execution));
    }
    return runSimple((SimpleCommand) command, shell, io, execution);
  }

  /**
   * POSIX: the body of the first condition that exits 0 runs, else the else part; the status is
   * the body's, or 0 when no condition held and there is no else part.
   */
  private int runIf(IfCommand command, ShellState shell, CommandIo io, Execution execution)
      throws InterruptedException {
    for (int i = 0; i < command.conditions().size(); i++) {
      if (runList(command.conditions().get(i), shell, io, execution) == 0) {
        return runList(command.bodies().get(i), shell, io, execution);
      }
    }
    return command.elseBody() != null ? runList(command.elseBody(), shell, io, execution) : 0;
  }

  private int runSimple(SimpleCommand command, ShellState shell, CommandIo io, Execution execution)
      throws InterruptedException {
    shell.lastSubstitution = -1;
    List<String> argv = new ArrayList<>();
    for (Word w : command.words()) {
      argv.addAll(fields(w, shell, io, execution));
    }
    Map<String, String> assignments = new LinkedHashMap<>();
    for (Word w : command.assignments()) {
      String text = expandToString(w, shell, io, execution);
      int eq = text.indexOf('=');
      assignments.put(text.substring(0, eq), text.substring(eq + 1));
      if (argv.isEmpty()) {
        shell.vars.put(text.substring(0, eq), text.substring(eq + 1)); // a=1 b=$a: b sees the new a
      }
    }
    int substitution = shell.lastSubstitution;
    return redirected(command.redirects(), shell, io, execution, redirectedIo -> {
      if (argv.isEmpty()) {
        // POSIX: without a command name, the status of the last command substitution, else 0
        return Math.max(substitution, 0);
      }
      Map<String, String> env = assignments.isEmpty() ? shell.vars : merged(shell.vars, assignments);
      return runArgv(argv, env, shell, redirectedIo, execution);
    });
  }

  /** What runs once a command's redirections are in place. */
  private interface Redirected {
    int run(CommandIo io) throws InterruptedException, IOException;
  }

  /** Applies the redirections, runs the body with them, closes the files it opened. */
  private int redirected(List<Redirect> redirects, ShellState shell, CommandIo io, Execution execution, Redirected body)
      throws InterruptedException {
    Object[] fds = {io.in(), io.out(), io.err()};
    List<Closeable> opened = new ArrayList<>();
    try {
      for (Redirect r : redirects) {
        String error = redirect(r, expandToString(r.target(), shell, io, execution), fds, opened, shell, execution);
        if (error != null) {
          write(io.err(), shell.dialect.error(shell.shellName, error));
          return shell.dialect == ShellDialect.DASH ? 2 : 1;
        }
      }
      return body.run(new CommandIo((InputStream) fds[0], (OutputStream) fds[1], (OutputStream) fds[2]));
    } catch (IOException e) {
      write(io.err(), shell.dialect.error(shell.shellName, e.getMessage()));
      return 1;
    } finally {
      for (Closeable c : opened) {
        try {
          c.close();
        } catch (IOException ignored) {
          // the command's result stands; a close failure on an in-memory file is not news
        }
      }
    }
  }

  private static Map<String, String> merged(Map<String, String> vars, Map<String, String> assignments) {
    Map<String, String> env = new HashMap<>(vars);
    env.putAll(assignments);
    return env;
  }

  /** Applies one redirection to the descriptor table; returns an error message or null. */
  private String redirect(Redirect r, String target, Object[] fds, List<Closeable> opened, ShellState shell,
      Execution execution) throws IOException {
    if (r.fd() > 2) {
      return r.fd() + ": descriptors above 2 are not supported by the lab shell";
    }
    switch (r.operator()) {
      case ">&", "<&" -> {
        if (target.equals("-")) {
          fds[r.fd()] = r.fd() == 0 ? InputStream.nullInputStream() : OutputStream.nullOutputStream();
        } else if (target.matches("[0-2]") && (r.fd() == 0) == target.equals("0")) {
          fds[r.fd()] = fds[Integer.parseInt(target)];
        } else {
          return target + ": bad file descriptor";
        }
        return null;
      }
      case "<" -> {
        if (target.equals("/dev/null")) {
          fds[r.fd()] = InputStream.nullInputStream();
          return null;
        }
        Path p = shell.resolve(target);
        if (!Files.isRegularFile(p)) {
          return target + ": No such file or directory";
        }
        InputStream in = Files.newInputStream(p);
        opened.add(in);
        fds[r.fd()] = in;
        return null;
      }
      default -> { // > and >>
        if (r.fd() == 0) {
          return "0: output redirection of stdin is not supported by the lab shell";
        }
        if (target.equals("/dev/null")) {
          fds[r.fd()] = OutputStream.nullOutputStream();
          return null;
        }
        Path p = shell.resolve(target);
        if (Files.isDirectory(p)) {
          return target + ": Is a directory";
        }
        if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
          return shell.dialect == ShellDialect.DASH
              ? "cannot create " + target + ": Directory nonexistent"
              : target + ": No such file or directory";
        }
        OutputStream out = r.operator().equals(">>")
            ? Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
            : Files.newOutputStream(p);
        execution.markChanged();
        opened.add(out);
        fds[r.fd()] = new NonClosingOutput(out);
        return null;
      }
    }
  }

  private int runArgv(List<String> argv, Map<String, String> env, ShellState shell, CommandIo io, Execution execution)
      throws InterruptedException, IOException {
    Optional<Fault> fault = host.faults().match(argv);
    if (fault.isPresent()) {
      return inject(fault.get(), io);
    }
    String program = argv.get(0);
    switch (program) {
      case "cd":
        return cd(argv, shell, io);
      case "exit":
        throw new ShellExit(argv.size() > 1 ? parseExit(argv.get(1)) : shell.lastExit);
      case ":":
        return 0;
      case "umask":
        return umask(argv, shell, io);
      case "sh", "bash":
        return shell(argv, shell.withEnvironment(env), io, execution);
      case "setsid", "nohup", "exec":
        // in the lab every job is already detached from the session, and hangups do not exist
        if (argv.size() == 1) {
          write(io.err(), program + ": missing operand\n");
          return 1;
        }
        return runArgv(argv.subList(1, argv.size()), env, shell, io, execution);
      case "export":
        for (String a : argv.subList(1, argv.size())) {
          int eq = a.indexOf('=');
          if (eq > 0) {
            shell.vars.put(a.substring(0, eq), a.substring(eq + 1));
          }
        }
        return 0;
      default:
        break;
    }
    Optional<LabCommand> command = lookup(program, shell);
    if (command.isPresent()) {
      CommandContext ctx = new CommandContext(argv, io, shell, env, host, execution, this);
      try {
        return command.get().run(ctx);
      } catch (InterruptedException | ConnectionDrop | ShellExit e) {
        throw e;
      } catch (NoSuchFileException e) {
        return ctx.fail(1, e.getFile() + ": No such file or directory");
      } catch (Exception e) {
        return ctx.fail(1, String.valueOf(e.getMessage()));
      }
    }
    if (program.contains("/")) {
      Path script = shell.resolve(program);
      if (Files.isRegularFile(script)) {
        return runScriptFile(script, program, argv.subList(1, argv.size()), shell.withEnvironment(env), io, execution,
            shell.shellName, shell.dialect);
      }
      write(io.err(), shell.dialect.error(shell.shellName, program + ": No such file or directory"));
      return 127;
    }
    write(io.err(), shell.dialect.notFound(shell.shellName, program));
    return 127;
  }

  private Optional<LabCommand> lookup(String program, ShellState shell) {
    Optional<LabCommand> c = registry.find(program);
    if (c.isPresent() || !program.contains("/")) {
      return c;
    }
    String absolute = shell.resolve(program).toString();
    c = registry.find(absolute);
    if (c.isPresent()) {
      return c;
    }
    for (String dir : BIN_DIRS) {
      if (absolute.startsWith(dir) && absolute.indexOf('/', dir.length()) < 0) {
        return registry.find(absolute.substring(dir.length()));
      }
    }
    return Optional.empty();
  }

  private int inject(Fault fault, CommandIo io) throws InterruptedException {
    if (fault instanceof Fault.Fail fail) {
      String text = fail.stderr() == null ? "" : fail.stderr();
      write(io.err(), text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
      return fail.exitCode();
    }
    if (fault instanceof Fault.Drop) {
      throw new ConnectionDrop();
    }
    new CountDownLatch(1).await(); // Hang: until the channel closes or the job is killed
    throw new InterruptedException("unreachable");
  }

  private int cd(List<String> argv, ShellState shell, CommandIo io) {
    String target = argv.size() > 1 ? argv.get(1) : shell.vars.getOrDefault("HOME", "/root");
    Path p = shell.resolve(target);
    if (!Files.isDirectory(p)) {
      write(io.err(), shell.dialect == ShellDialect.DASH
          ? shell.shellName + ": 1: cd: can't cd to " + target + "\n"
          : shell.shellName + ": cd: " + target + ": No such file or directory\n");
      return shell.dialect == ShellDialect.DASH ? 2 : 1;
    }
    shell.cwd = p;
    shell.vars.put("PWD", p.toString());
    return 0;
  }

  /** {@code sh -c 'text' [name args...]}, {@code bash script [args...]}, or a script on stdin. */
  private int shell(List<String> argv, ShellState shell, CommandIo io, Execution execution)
      throws InterruptedException, IOException {
    String name = argv.get(0);
    ShellDialect dialect = name.equals("sh") && host.os() == OsFamily.UBUNTU ? ShellDialect.DASH : ShellDialect.BASH;
    List<String> args = argv.subList(1, argv.size());
    if (!args.isEmpty() && args.get(0).equals("-c")) {
      if (args.size() < 2) {
        write(io.err(), name + ": -c: option requires an argument\n");
        return 2;
      }
      List<String> positional = new ArrayList<>();
      positional.add(args.size() > 2 ? args.get(2) : name);
      if (args.size() > 3) {
        positional.addAll(args.subList(3, args.size()));
      }
      ShellState child = shell.child(name, dialect, positional, host.processes().allocatePid());
      return runScript(args.get(1), child, io, execution);
    }
    if (!args.isEmpty() && args.get(0).startsWith("-")) {
      write(io.err(), name + ": " + args.get(0) + ": option not supported by the lab shell\n");
      return 2;
    }
    if (args.isEmpty()) {
      String script = new String(io.in().readAllBytes(), StandardCharsets.UTF_8);
      ShellState child = shell.child(name, dialect, List.of(name), host.processes().allocatePid());
      return runScript(script, child, io.withIn(InputStream.nullInputStream()), execution);
    }
    String file = args.get(0);
    // "bash script.sh" is how scripts are run: faults aimed at the script apply here too
    Optional<Fault> fault = host.faults().match(args);
    if (fault.isPresent()) {
      return inject(fault.get(), io);
    }
    Optional<LabCommand> behaviour = registry.find(shell.resolve(file).toString());
    Path script = shell.resolve(file);
    if (!Files.isRegularFile(script)) {
      write(io.err(), dialect == ShellDialect.DASH
          ? name + ": 0: cannot open " + file + ": No such file\n"
          : name + ": " + file + ": No such file or directory\n");
      return 127;
    }
    if (behaviour.isPresent()) {
      List<String> scriptArgv = new ArrayList<>(args);
      scriptArgv.set(0, script.toString());
      return runArgv(scriptArgv, shell.vars, shell, io, execution);
    }
    return runScriptFile(script, file, args.subList(1, args.size()), shell, io, execution, name, dialect);
  }

  /** A script on the host without a registered behaviour is run by the lab shell itself. */
  private int runScriptFile(Path script, String name, List<String> args, ShellState shell, CommandIo io,
      Execution execution, String shellName, ShellDialect dialect) throws InterruptedException, IOException {
    List<String> positional = new ArrayList<>();
    positional.add(name);
    positional.addAll(args);
    ShellState child = shell.child(shellName, dialect, positional, host.processes().allocatePid());
    return runScript(Files.readString(script), child, io, execution);
  }

  /** {@code umask} prints the mask, {@code umask 077} sets it (octal only); recorded in the shell. */
  private static int umask(List<String> argv, ShellState shell, CommandIo io) {
    if (argv.size() == 1) {
      write(io.out(), String.format("%04o%n", shell.umask));
      return 0;
    }
    String mask = argv.get(1);
    if (argv.size() > 2 || !mask.matches("[0-7]{1,4}")) {
      write(io.err(), shell.dialect.error(shell.shellName,
          "umask: " + mask + ": octal number out of range (the lab shell takes octal masks only)"));
      return 1;
    }
    shell.umask = Integer.parseInt(mask, 8) & 0777;
    return 0;
  }

  private static int parseExit(String s) {
    try {
      return Integer.parseInt(s) & 0xff;
    } catch (NumberFormatException e) {
      return 2;
    }
  }

  // ---- expansion

  /**
   * The fields a word expands to: literal and quoted text is kept as written; the results of
   * parameter expansion and command substitution outside double quotes are split at blanks, so
   * an unquoted expansion to nothing disappears; {@code "$@"} gives one field per argument.
   */
  private List<String> fields(Word w, ShellState shell, CommandIo io, Execution execution) throws InterruptedException {
    return expandWord(w, shell, io, execution, new Fields(true)).finish();
  }

  /** The word as one string, without field splitting: assignments and redirection targets. */
  private String expandToString(Word w, ShellState shell, CommandIo io, Execution execution)
      throws InterruptedException {
    List<String> fields = expandWord(w, shell, io, execution, new Fields(false)).finish();
    return fields.isEmpty() ? "" : fields.get(0);
  }

  private Fields expandWord(Word w, ShellState shell, CommandIo io, Execution execution, Fields f)
      throws InterruptedException {
    for (Word.Part p : w.parts()) {
      if (p.isSubstitution()) {
        String value = substitute(p.substitution(), shell, io, execution);
        if (p.quoted()) {
          f.literal(value);
        } else {
          f.unquoted(value);
        }
      } else if (!p.expand()) {
        f.literal(p.text());
      } else {
        expandParameters(p, shell, f);
      }
    }
    return f;
  }

  /** {@code $(...)}: the commands run in a subshell; their output minus trailing newlines. */
  private String substitute(CommandList commands, ShellState shell, CommandIo io, Execution execution)
      throws InterruptedException {
    ShellState sub = shell.subshell();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int code;
    try {
      code = runList(commands, sub, new CommandIo(io.in(), buffer, io.err()), execution);
    } catch (ShellExit e) {
      code = e.code;
    }
    shell.lastSubstitution = code;
    String out = buffer.toString(StandardCharsets.UTF_8);
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == '\n') {
      end--;
    }
    return out.substring(0, end);
  }

  private static void expandParameters(Word.Part part, ShellState shell, Fields f) {
    String text = part.text();
    boolean quoted = part.quoted();
    if (quoted && !text.equals("$@") && !text.equals("${@}")) {
      f.mark(); // "" is a field even when empty; "$@" without arguments is none
    }
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        f.literal(String.valueOf(c));
        i++;
        continue;
      }
      char n = text.charAt(i + 1);
      String name;
      if (n == '{') {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          f.literal(text.substring(i));
          return;
        }
        name = text.substring(i + 2, close);
        i = close + 1;
      } else if (n == '?' || n == '!' || n == '$' || n == '#' || n == '@' || n == '*' || Character.isDigit(n)) {
        name = String.valueOf(n);
        i += 2;
      } else if (Character.isLetter(n) || n == '_') {
        int end = i + 1;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        name = text.substring(i + 1, end);
        i = end;
      } else {
        f.literal("$");
        i++;
        continue;
      }
      if (name.equals("@") && quoted) {
        f.arguments(shell.positional.subList(1, shell.positional.size()));
      } else if (quoted) {
        f.literal(parameter(name, shell));
      } else {
        f.unquoted(parameter(name, shell));
      }
    }
  }

  /** Fields under construction; without splitting, everything goes into one string. */
  private static final class Fields {

    private final boolean split;
    private final List<String> done = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private boolean pending;

    Fields(boolean split) {
      this.split = split;
    }

    void literal(String text) {
      current.append(text);
      pending = true;
    }

    void mark() {
      pending = true;
    }

    /** The result of an unquoted expansion: blanks delimit fields and are dropped. */
    void unquoted(String value) {
      if (!split) {
        current.append(value);
        return;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n') {
          if (pending) {
            done.add(current.toString());
            current.setLength(0);
            pending = false;
          }
        } else {
          current.append(c);
          pending = true;
        }
      }
    }

    /** {@code "$@"}: each argument its own field, the first and last joined to what surrounds them. */
    void arguments(List<String> args) {
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          if (split) {
            done.add(current.toString());
            current.setLength(0);
          } else {
            current.append(' ');
          }
        }
        literal(args.get(i));
      }
    }

    List<String> finish() {
      if (pending || !split && !current.isEmpty()) {
        done.add(current.toString());
      }
      return done;
    }
  }

  private static String parameter(String name, ShellState shell) {
    switch (name) {
      case "?":
        return String.valueOf(shell.lastExit);
      case "!":
        return shell.lastBackgroundPid;
      case "$":
        return String.valueOf(shell.pid);
      case "#":
        return String.valueOf(shell.positional.size() - 1);
      case "@", "*":
        return String.join(" ", shell.positional.subList(1, shell.positional.size()));
      default:
        break;
    }
    if (name.chars().allMatch(Character::isDigit)) {
      int index = Integer.parseInt(name);
      return index < shell.positional.size() ? shell.positional.get(index) : "";
    }
    return shell.vars.getOrDefault(name, "");
  }

  private static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException ignored) {
      // the client is gone; nobody is left to read the message
    }
  }
}
