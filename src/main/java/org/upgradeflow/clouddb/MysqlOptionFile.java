package org.upgradeflow.clouddb;

import org.upgradeflow.environment.Secret;

/**
 * The credentials of mysqldump/mysql as a MySQL option file ({@code [client]} section), so the
 * password never appears on a command line (where {@code ps} shows it to every user of the
 * host). The SSH adapter uploads the content with mode 0600 before the dump and deletes the file
 * afterwards.
 */
public final class MysqlOptionFile {

  private MysqlOptionFile() {
  }

  /**
   * @param host where the client connects, as seen from the host that runs it; null for the
   *             local server's default socket
   * @param port null for the default
   * @return the file content, secret because it holds the password
   */
  public static Secret content(String user, Secret password, String host, Integer port) {
    StringBuilder s = new StringBuilder("[client]\n");
    s.append("user=").append(quote(user)).append('\n');
    s.append("password=").append(quote(password.reveal())).append('\n');
    if (host != null) {
      s.append("host=").append(quote(host)).append('\n');
    }
    if (port != null) {
      s.append("port=").append(port).append('\n');
    }
    return Secret.of(s.toString());
  }

  /** Double quotes with the escapes option files understand, so '#', spaces and quotes survive. */
  static String quote(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> s.append("\\\\");
        case '"' -> s.append("\\\"");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
