package org.upgradeflow.clouddb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.DumpVerifier.Verification;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.JobStart;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Backups of the CloudStack databases on the database host, over SSH, for steps that are short
 * Camunda jobs: {@link #start} and {@link #poll} each make a handful of short remote calls; the
 * dumps themselves run as detached jobs on the host.
 *
 * <ul>
 *   <li>Files: {@link BackupPlan} names them from the environment and the instant the backup was
 *       first started ({@code takenAt}, kept by the caller in a process variable), so a retried
 *       step finds the files of its first attempt.</li>
 *   <li>Once only: a dump whose file exists and verifies (trailer, recorded checksum) is not
 *       taken again; a running dump is not started twice (job ids derive from the run id and the
 *       database, numbered per attempt); a failed or lost dump is started again as the next
 *       attempt by the next {@link #start}.</li>
 *   <li>Complete means: the dump client exited 0, the file ends with
 *       {@value DumpVerifier#TRAILER}, its sha256 was recorded next to it, and only then was it
 *       renamed to its final name; {@link #poll} re-reads size and trailer every time.</li>
 *   <li>Credentials: a MySQL option file, mode 0600 in a 0700 directory, written over SFTP and
 *       deleted once no dump (or restore) of it runs. No password on a command line, in a job's
 *       files, in logs or in exceptions.</li>
 * </ul>
 */
@Component
public class DatabaseBackups {

  private static final Logger log = LoggerFactory.getLogger(DatabaseBackups.class);

  /** Lines of a job's output kept as the tail in statuses. */
  static final int TAIL_LINES = 20;
  /** Attempts per database and run; beyond that a person has to look. */
  static final int MAX_ATTEMPTS = 10;

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final RemoteShell shell;
  private final CloudDbProperties properties;

  public DatabaseBackups(RemoteShell shell, CloudDbProperties properties) {
    this.shell = Objects.requireNonNull(shell, "shell");
    this.properties = Objects.requireNonNull(properties, "properties");
  }

  // ---------------------------------------------------------------- backup

  /**
   * Starts the dumps of {@code cloud} and {@code cloud_usage} that are neither complete nor
   * running. Safe to call again with the same arguments.
   *
   * @param runId   identifies the run (e.g. the process instance id), {@code [A-Za-z0-9._-]}
   * @param takenAt the instant of the first call, passed again on retries
   */
  public BackupStart start(Environment env, String runId, Instant takenAt) {
    return start(env, runId, BackupPlan.create(properties, env.id(), takenAt));
  }

  /** {@link #start} for the databases the id names ({@code cloud}, perhaps {@code cloud_usage}). */
  public BackupStart start(Environment env, String runId, BackupId id) {
    return start(env, runId, BackupPlan.create(properties, env.id(), id));
  }

  private BackupStart start(Environment env, String runId, BackupPlan plan) {
    checkRunId(runId);
    RemoteTarget target = databaseHost(env);
    List<BackupStart.Dump> results = new ArrayList<>();
    List<MysqldumpCommand> toStart = new ArrayList<>();
    List<String> toStartIds = new ArrayList<>();
    for (MysqldumpCommand dump : plan.dumps()) {
      String prefix = backupJobPrefix(runId, dump.database());
      Attempt latest = latestAttempt(target, prefix);
      if (latest != null && latest.status().state() == JobStatus.State.RUNNING) {
        results.add(new BackupStart.Dump(dump.database(), dump.targetFile(),
            BackupStart.Action.ALREADY_RUNNING, latest.status().jobId()));
      } else if (inspect(target, dump.targetFile()).complete()) {
        log.info("{}: backup {} of {} exists and is complete; not taken again", target.name(),
            dump.targetFile(), dump.database());
        results.add(new BackupStart.Dump(dump.database(), dump.targetFile(),
            BackupStart.Action.ALREADY_COMPLETE, latest == null ? null : latest.status().jobId()));
      } else {
        toStart.add(dump);
        toStartIds.add(nextAttemptId(prefix, latest, dump.database()));
        results.add(null); // filled in below, keeping database order
      }
    }
    if (!toStart.isEmpty()) {
      writeOptionFile(target, plan.backupDir(), plan.optionFile(), env);
      int next = 0;
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) != null) {
          continue;
        }
        MysqldumpCommand dump = toStart.get(next);
        String jobId = toStartIds.get(next++);
        JobStart started = shell.startJob(target, jobId,
            BackupScripts.dump(properties.mysqldumpCommand(), dump));
        results.set(i, new BackupStart.Dump(dump.database(), dump.targetFile(),
            started.started() ? BackupStart.Action.STARTED : BackupStart.Action.ALREADY_RUNNING,
            jobId));
      }
    }
    return new BackupStart(target.name(), results);
  }

  /**
   * Where the backup of this run stands. Once no dump runs any more, the option file is deleted.
   */
  public BackupStatus poll(Environment env, String runId, Instant takenAt) {
    return poll(env, runId, BackupPlan.create(properties, env.id(), takenAt));
  }

  /** {@link #poll} for the databases the id names. */
  public BackupStatus poll(Environment env, String runId, BackupId id) {
    return poll(env, runId, BackupPlan.create(properties, env.id(), id));
  }

  private BackupStatus poll(Environment env, String runId, BackupPlan plan) {
    checkRunId(runId);
    RemoteTarget target = databaseHost(env);
    List<BackupStatus.Dump> dumps = new ArrayList<>();
    for (MysqldumpCommand dump : plan.dumps()) {
      dumps.add(dumpStatus(target, runId, dump));
    }
    boolean running = dumps.stream().anyMatch(d -> d.state() == BackupStatus.State.RUNNING);
    if (running) {
      return new BackupStatus(BackupStatus.State.RUNNING, dumps);
    }
    shell.exec(target, BackupScripts.remove(plan.optionFile())).requireSuccess();
    boolean failed = dumps.stream().anyMatch(d -> d.state() == BackupStatus.State.FAILED);
    BackupStatus status = new BackupStatus(
        failed ? BackupStatus.State.FAILED : BackupStatus.State.COMPLETE, dumps);
    log.info("{}: backup of run {}: {}", target.name(), runId, status.state());
    return status;
  }

  private BackupStatus.Dump dumpStatus(RemoteTarget target, String runId, MysqldumpCommand dump) {
    Attempt latest = latestAttempt(target, backupJobPrefix(runId, dump.database()));
    String jobId = latest == null ? null : latest.status().jobId();
    String tail = latest == null ? null : latest.status().logTail();
    if (latest != null && latest.status().state() == JobStatus.State.RUNNING) {
      return new BackupStatus.Dump(dump.database(), BackupStatus.State.RUNNING, jobId, null, tail,
          null);
    }
    FileCheck file = inspect(target, dump.targetFile());
    if (file.complete()) {
      BackupRecord record = new BackupRecord(target.name(), dump.database(), dump.targetFile(),
          file.size(), file.sha256(), file.verification().reason());
      return new BackupStatus.Dump(dump.database(), BackupStatus.State.COMPLETE, jobId, null,
          tail, record);
    }
    String reason;
    if (latest == null) {
      reason = "no dump was started for this run (" + file.problem() + ")";
    } else if (latest.status().state() == JobStatus.State.LOST) {
      reason = "the dump job " + jobId + " ended without an exit code (killed, or the host"
          + " rebooted)";
    } else if (!latest.status().succeeded()) {
      reason = "the dump job " + jobId + " exited with " + latest.status().exitCode();
    } else {
      reason = "the dump job " + jobId + " succeeded but " + dump.targetFile()
          + " is not complete: " + file.problem();
    }
    return new BackupStatus.Dump(dump.database(), BackupStatus.State.FAILED, jobId, reason, tail,
        null);
  }

  // ---------------------------------------------------------------- restore

  /**
   * Starts restoring one database from its backup (rollback path): the file is checked against
   * the recorded sha256, the database dropped and created empty, then loaded. Safe to call again:
   * a running or completed restore with this id is not started again; a failed one is started
   * as the next attempt.
   *
   * @param restoreId the same on retries of one restore; a new one for a new rollback
   */
  public RestoreStatus startRestore(Environment env, String restoreId, BackupRecord record) {
    checkRunId(restoreId);
    RemoteTarget target = databaseHost(env);
    checkRecord(target, record);
    String prefix = restoreJobPrefix(restoreId, record.database());
    Attempt latest = latestAttempt(target, prefix);
    if (latest != null && (latest.status().state() == JobStatus.State.RUNNING
        || latest.status().succeeded())) {
      log.info("{}: restore {} of {} was started before ({}); not started again", target.name(),
          restoreId, record.database(), latest.status().state());
      return restoreStatus(record, latest, false);
    }
    String jobId = nextAttemptId(prefix, latest, record.database());
    String optionFile = restoreOptionFile(env, restoreId, record.database());
    writeOptionFile(target, BackupPlan.directory(properties), optionFile, env);
    JobStart started = shell.startJob(target, jobId, BackupScripts.restore(
        properties.mysqlCommand(), optionFile, record.database(), record.file(), record.sha256()));
    return new RestoreStatus(record.database(), RestoreStatus.State.RUNNING, jobId,
        started.started(), null, null);
  }

  /** Where the restore stands; deletes its option file once it is no longer running. */
  public RestoreStatus pollRestore(Environment env, String restoreId, BackupRecord record) {
    checkRunId(restoreId);
    RemoteTarget target = databaseHost(env);
    checkRecord(target, record);
    Attempt latest = latestAttempt(target, restoreJobPrefix(restoreId, record.database()));
    RestoreStatus status = restoreStatus(record, latest, false);
    if (status.state() != RestoreStatus.State.RUNNING) {
      shell.exec(target, BackupScripts.remove(restoreOptionFile(env, restoreId,
          record.database()))).requireSuccess();
      log.info("{}: restore {} of {}: {}", target.name(), restoreId, record.database(),
          status.state());
    }
    return status;
  }

  private static RestoreStatus restoreStatus(BackupRecord record, Attempt latest,
      boolean started) {
    if (latest == null) {
      return new RestoreStatus(record.database(), RestoreStatus.State.FAILED, null, started,
          "no restore was started", null);
    }
    JobStatus s = latest.status();
    RestoreStatus.State state = switch (s.state()) {
      case RUNNING -> RestoreStatus.State.RUNNING;
      case FINISHED -> s.succeeded() ? RestoreStatus.State.COMPLETE : RestoreStatus.State.FAILED;
      default -> RestoreStatus.State.FAILED;
    };
    String reason = state != RestoreStatus.State.FAILED ? null
        : s.state() == JobStatus.State.LOST
            ? "the restore job " + s.jobId() + " ended without an exit code"
            : "the restore job " + s.jobId() + " exited with " + s.exitCode();
    return new RestoreStatus(record.database(), state, s.jobId(), started, reason, s.logTail());
  }

  private void checkRecord(RemoteTarget target, BackupRecord record) {
    Objects.requireNonNull(record, "record");
    if (!record.database().equals(properties.database())
        && !record.database().equals(properties.usageDatabase())) {
      throw new IllegalArgumentException("not a database this service backs up: "
          + record.database());
    }
    if (!record.host().equals(target.name())) {
      throw new IllegalArgumentException("the backup is on " + record.host()
          + ", the database host is " + target.name());
    }
  }

  private String restoreOptionFile(Environment env, String restoreId, String database) {
    return BackupPlan.directory(properties) + "/." + env.id() + "-restore-" + restoreId + "-"
        + database + ".cnf";
  }

  // ---------------------------------------------------------------- management server key

  /**
   * The management server key (the password of CloudStack's own encryption) read over SFTP from
   * the key file of the source version (for 4.0 also where the upgraded packages put it). It
   * stays in memory: nothing is written or logged. None found: the source path's error.
   */
  public Secret readManagementKey(Environment env, Host managementServer, String sourceVersion) {
    RemoteTarget target = RemoteTarget.of(env, managementServer.name());
    RemoteShellException first = null;
    for (String path : ManagementServerKey.candidatesFor(sourceVersion)) {
      try {
        return readKeyFile(target, path);
      } catch (RemoteShellException e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }

  Secret readKeyFile(RemoteTarget target, String path) {
    String content = shell.readFile(target, path);
    try {
      return ManagementServerKey.fromFileContent(content);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(path + " on " + target.name() + ": " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- shared

  private static void checkRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("run id must be 1-64 of [A-Za-z0-9._-]: " + runId);
    }
  }

  static RemoteTarget databaseHost(Environment env) {
    List<Host> hosts = env.hosts(HostRole.DATABASE_HOST);
    if (hosts.size() != 1) {
      throw new IllegalArgumentException("environment " + env.id()
          + " must list exactly one database host for backups; it lists " + hosts.size());
    }
    return new RemoteTarget(hosts.get(0), env.knownHosts());
  }

  private static String backupJobPrefix(String runId, String database) {
    return "dbbackup-" + runId + "-" + database;
  }

  private static String restoreJobPrefix(String restoreId, String database) {
    return "dbrestore-" + restoreId + "-" + database;
  }

  private record Attempt(int number, JobStatus status) {
  }

  /** The last attempt started (attempts are numbered 1, 2, ... without gaps), or null. */
  private Attempt latestAttempt(RemoteTarget target, String prefix) {
    Attempt last = null;
    for (int n = 1; n <= MAX_ATTEMPTS; n++) {
      JobStatus s = shell.jobStatus(target, prefix + "-" + n, TAIL_LINES);
      if (s.state() == JobStatus.State.NOT_FOUND) {
        break;
      }
      last = new Attempt(n, s);
    }
    return last;
  }

  private static String nextAttemptId(String prefix, Attempt latest, String database) {
    int next = latest == null ? 1 : latest.number() + 1;
    if (next > MAX_ATTEMPTS) {
      throw new IllegalStateException(database + ": " + MAX_ATTEMPTS + " attempts failed ("
          + prefix + "-1.." + MAX_ATTEMPTS + "); see their output on the database host");
    }
    return prefix + "-" + next;
  }

  /**
   * The option file with the environment's database credentials, mode 0600 in a 0700
   * directory. Any earlier file of that name is removed first, so no backup copy of older
   * credentials is left by the write.
   */
  private void writeOptionFile(RemoteTarget target, String directory, String optionFile,
      Environment env) {
    DatabaseEndpoint db = env.database();
    if (db == null) {
      throw new IllegalArgumentException("environment " + env.id() + " has no database endpoint");
    }
    shell.exec(target, BackupScripts.prepare(directory, optionFile)).requireSuccess();
    Secret content = MysqlOptionFile.content(db.user(), db.password(), db.host(), db.port());
    shell.writeFile(target, optionFile, content.reveal());
    String mode = shell.exec(target, BackupScripts.protect(optionFile)).requireSuccess().stdout()
        .strip();
    if (!mode.equals("600")) {
      shell.exec(target, BackupScripts.remove(optionFile));
      throw new RemoteShellException("the option file " + optionFile + " on " + target.name()
          + " has mode " + mode + " after chmod 600; removed it");
    }
  }

  /** What is known about a dump file on the host. */
  record FileCheck(boolean present, long size, String sha256, Verification verification) {

    boolean complete() {
      return present && sha256 != null && verification.complete();
    }

    String problem() {
      if (!present) {
        return "the file does not exist";
      }
      if (!verification.complete()) {
        return verification.reason();
      }
      return sha256 == null ? "no checksum was recorded for it" : "none";
    }
  }

  private FileCheck inspect(RemoteTarget target, String file) {
    ExecResult r = shell.exec(target, BackupScripts.inspect(file)).requireSuccess();
    return parseInspection(r.stdout());
  }

  static FileCheck parseInspection(String output) {
    int mark = output.indexOf(BackupScripts.TAIL_MARK);
    String head = mark < 0 ? output : output.substring(0, mark);
    String tail = mark < 0 ? "" : output.substring(mark + BackupScripts.TAIL_MARK.length())
        .replaceFirst("^\r?\n", "");
    boolean present = false;
    long size = -1;
    String sha256 = null;
    for (String line : head.split("\n")) {
      String l = line.strip();
      if (l.equals("state=present")) {
        present = true;
      } else if (l.startsWith("size=") && l.length() > 5) {
        size = Long.parseLong(l.substring(5));
      } else if (l.startsWith("sha256=")) {
        String first = l.substring(7).strip().split("\\s+", 2)[0];
        sha256 = SHA256.matcher(first).matches() ? first : null;
      }
    }
    if (present && (size < 0 || mark < 0)) {
      throw new RemoteShellException("unreadable inspection of a dump file: "
          + head.strip().replaceAll("\\s+", " "));
    }
    return new FileCheck(present, Math.max(size, 0), sha256,
        present ? DumpVerifier.verifyTail(tail) : new Verification(false, "missing"));
  }
}
