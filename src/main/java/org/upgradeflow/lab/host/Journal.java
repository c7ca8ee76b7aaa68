package org.upgradeflow.lab.host;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The truth of what was changed on a host: every state-changing command with its time and
 * exit code. Read-only commands never appear, so a test can assert "nothing was changed".
 */
public final class Journal {

  private final Clock clock;
  private final List<JournalEntry> entries = new ArrayList<>();
  private volatile JournalMasker masker = JournalMasker.NONE;

  Journal(Clock clock) {
    this.clock = clock;
  }

  public void setMasker(JournalMasker masker) {
    this.masker = masker == null ? JournalMasker.NONE : masker;
  }

  public synchronized void record(String command, int exitCode, String source) {
    entries.add(new JournalEntry(clock.instant(), masker.mask(command), exitCode, source));
  }

  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  /** The recorded command lines in order; what most assertions need. */
  public synchronized List<String> commands() {
    return entries.stream().map(JournalEntry::command).toList();
  }

  synchronized void clear() {
    entries.clear();
  }
}
