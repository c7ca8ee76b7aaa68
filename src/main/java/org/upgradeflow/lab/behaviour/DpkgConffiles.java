package org.upgradeflow.lab.behaviour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.host.LabHostState;

/**
 * dpkg's conffile prompt for the 4.1+ {@code cloudstack-agent} Debian package (the guide: "When
 * prompted whether you wish to keep your configuration, say Yes"). A conffile on the host that
 * differs from the package's version is a question, answered from {@code -o
 * Dpkg::Options::=--force-confold|--force-confnew|--force-confdef} or read from stdin as dpkg
 * 1.16 asks it: {@code Y}/{@code I} installs the maintainer's version (the old one is kept as
 * {@code .dpkg-old}), {@code N}/{@code O} or Enter keeps the current one (the package's goes to
 * {@code .dpkg-dist}); end of input is dpkg's "EOF on stdin at conffile prompt" and nothing is
 * installed. Conffiles not on the host yet are installed from the package.
 */
final class DpkgConffiles {

  static final String AGENT = "cloudstack-agent";
  private static final String DIR = "/etc/cloudstack/agent/";
  private static final String OLD_DIR = "/etc/cloud/agent/";

  /** What the 4.x cloudstack-agent package ships as its conffiles. */
  static final Map<String, String> AGENT_CONFFILES = new LinkedHashMap<>();

  static {
    AGENT_CONFFILES.put("agent.properties", "# The configuration for the agent, shipped with cloudstack-agent\n"
        + "workers=5\nhost=localhost\nport=8250\ncluster=default\npod=default\nzone=default\n"
        + "resource=com.cloud.hypervisor.kvm.resource.LibvirtComputingResource\n");
    AGENT_CONFFILES.put("environment.properties", "paths.script=/usr/share/cloudstack-common\n");
    AGENT_CONFFILES.put("log4j-cloud.xml", "<log4j:configuration><!-- /var/log/cloudstack/agent/agent.log --></log4j:configuration>\n");
  }

  enum Policy { ASK, KEEP, REPLACE }

  /** A conffile that differs and what was decided for it. */
  record Decision(String file, boolean keep) {
  }

  private DpkgConffiles() {
  }

  /** The answer {@code -o Dpkg::Options::=...} gives, as dpkg combines them (confold/confnew win over confdef). */
  static Policy policy(List<String> dpkgOptions) {
    if (dpkgOptions.contains("--force-confold")) {
      return Policy.KEEP;
    }
    if (dpkgOptions.contains("--force-confnew")) {
      return Policy.REPLACE;
    }
    // confdef alone: the default action for a modified file is to keep it
    return dpkgOptions.contains("--force-confdef") ? Policy.KEEP : Policy.ASK;
  }

  /**
   * Asks about every conffile of the agent package that the host has (or that the 4.0 rename
   * will copy from {@code /etc/cloud/agent}) with a content other than the package's.
   *
   * @return the decisions, or null when stdin ended at a prompt (dpkg fails, nothing installed)
   */
  static List<Decision> ask(CommandContext ctx, Policy policy) throws IOException {
    List<Decision> decisions = new ArrayList<>();
    LabHostState host = ctx.host();
    for (var e : AGENT_CONFFILES.entrySet()) {
      String current = read(host.path(DIR + e.getKey()));
      if (current == null) {
        current = read(host.path(OLD_DIR + e.getKey()));
      }
      if (current == null || current.equals(e.getValue())) {
        continue;
      }
      String file = DIR + e.getKey();
      ctx.print("\nConfiguration file `" + file + "'\n ==> Modified (by you or by a script) since installation.\n"
          + " ==> Package distributor has shipped an updated version.\n");
      if (policy == Policy.KEEP) {
        ctx.print(" ==> Using current old file as you requested.\n");
        decisions.add(new Decision(file, true));
        continue;
      }
      if (policy == Policy.REPLACE) {
        ctx.print(" ==> Using new file as you requested.\n");
        decisions.add(new Decision(file, false));
        continue;
      }
      Boolean keep = null;
      while (keep == null) {
        ctx.print("   What would you like to do about it ?  Your options are:\n"
            + "    Y or I  : install the package maintainer's version\n"
            + "    N or O  : keep your currently-installed version\n"
            + "      D     : show the differences between the versions\n"
            + "      Z     : start a shell to examine the situation\n"
            + " The default action is to keep your current version.\n"
            + "*** " + e.getKey() + " (Y/I/N/O/D/Z) [default=N] ? ");
        String answer = ctx.readLine();
        if (answer == null) {
          ctx.printErr("dpkg: error processing " + AGENT + " (--configure):\n EOF on stdin at conffile prompt\n"
              + "Errors were encountered while processing:\n " + AGENT + "\n"
              + "E: Sub-process /usr/bin/dpkg returned an error code (1)\n");
          return null;
        }
        String a = answer.strip().toUpperCase(Locale.ROOT);
        if (a.isEmpty() || a.equals("N") || a.equals("O")) {
          keep = true;
        } else if (a.equals("Y") || a.equals("I")) {
          keep = false;
        }
      }
      ctx.print(keep ? "" : "Installing new version of config file " + file + " ...\n");
      decisions.add(new Decision(file, keep));
    }
    return decisions;
  }

  /** After the package is in place: the decided versions of each conffile, package copies beside them. */
  static void install(LabHostState host, List<Decision> decisions) throws IOException {
    for (var e : AGENT_CONFFILES.entrySet()) {
      Path file = host.path(DIR + e.getKey());
      Decision d = decisions.stream().filter(x -> x.file().equals(DIR + e.getKey())).findFirst().orElse(null);
      Files.createDirectories(file.getParent());
      if (d == null) {
        if (!Files.exists(file)) {
          Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
        }
      } else if (d.keep()) {
        Files.writeString(host.path(DIR + e.getKey() + ".dpkg-dist"), e.getValue(), StandardCharsets.UTF_8);
      } else {
        if (Files.exists(file)) {
          Files.copy(file, host.path(DIR + e.getKey() + ".dpkg-old"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  private static String read(Path p) throws IOException {
    return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
  }
}
