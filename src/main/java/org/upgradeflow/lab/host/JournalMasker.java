package org.upgradeflow.lab.host;

/**
 * Rewrites a command line before it enters a host's journal. The journal is shown to people
 * (rehearsal reports, test failures), so secrets the client passes on a command line must be
 * masked; the masking rule belongs to whoever knows the secrets (the estate), hence a hook.
 */
@FunctionalInterface
public interface JournalMasker {

  JournalMasker NONE = line -> line;

  String mask(String commandLine);
}
