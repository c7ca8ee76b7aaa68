package org.upgradeflow.cloudstack;

/**
 * A rollback package run that failed, hung past its deadline or left a package away from the
 * source release. Like a failed restore it is not a choice for a gate (the rollback has none):
 * the step fails with this message (host, package, installed version, source release, the end
 * of the job's output), its retries look again and then an incident stops the rollback for a
 * person, the estate's services still stopped. Fixed by hand, a retry of the incident passes.
 */
class SourcePackageFailure extends IllegalStateException {

  SourcePackageFailure(String summary, String logTail) {
    super(logTail == null || logTail.isBlank() ? summary : summary + "\n" + logTail);
  }
}
