package org.upgradeflow.cloudstack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudStack release number as the {@code version} table and the packages spell it
 * ({@code 4.2.1}, {@code 2.2.14}, {@code 4.3.0.1}: only the first three parts count for paths).
 */
public record CloudStackVersion(int major, int minor, int patch) implements Comparable<CloudStackVersion> {

  private static final Pattern FORM = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})(?:\\.(\\d{1,4}))?(?:\\.\\d{1,4})?(?:-\\S+)?$");

  public static CloudStackVersion parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("CloudStack version: expected a release number such as 4.2.1, got '"
          + text + "'");
    }
    return new CloudStackVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  public static CloudStackVersion of(int major, int minor, int patch) {
    return new CloudStackVersion(major, minor, patch);
  }

  public boolean sameMinor(int major, int minor) {
    return this.major == major && this.minor == minor;
  }

  @Override
  public int compareTo(CloudStackVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    return c != 0 ? c : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
