package org.upgradeflow.lab.host;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.upgradeflow.environment.OsFamily;

/**
 * What a lab host looks like when it starts (and after every reset): identity, login, the
 * installed packages and services, files, disk space and the time scale.
 *
 * @param name        the host's name in the estate; also its default hostname
 * @param user        the only user that may log in (root on every estate)
 * @param password    that user's password for password authentication
 * @param packages    package name to installed version
 * @param services    service name to initial state
 * @param files       absolute path to text content, written (with parent directories) at start
 * @param diskTotalKb size of the root filesystem as {@code df} reports it
 * @param diskFreeKb  free space of the root filesystem
 */
public record LabHostSpec(String name, OsFamily os, String hostname, String user, String password,
    Map<String, String> packages, Map<String, ServiceState> services, Map<String, String> files,
    long diskTotalKb, long diskFreeKb, LabTime time) {

  public LabHostSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(os, "os");
    packages = Map.copyOf(packages);
    services = Map.copyOf(services);
    files = Map.copyOf(files);
  }

  public static Builder builder(String name, OsFamily os) {
    return new Builder(name, os);
  }

  /** Fluent construction with lab defaults: root / "lab", 40 GiB disk with 30 GiB free, real time. */
  public static final class Builder {
    private final String name;
    private final OsFamily os;
    private String hostname;
    private String user = "root";
    private String password = "lab";
    private final Map<String, String> packages = new LinkedHashMap<>();
    private final Map<String, ServiceState> services = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private long diskTotalKb = 40L * 1024 * 1024;
    private long diskFreeKb = 30L * 1024 * 1024;
    private LabTime time = LabTime.REAL;

    private Builder(String name, OsFamily os) {
      this.name = name;
      this.os = os;
      this.hostname = name;
    }

    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    public Builder login(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    public Builder pkg(String name, String version) {
      packages.put(name, version);
      return this;
    }

    public Builder service(String name, boolean running, boolean enabled) {
      services.put(name, new ServiceState(running, enabled));
      return this;
    }

    public Builder file(String absolutePath, String content) {
      files.put(absolutePath, content);
      return this;
    }

    public Builder disk(long totalKb, long freeKb) {
      this.diskTotalKb = totalKb;
      this.diskFreeKb = freeKb;
      return this;
    }

    public Builder time(LabTime time) {
      this.time = time;
      return this;
    }

    public LabHostSpec build() {
      return new LabHostSpec(name, os, hostname, user, password, packages, services, files,
          diskTotalKb, diskFreeKb, time);
    }
  }
}
