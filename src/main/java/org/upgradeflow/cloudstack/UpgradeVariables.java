package org.upgradeflow.cloudstack;

/** Variable names of CloudStackUpgrade and its paths: non-secret facts only. */
public final class UpgradeVariables {
  public static final String ENVIRONMENT_ID = "environmentId";
  public static final String SOURCE_VERSION = "sourceVersion";
  public static final String TARGET_VERSION = "targetVersion";
  public static final String PATH_PROCESS_ID = "pathProcessId";
  public static final String PATH_AUTOMATED = "pathAutomated";
  public static final String REFUSAL = "refusal";
  public static final String PREFLIGHT_PASSED = "preflightPassed";
  public static final String PREFLIGHT_SUMMARY = "preflightSummary";
  public static final String PLAN_SUMMARY = "planSummary";
  public static final String STEPS_TOTAL = "stepsTotal";
  /** the activity ids of the plan's steps in order, comma-separated: stepsDone counts along them */
  public static final String PLAN_STEP_IDS = "planStepIds";
  public static final String UNSUPPORTED_SOURCE = "UnsupportedSource";

  /** Camunda keeps string variables up to 4000 characters. */
  static final int MAX_TEXT = 4000;

  private UpgradeVariables() {
  }

  /** Text that fits a string variable; what is cut is said, with where to read all of it. */
  static String fitted(String text, String whereToReadAll) {
    if (text.length() <= MAX_TEXT) {
      return text;
    }
    String note = "\n... (cut; all of it: " + whereToReadAll + ")";
    return text.substring(0, MAX_TEXT - note.length()) + note;
  }
}
