package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the log of {@code cloudstack-sysvmadm -a}: how many system VMs and routers it is
 * restarting, how many groups are done, and every {@code ERROR:} line with its VM id. The script
 * reports per group (secondary storage, console proxy, routers), so progress moves in groups.
 */
public final class SysvmadmLog {

  private static final Pattern START = Pattern.compile(
      "^Stopping and starting (\\d+) (secondary storage vm|console proxy vm|running routing vm)\\(s\\)\\.\\.\\.");
  private static final Pattern DONE = Pattern.compile(
      "^(Done stopping and starting secondary storage vm|Done stopping and starting console proxy vm|Done restarting router)\\(s\\)");
  private static final Pattern NONE = Pattern.compile("^No running (secondary storage|console proxy|routing) vms? found");
  private static final Pattern ERROR = Pattern.compile("^ERROR: (.*?) with id (\\S+)");

  /** One failed VM: the script's own words and the VM id. */
  public record Failure(String vmId, String line) {
  }

  /**
   * @param groupsFinished secondary storage, console proxy and routers that are done or had none
   * @param finished       all three groups finished: the script has nothing left to do
   */
  public record Progress(int vmsTotal, int vmsDone, int groupsFinished, List<Failure> failures) {

    public boolean finished() {
      return groupsFinished == 3;
    }
  }

  private SysvmadmLog() {
  }

  public static Progress read(String log) {
    int total = 0;
    int done = 0;
    int groups = 0;
    int[] pending = new int[3];
    List<Failure> failures = new ArrayList<>();
    for (String raw : log.split("\\R")) {
      String line = raw.strip();
      Matcher m;
      if ((m = START.matcher(line)).find()) {
        int n = Integer.parseInt(m.group(1));
        total += n;
        pending[group(m.group(2))] = n;
      } else if ((m = DONE.matcher(line)).find()) {
        int g = group(m.group(1));
        done += pending[g];
        pending[g] = 0;
        groups++;
      } else if (NONE.matcher(line).find()) {
        groups++;
      } else if ((m = ERROR.matcher(line)).find()) {
        failures.add(new Failure(m.group(2), line));
      }
    }
    return new Progress(total, done, groups, List.copyOf(failures));
  }

  private static int group(String words) {
    if (words.contains("secondary storage")) {
      return 0;
    }
    return words.contains("console proxy") ? 1 : 2;
  }
}
