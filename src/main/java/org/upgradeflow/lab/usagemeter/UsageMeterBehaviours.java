package org.upgradeflow.lab.usagemeter;

import static org.upgradeflow.lab.usagemeter.UsageMeterAppliance.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.WeakHashMap;
import java.util.stream.Stream;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;
import org.upgradeflow.lab.command.LabCommandRegistry;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;

/**
 * The Usage Meter appliance's programs on Photon hosts: {@code mount}/{@code umount}/
 * {@code mountpoint} (loop mounts of the upgrade ISO), {@code scripts/status.sh}, the 4.3
 * {@code ums-system-upgrade.shar} and the ISO's {@code upgrade-um.sh}. All state lives in the
 * host model (files, packages, services), so a reset undoes everything.
 */
public final class UsageMeterBehaviours {

  private static final String LOOP = "/dev/loop0";
  private static final Set<LabHostState> BOOT_HOOKED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  /** The running upgrade-um.sh processes per host (PID to command line), for {@code pgrep}. */
  private static final Map<LabHostState, Map<Integer, String>> RUNNING = Collections.synchronizedMap(new WeakHashMap<>());

  private UsageMeterBehaviours() {
  }

  public static void register(LabCommandRegistry photon) {
    LabCommand sha1sum = photon.find("sha1sum").orElseThrow();
    photon.register("sha1sum", ctx -> ctx.args().contains(CDROM) && !cdromHasMedium(ctx) ? ctx.fail(1, CDROM + ": No medium found")
            : sha1sum.run(ctx))
        .register("pgrep", UsageMeterBehaviours::pgrep)
        .register("mount", UsageMeterBehaviours::mount)
        .register("umount", UsageMeterBehaviours::umount)
        .register("mountpoint", UsageMeterBehaviours::mountpoint)
        .register(STATUS_SCRIPT, UsageMeterBehaviours::status)
        .register(SHAR_PATH, UsageMeterBehaviours::shar)
        .register(UPGRADE_SCRIPT, UsageMeterBehaviours::upgradeUm);
  }

  // ---- mounts -------------------------------------------------------------------------------

  private record Mount(String source, String target, String type, String options) {
    String line() {
      return source + " " + target + " " + type + " " + options + " 0 0\n";
    }
  }

  private static List<Mount> mounts(LabHostState h) throws IOException {
    Path p = h.path(MOUNTS);
    List<Mount> list = new ArrayList<>();
    if (!Files.isRegularFile(p)) {
      return list;
    }
    for (String line : Files.readAllLines(p)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4) {
        list.add(new Mount(f[0], f[1], f[2], f[3]));
      }
    }
    return list;
  }

  private static void writeMounts(LabHostState h, List<Mount> mounts) throws IOException {
    StringBuilder sb = new StringBuilder();
    mounts.forEach(m -> sb.append(m.line()));
    Files.createDirectories(h.path(MOUNTS).getParent());
    Files.writeString(h.path(MOUNTS), sb.toString());
  }

  /** {@code mount}, {@code mount [-o loop] [-t iso9660] SOURCE DIR} for the upgrade ISO (file or CD-ROM). */
  static int mount(CommandContext ctx) throws Exception {
    LabHostState h = ctx.host();
    List<String> words = new ArrayList<>();
    List<String> args = ctx.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-o") || a.equals("-t")) {
        i++;
      } else if (a.startsWith("-")) {
        return ctx.fail(1, "the lab knows mount [-o loop] [-t iso9660] SOURCE DIR");
      } else {
        words.add(a);
      }
    }
    if (words.isEmpty()) {
      for (Mount m : mounts(h)) {
        ctx.print(m.source() + " on " + m.target() + " type " + m.type() + " (" + m.options() + ")\n");
      }
      return 0;
    }
    if (words.size() != 2) {
      return ctx.fail(1, "the lab knows mount [-o loop] [-t iso9660] SOURCE DIR");
    }
    Path source = ctx.path(words.get(0));
    Path target = ctx.path(words.get(1));
    String dir = target.toString();
    if (!Files.isDirectory(target)) {
      return ctx.fail(32, dir + ": mount point does not exist.");
    }
    List<Mount> mounts = mounts(h);
    for (Mount m : mounts) {
      if (m.target().equals(dir)) {
        return ctx.fail(32, dir + ": " + m.source() + " already mounted on " + dir + ".");
      }
    }
    if (!Files.exists(source)) {
      return ctx.fail(32, dir + ": special device " + words.get(0) + " does not exist.");
    }
    String isoName;
    if (source.toString().equals(CDROM)) {
      if (!cdromHasMedium(ctx)) {
        return ctx.fail(32, dir + ": no medium found on /dev/sr0.");
      }
      isoName = Files.readString(h.path(CDROM_MEDIUM)).strip();
    } else {
      isoName = source.getFileName().toString();
    }
    Iso iso = Iso.parse(isoName);
    if (iso == null || Files.isDirectory(source)) {
      return ctx.fail(32, dir + ": wrong fs type, bad option, bad superblock on " + LOOP
          + ", missing codepage or helper program, or other error.");
    }
    Files.writeString(target.resolve(UPGRADE_SCRIPT_NAME), upgradeScriptText(iso));
    Files.writeString(target.resolve("RELEASE"), "vCloud Usage Meter " + iso.release() + " build " + iso.build() + "\n");
    mounts.add(new Mount(LOOP, dir, "iso9660", "ro,relatime"));
    writeMounts(h, mounts);
    hookBoot(h);
    ctx.stateChanged();
    ctx.printErr("mount: " + dir + ": WARNING: source write-protected, mounted read-only.\n");
    return 0;
  }

  /** The script file a mounted ISO shows; {@code upgrade-um.sh} reads its release and build from it. */
  static String upgradeScriptText(Iso iso) {
    return "#!/bin/bash\n# vCloud Usage Meter in-place upgrade (lab: answered by the lab)\nUM_VERSION="
        + iso.release() + "\nUM_BUILD=" + iso.build() + "\n";
  }

  /** {@code umount DIR|SOURCE}. */
  static int umount(CommandContext ctx) throws Exception {
    List<String> words = ctx.args().stream().filter(a -> !a.startsWith("-")).toList();
    if (words.size() != 1) {
      return ctx.fail(1, "the lab knows umount DIR");
    }
    String dir = ctx.path(words.get(0)).toString();
    List<Mount> mounts = mounts(ctx.host());
    Mount m = mounts.stream().filter(x -> x.target().equals(dir) || x.source().equals(words.get(0))).findFirst().orElse(null);
    if (m == null || m.target().equals("/")) {
      return ctx.fail(32, dir + ": not mounted.");
    }
    unmount(ctx.host(), m);
    ctx.stateChanged();
    return 0;
  }

  private static void unmount(LabHostState h, Mount m) throws IOException {
    Path target = h.path(m.target());
    Files.deleteIfExists(target.resolve(UPGRADE_SCRIPT_NAME));
    Files.deleteIfExists(target.resolve("RELEASE"));
    List<Mount> rest = new ArrayList<>(mounts(h));
    rest.remove(m);
    writeMounts(h, rest);
  }

  /** Loop mounts do not survive a reboot. */
  private static void hookBoot(LabHostState h) {
    if (BOOT_HOOKED.add(h)) {
      h.addBootHook(state -> {
        try {
          for (Mount m : mounts(state)) {
            if (m.type().equals("iso9660")) {
              unmount(state, m);
            }
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }

  private static boolean cdromHasMedium(CommandContext ctx) throws IOException {
    Path drive = ctx.host().path(CDROM);
    return Files.isRegularFile(drive) && Files.size(drive) > 0;
  }

  /** {@code mountpoint [-q] DIR}: 0 when DIR is a mount point. */
  static int mountpoint(CommandContext ctx) throws Exception {
    boolean quiet = ctx.args().contains("-q");
    List<String> words = ctx.args().stream().filter(a -> !a.startsWith("-")).toList();
    if (words.size() != 1) {
      return ctx.fail(1, "bad usage");
    }
    Path p = ctx.path(words.get(0));
    if (!Files.exists(p)) {
      if (!quiet) {
        ctx.printErr("mountpoint: " + words.get(0) + ": No such file or directory\n");
      }
      return 1;
    }
    boolean is = mounts(ctx.host()).stream().anyMatch(m -> m.target().equals(p.toString()));
    if (!quiet) {
      ctx.print(words.get(0) + (is ? " is a mountpoint\n" : " is not a mountpoint\n"));
    }
    return is ? 0 : 1;
  }

  // ---- processes ----------------------------------------------------------------------------

  /**
   * {@code pgrep [-f] PATTERN}: the PIDs of the lab's long-running processes (upgrade-um.sh)
   * whose command line ({@code -f}) or name matches; exit 1 when none does.
   */
  static int pgrep(CommandContext ctx) throws IOException {
    boolean full = ctx.args().contains("-f");
    List<String> words = ctx.args().stream().filter(a -> !a.startsWith("-")).toList();
    if (words.size() != 1) {
      return ctx.fail(2, "the lab knows pgrep [-f] PATTERN");
    }
    Pattern pattern = Pattern.compile(words.get(0));
    int found = 0;
    for (Map.Entry<Integer, String> p : processes(ctx.host()).entrySet()) {
      String name = p.getValue().split(" ")[0];
      if (pattern.matcher(full ? p.getValue() : name).find()) {
        ctx.print(p.getKey() + "\n");
        found++;
      }
    }
    return found > 0 ? 0 : 1;
  }

  private static Map<Integer, String> processes(LabHostState h) {
    return RUNNING.computeIfAbsent(h, k -> new ConcurrentHashMap<>());
  }

  // ---- status -------------------------------------------------------------------------------

  /** {@code scripts/status.sh}: {@code Running} when the application and its database run, else {@code Offline}. */
  static int status(CommandContext ctx) throws Exception {
    LabHostState h = ctx.host();
    boolean running = Stream.of(APP_SERVICE, "postgresql")
        .allMatch(s -> h.services().getOrDefault(s, new ServiceState(false, false)).running());
    ctx.print(running ? "Running\n" : "Offline\n");
    Path errors = h.path(STATUS_ERRORS_FILE);
    if (Files.isRegularFile(errors)) {
      ctx.print(Files.readString(errors));
    }
    return running ? 0 : 1;
  }

  // ---- 4.3 shar -----------------------------------------------------------------------------

  /** {@code bash ums-system-upgrade.shar}: 4.1.x/4.2 to 4.3; the old tree becomes cloudusagemetering-old. */
  static int shar(CommandContext ctx) throws Exception {
    LabHostState h = ctx.host();
    String from = installed(h);
    if (from == null) {
      return ctx.fail(1, "vCloud Usage Meter is not installed on this appliance.");
    }
    if (compare(from, SHAR_RELEASE) >= 0) {
      ctx.print("vCloud Usage Meter " + from + " is already installed. Nothing to upgrade.\n");
      return 1;
    }
    if (!series(from).equals("4.1") && !series(from).equals("4.2")) {
      ctx.print("In-place upgrade to " + SHAR_RELEASE + " is supported from vCloud Usage Meter 4.1.x and 4.2 only; found "
          + from + ".\n");
      return 1;
    }
    ctx.print("Verifying archive integrity... All good.\nUncompressing vCloud Usage Meter " + SHAR_RELEASE
        + " in-place upgrade ...\n");
    ctx.print("Backing up " + INSTALL_DIR + " to " + OLD_INSTALL_DIR + " ...\n");
    ctx.sleep(h.time().timings().usageMeterSharUpgrade());
    Path install = h.path(INSTALL_DIR);
    Path old = h.path(OLD_INSTALL_DIR);
    if (Files.exists(old)) {
      deleteTree(old);
    }
    Files.move(install, old);
    Files.createDirectories(h.path(SHAR_LOG_DIR));
    Files.createDirectories(h.path(STATUS_SCRIPT).getParent());
    Files.writeString(h.path(STATUS_SCRIPT), STATUS_SCRIPT_TEXT);
    Path certHost = old.resolve("conf/certificate-hostname");
    if (Files.exists(certHost)) {
      Files.createDirectories(h.path(CERT_HOSTNAME_FILE).getParent());
      Files.copy(certHost, h.path(CERT_HOSTNAME_FILE));
    }
    setInstalled(h, SHAR_RELEASE);
    String log = SHAR_LOG_DIR + "/inplaceupgradeum-" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyddMM"))
        + "-" + SHAR_BUILD;
    Files.writeString(h.path(log), stamp() + " INFO In-place upgrade from " + from + " to " + SHAR_RELEASE + " build "
        + SHAR_BUILD + "\n" + stamp() + " INFO Previous installation saved in " + OLD_INSTALL_DIR + "\n"
        + stamp() + " INFO In-place upgrade completed. Reboot the appliance.\n");
    ctx.stateChanged();
    ctx.print("In-place upgrade to vCloud Usage Meter " + SHAR_RELEASE + " completed. Log: " + log
        + "\nReboot the appliance to complete the upgrade.\n");
    return 0;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String stamp() {
    return LocalDateTime.now(ZoneOffset.UTC).withNano(0).toString().replace('T', ' ');
  }

  // ---- 4.5 / 4.7 ISO ------------------------------------------------------------------------

  /** {@code bash /root/upgrade/upgrade-um.sh} from the mounted ISO: a process {@code pgrep -f upgrade-um.sh} sees while it runs. */
  static int upgradeUm(CommandContext ctx) throws Exception {
    Map<Integer, String> running = processes(ctx.host());
    int pid = ctx.host().processes().allocatePid();
    running.put(pid, "bash " + UPGRADE_SCRIPT);
    try {
      return upgradeUmProcess(ctx);
    } finally {
      // ends with the script: done, failed, or killed by the hang-up of its terminal
      running.remove(pid);
    }
  }

  private static int upgradeUmProcess(CommandContext ctx) throws Exception {
    LabHostState h = ctx.host();
    Iso iso = mountedIso(ctx);
    if (iso == null) {
      return ctx.fail(1, "cannot read the upgrade media; is the ISO mounted on " + MOUNT_POINT + "?");
    }
    if (!ctx.pty()) {
      // the script reads its answers from a terminal; piped stdin must not answer a snapshot question
      ctx.printErr("ERROR: " + UPGRADE_SCRIPT_NAME + " must be run from an interactive terminal (stdin is not a tty)."
          + " Log in with ssh and run it again.\n");
      return 1;
    }
    String from = installed(h);
    if (from == null) {
      ctx.print("vCloud Usage Meter is not installed on this appliance.\n");
      return 1;
    }
    if (compare(from, iso.release()) >= 0) {
      ctx.print("vCloud Usage Meter is already at version " + from + ". Nothing to upgrade.\n");
      return 1;
    }
    String minimum = iso.isFortySeven() ? "4.3" : "4.0";
    if (compare(from, minimum) < 0) {
      ctx.print("In-place upgrade to " + iso.release() + " is supported from vCloud Usage Meter " + minimum
          + " or later; found " + from + ".\n");
      return 1;
    }
    ctx.print("vCloud Usage Meter in-place upgrade from " + from + " to " + iso.release() + " build " + iso.build() + "\n");
    String snapshot = ask(ctx, SNAPSHOT_PROMPT);
    if (!"y".equalsIgnoreCase(snapshot)) {
      ctx.print("Please create a snapshot of the vCloud Usage Meter appliance VM before upgrading. Upgrade aborted.\n");
      return 1;
    }
    // the log is written as the upgrade goes: an interrupted run leaves its beginning
    Path log = h.path(iso.log());
    Files.createDirectories(log.getParent());
    Files.writeString(log, stamp() + " INFO Upgrading vCloud Usage Meter from " + from + " to " + iso.release()
        + " build " + iso.build() + "\n");
    ctx.stateChanged();
    // the lab fault's question comes once the upgrade has begun (its log too)
    Path extra = h.path(EXTRA_PROMPT_FILE);
    if (Files.isRegularFile(extra)) {
      String answer = ask(ctx, Files.readString(extra).strip() + " ");
      if (!"y".equalsIgnoreCase(answer)) {
        ctx.print("Upgrade aborted.\n");
        return 1;
      }
    }
    if (iso.isFortySeven()) {
      String expected = expectedHostname(h);
      if (expected != null && !expected.equals(h.hostname())) {
        String warning = "Detected wrong hostname. Expected hostname: " + expected + ", but found: " + h.hostname()
            + ".This will most probably result in issues after upgrade with the existing vCloud Usage Meter certificates.";
        ctx.print(warning + "\n");
        append(log, stamp() + " WARN " + warning + "\n");
      }
    }
    ctx.print("Upgrading vCloud Usage Meter. This may take several minutes ...\n");
    append(log, stamp() + " INFO Stopping vCloud Usage Meter services\n" + stamp() + " INFO Installing packages from "
        + MOUNT_POINT + "\n");
    ctx.stateChanged();
    ctx.sleep(h.time().timings().usageMeterIsoUpgrade());
    setInstalled(h, iso.release());
    if (Files.isRegularFile(h.path(UPGRADE_FAILS_FILE))) {
      // the packages are in, the application does not come up: status.sh says Offline
      append(log, stamp() + " ERROR Database migration failed: ERROR: column \"vc_instance_uuid\" of relation"
          + " \"collector_config\" already exists\n" + stamp() + " ERROR vCloud Usage Meter application failed to start"
          + " after the upgrade (tomcat exited with status 1)\n" + stamp() + " ERROR Upgrade to " + iso.release()
          + " failed. Restore the appliance from the snapshot taken before the upgrade.\n");
      ctx.print("vCloud Usage Meter upgrade to " + iso.release() + " finished with errors. Log: " + iso.log() + "\n");
    } else {
      append(log, stamp() + " INFO Upgrade completed successfully\n");
      ctx.print("vCloud Usage Meter upgraded to " + iso.release() + ". Log: " + iso.log() + "\n");
    }
    if (!iso.isFortySeven()) {
      ctx.print("Reboot the appliance to complete the upgrade.\n");
      return 0;
    }
    String reboot = ask(ctx, REBOOT_PROMPT);
    if ("y".equalsIgnoreCase(reboot)) {
      ctx.print("Rebooting ...\n");
      h.reboot(h.time().scaled(h.time().timings().usageMeterReboot()));
      return 0;
    }
    ctx.print("Please reboot the appliance manually: sudo reboot\n");
    return 0;
  }

  private static void append(Path log, String lines) throws IOException {
    Files.writeString(log, lines, java.nio.file.StandardOpenOption.APPEND);
  }

  /** Prints a prompt, reads one answer and records it in the journal (source {@code tty}). */
  private static String ask(CommandContext ctx, String prompt) throws IOException {
    ctx.print(prompt);
    String answer = ctx.readLine();
    ctx.host().journal().record("answer " + (answer == null ? "<eof>" : answer.strip()) + ": " + prompt, 0, "tty");
    ctx.print("\n");
    return answer == null ? null : answer.strip();
  }

  private static Iso mountedIso(CommandContext ctx) throws IOException {
    Path script = ctx.path(UPGRADE_SCRIPT);
    if (!Files.isRegularFile(script)) {
      return null;
    }
    String release = null;
    String build = null;
    for (String line : Files.readAllLines(script)) {
      if (line.startsWith("UM_VERSION=")) {
        release = line.substring("UM_VERSION=".length()).strip();
      } else if (line.startsWith("UM_BUILD=")) {
        build = line.substring("UM_BUILD=".length()).strip();
      }
    }
    return release == null ? null : new Iso(Iso.fileName(release, build), release, build);
  }

  private static String expectedHostname(LabHostState h) throws IOException {
    Path p = h.path(CERT_HOSTNAME_FILE);
    return Files.isRegularFile(p) ? Files.readString(p).strip() : null;
  }
}
