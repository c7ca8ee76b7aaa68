package org.upgradeflow.cloudstack;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.JournalEntry;

/**
 * What a run changed on an estate, per host: the lab's journal with what differs from
 * one run to the next by design (the run's id in job names, the time in backup file names) made
 * neutral. Two runs of the same path on the same initial estate have equal journals, so a run
 * interrupted by restarts is judged against an uninterrupted one: no command more, none less.
 * Sorted, because the order is not the same from run to run: a detached job's own entry may
 * land before or after the command that started it.
 */
record RunJournal(Map<String, List<String>> hosts) {

  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TIME = Pattern.compile("\\d{8}T\\d{6}Z|\\d{8}-\\d{9}");

  static RunJournal of(LabEstate estate) {
    Map<String, List<String>> hosts = new TreeMap<>();
    estate.hosts().forEach((name, host) -> hosts.put(name, host.state().journal().entries().stream()
        .map(RunJournal::neutral).sorted().toList()));
    return new RunJournal(hosts);
  }

  private static String neutral(JournalEntry entry) {
    String command = RUN_ID.matcher(entry.command()).replaceAll("<run>");
    return entry.source() + " " + TIME.matcher(command).replaceAll("<time>");
  }

  /** How often {@code host}'s journal holds a command from {@code source} containing {@code fragment}. */
  long count(String host, String source, String fragment) {
    return hosts.get(host).stream().filter(c -> c.startsWith(source + " ") && c.contains(fragment)).count();
  }
}
