package org.upgradeflow.remote;

import java.util.regex.Pattern;

/** Job ids become directory names on targets; only a safe alphabet, never "." or "..". */
final class JobId {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private JobId() {
  }

  static String check(String jobId) {
    if (jobId == null || !VALID.matcher(jobId).matches() || jobId.equals(".") || jobId.equals("..")) {
      throw new IllegalArgumentException("invalid job id (allowed: [A-Za-z0-9._-]+): "
          + (jobId == null ? "null" : "\"" + jobId.replaceAll("\\p{Cntrl}", "?") + "\""));
    }
    return jobId;
  }
}
