package org.upgradeflow.clouddb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Secret;

/**
 * Opens JDBC connections to one CloudStack schema. The password goes to the driver only in the
 * connection {@link Properties}, never into the URL, so it cannot surface in a URL rendered by a
 * log line or an exception; driver messages are scrubbed anyway before they leave this class.
 */
final class CloudDbConnector {

  // Host names and IPv4/IPv6 literals only: anything else could smuggle JDBC URL parameters
  // (e.g. "db/x?allowLoadLocalInfile=true") into the connection string.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");
  private static final Pattern SCHEMA = Pattern.compile("[A-Za-z0-9_]+");

  private final DatabaseEndpoint endpoint;
  private final String schema;
  private final String url;
  private final CloudDbProperties properties;

  CloudDbConnector(DatabaseEndpoint endpoint, CloudDbProperties properties) {
    this.endpoint = endpoint;
    this.properties = properties;
    this.schema = properties.database();
    if (endpoint.user() == null || endpoint.user().isBlank() || endpoint.password() == null) {
      throw new IllegalArgumentException("database user and password are required for "
          + endpoint.host() + ":" + endpoint.port());
    }
    if (endpoint.host() == null || !HOST.matcher(endpoint.host()).matches()) {
      throw new IllegalArgumentException("database host is not a host name or IP address: "
          + endpoint.host());
    }
    if (endpoint.port() < 1 || endpoint.port() > 65535) {
      throw new IllegalArgumentException("database port out of range: " + endpoint.port());
    }
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("database name is not a plain identifier: " + schema);
    }
    this.url = "jdbc:mysql://" + endpoint.host() + ":" + endpoint.port() + "/" + schema
        + "?connectTimeout=" + properties.connectTimeout().toMillis()
        + "&socketTimeout=" + properties.socketTimeout().toMillis()
        + "&characterEncoding=UTF-8"
        // CloudStack 4.x runs on MySQL 5.1/5.5: no server-side prepared statement surprises
        + "&useServerPrepStmts=false"
        + "&allowLoadLocalInfile=false&autoDeserialize=false";
  }

  Connection open() {
    Properties props = new Properties();
    props.setProperty("user", endpoint.user());
    props.setProperty("password", endpoint.password().reveal());
    try {
      return DriverManager.getConnection(url, props);
    } catch (SQLException e) {
      throw failure("cannot connect", e);
    }
  }

  /** A failure naming where and as whom, with the password scrubbed from every message. */
  CloudDatabaseException failure(String what, Exception e) {
    String reason = scrub(e.getMessage());
    if (e instanceof SQLException sql) {
      reason += " [SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode() + "]";
    }
    String message = what + " (cloud database '" + schema + "' at " + endpoint.host() + ":"
        + endpoint.port() + " as user '" + endpoint.user() + "'): " + reason;
    // keep the driver's exception for its stack trace unless some message in the chain carries
    // the password (drivers have echoed URLs and credentials before)
    return chainMentionsPassword(e)
        ? new CloudDatabaseException(message)
        : new CloudDatabaseException(message, e);
  }

  String describe() {
    return "'" + schema + "' at " + endpoint.host() + ":" + endpoint.port();
  }

  String schema() {
    return schema;
  }

  CloudDbProperties properties() {
    return properties;
  }

  private String scrub(String message) {
    if (message == null) {
      return "no message";
    }
    String password = endpoint.password().reveal();
    return password.isEmpty() ? message : message.replace(password, Secret.MASK);
  }

  private boolean chainMentionsPassword(Throwable e) {
    String password = endpoint.password().reveal();
    if (password.isEmpty()) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(password)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "CloudDbConnector[" + describe() + " as " + endpoint.user() + "]";
  }
}
