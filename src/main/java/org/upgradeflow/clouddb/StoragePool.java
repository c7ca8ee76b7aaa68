package org.upgradeflow.clouddb;

/** A {@code storage_pool} row. */
public record StoragePool(long id, String name, String path, String poolType) {

  /** The path CloudStack 4.3 expects: no trailing slash (a lone "/" is left alone). */
  public String fixedPath() {
    return stripTrailingSlashes(path);
  }

  public boolean needsPathFix() {
    return !fixedPath().equals(path);
  }

  static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }
}
