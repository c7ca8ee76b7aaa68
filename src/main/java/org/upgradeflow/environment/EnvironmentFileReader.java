package org.upgradeflow.environment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one {@code <id>.yaml} into a validated {@link Environment}, or reports every problem of
 * the file at once. Layout and meaning of each field: {@code config/environments/example-*.yaml}.
 */
public final class EnvironmentFileReader {

  private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
  private static final Set<String> TOP = Set.of("id", "product", "description", "knownHosts", "ssh",
      "repository", "database", "managementServers", "usageServers", "databaseHost", "kvmHosts",
      "xenServerPools", "vmwareClusters", "zones", "appliances", "proxy", "artifacts", "isoFromCdrom");
  private static final Set<String> HOST = Set.of("name", "address", "port", "os", "ssh");
  private static final Set<String> SSH = Set.of("user", "privateKey", "password");
  private static final Set<String> SSH_DEFAULTS = Set.of("user", "privateKey", "password", "roles");

  private final MasterCipher cipher;

  public EnvironmentFileReader(MasterCipher cipher) {
    this.cipher = cipher;
  }

  public Environment read(Path file) {
    String name = file.getFileName().toString();
    String id = name.replaceFirst("\\.ya?ml$", "");
    List<String> problems = new ArrayList<>();
    if (!ID.matcher(id).matches()) {
      problems.add("(file name): the environment id '" + id
          + "' must be lower-case letters, digits and '-' (it is used in URLs and process variables)");
    }
    Map<String, Object> root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Object loaded = new Yaml(new SafeConstructor(options)).load(reader);
      if (!(loaded instanceof Map<?, ?> map)) {
        throw new InvalidEnvironmentException(file.toString(),
            List.of("(document): expected a YAML mapping with product, hosts, ..."));
      }
      root = Fields.stringKeys(map);
    } catch (IOException e) {
      throw new InvalidEnvironmentException(file.toString(), List.of("(file): cannot be read: " + e.getMessage()));
    } catch (YAMLException e) {
      throw new InvalidEnvironmentException(file.toString(), List.of("(syntax): " + e.getMessage()));
    }
    Environment environment = new Parse(new Fields(root, "", problems, cipher), id, problems).environment();
    if (!problems.isEmpty()) {
      throw new InvalidEnvironmentException(file.toString(), problems);
    }
    return environment;
  }

  /** One parse of one file; collects problems instead of stopping at the first. */
  private static final class Parse {
    private final Fields root;
    private final String id;
    private final List<String> problems;
    private final Map<HostRole, Credentials> roleCredentials = new EnumMap<>(HostRole.class);
    private Credentials defaults = Credentials.NONE;
    private final List<Host> hosts = new ArrayList<>();
    private final Map<String, String> hostPaths = new HashMap<>();
    private final Map<String, String> endpoints = new HashMap<>();

    Parse(Fields root, String id, List<String> problems) {
      this.root = root;
      this.id = id;
      this.problems = problems;
    }

    Environment environment() {
      root.allowOnly(TOP);
      String declaredId = root.string("id", false);
      if (declaredId != null && !declaredId.equals(id)) {
        root.problem("id", "is '" + declaredId + "' but the file name says '" + id + "'; they must match");
      }
      Product product = root.enumValue("product", Product.class, true);
      Path knownHosts = root.readableFile("knownHosts", true);
      readSshDefaults();

      DatabaseEndpoint database = null;
      String repositoryUrl = null;
      List<XenServerPool> pools = new ArrayList<>();
      List<VmwareCluster> clusters = new ArrayList<>();
      if (product == Product.CLOUDSTACK) {
        database = database(root.object("database", true));
        Fields repository = root.object("repository", true);
        if (repository != null) {
          repository.allowOnly(Set.of("url"));
          repositoryUrl = repository.url("url", true);
        }
        hostList("managementServers", HostRole.MANAGEMENT_SERVER, true);
        hostList("usageServers", HostRole.USAGE_SERVER, false);
        Fields dbHost = root.object("databaseHost", true);
        if (dbHost != null) {
          host(dbHost, HostRole.DATABASE_HOST);
        }
        hostList("kvmHosts", HostRole.KVM_HOST, false);
        for (Fields pool : root.objects("xenServerPools")) {
          pools.add(xenPool(pool));
        }
        for (Fields cluster : root.objects("vmwareClusters")) {
          clusters.add(vmwareCluster(cluster));
        }
      } else if (product == Product.USAGEMETER) {
        hostList("appliances", HostRole.USAGE_METER_APPLIANCE, true);
        for (String cloudOnly : List.of("database", "managementServers", "kvmHosts", "xenServerPools")) {
          if (root.has(cloudOnly)) {
            root.problem(cloudOnly, "is a CloudStack field; this environment's product is usagemeter");
          }
        }
      }
      List<String> zones = root.strings("zones");
      String proxy = root.url("proxy", false);
      if (proxy != null && !ProxyUrl.valid(proxy)) {
        root.problem("proxy", ProxyUrl.EXPECTED + " (the value is not repeated: it may carry credentials)");
      }
      String artifacts = root.string("artifacts", false);
      if (artifacts != null && !artifacts.startsWith("/") && !artifacts.matches("^https?://\\S+$")) {
        root.problem("artifacts", "expected an absolute directory path or an http(s) URL"
            + " (the value is not repeated: a URL may carry credentials)");
      }
      boolean cdrom = root.bool("isoFromCdrom", false);
      return new Environment(id, product, root.string("description", false), knownHosts, repositoryUrl,
          database, hosts, pools, clusters, zones, proxy, artifacts, cdrom);
    }

    private void readSshDefaults() {
      Fields ssh = root.object("ssh", false);
      if (ssh == null) {
        return;
      }
      ssh.allowOnly(SSH_DEFAULTS);
      defaults = credentials(ssh);
      Fields roles = ssh.object("roles", false);
      if (roles == null) {
        return;
      }
      Set<String> sections = new java.util.TreeSet<>();
      for (HostRole role : HostRole.values()) {
        sections.add(role.section());
      }
      roles.allowOnly(sections);
      for (HostRole role : HostRole.values()) {
        Fields layer = roles.object(role.section(), false);
        if (layer != null) {
          layer.allowOnly(SSH);
          roleCredentials.put(role, credentials(layer));
        }
      }
    }

    private Credentials credentials(Fields fields) {
      return new Credentials(fields.userName("user", false), fields.readableFile("privateKey", false),
          fields.secret("password", false), fields.has("privateKey") || fields.has("password"));
    }

    private DatabaseEndpoint database(Fields db) {
      if (db == null) {
        return null;
      }
      db.allowOnly(Set.of("host", "port", "user", "password"));
      return new DatabaseEndpoint(db.hostName("host", true), db.port("port", 3306), db.userName("user", true),
          db.secret("password", true));
    }

    private void hostList(String key, HostRole role, boolean required) {
      List<Fields> entries = root.objects(key);
      if (required && entries.isEmpty()) {
        root.problem(key, "needs at least one host");
      }
      entries.forEach(entry -> host(entry, role));
    }

    private String host(Fields entry, HostRole role) {
      entry.allowOnly(HOST);
      String name = entry.hostName("name", true);
      String address = entry.hostName("address", true);
      int port = entry.port("port", 22);
      OsFamily os = os(entry, role);
      Credentials own = Credentials.NONE;
      Fields ssh = entry.object("ssh", false);
      if (ssh != null) {
        ssh.allowOnly(SSH);
        own = credentials(ssh);
      }
      Credentials effective = own.over(roleCredentials.getOrDefault(role, Credentials.NONE)).over(defaults);
      if (effective.user() == null) {
        entry.problem("ssh.user", "missing SSH user: set it here, under ssh.roles." + role.section() + ", or under ssh");
      }
      if (!effective.declared()) {
        entry.problem("ssh", "missing SSH credential: give privateKey or password here, under ssh.roles."
            + role.section() + ", or under ssh");
      }
      if (name != null) {
        String earlier = hostPaths.putIfAbsent(name, entry.path("name"));
        if (earlier != null) {
          entry.problem("name", "duplicate host name '" + name + "' (also at " + earlier + ")");
        }
      }
      if (address != null) {
        String endpoint = address + ":" + port;
        String earlier = endpoints.putIfAbsent(endpoint, entry.path("address"));
        if (earlier != null) {
          entry.problem("address", "duplicate address and port " + endpoint + " (also at " + earlier + ")");
        }
      }
      if (name != null && address != null && os != null) {
        hosts.add(new Host(name, address, port, role, os,
            new SshCredentials(effective.user(), effective.privateKey(), effective.password())));
      }
      return name;
    }

    private OsFamily os(Fields entry, HostRole role) {
      return switch (role) {
        case XENSERVER_HOST -> osOrDefault(entry, OsFamily.XENSERVER, Set.of(OsFamily.XENSERVER));
        case USAGE_METER_APPLIANCE -> osOrDefault(entry, OsFamily.PHOTON, Set.of(OsFamily.PHOTON));
        default -> {
          OsFamily os = entry.enumValue("os", OsFamily.class, true);
          if (os != null && os != OsFamily.RHEL && os != OsFamily.UBUNTU) {
            entry.problem("os", "expected rhel or ubuntu for a CloudStack host, got '" + os.name().toLowerCase() + "'");
            yield null;
          }
          yield os;
        }
      };
    }

    private OsFamily osOrDefault(Fields entry, OsFamily fallback, Set<OsFamily> allowed) {
      if (!entry.has("os")) {
        return fallback;
      }
      OsFamily os = entry.enumValue("os", OsFamily.class, true);
      if (os != null && !allowed.contains(os)) {
        entry.problem("os", "expected " + fallback.name().toLowerCase() + ", got '" + os.name().toLowerCase() + "'");
        return null;
      }
      return os;
    }

    private XenServerPool xenPool(Fields pool) {
      pool.allowOnly(Set.of("name", "master", "members"));
      String name = pool.hostName("name", true);
      Fields master = pool.object("master", true);
      String masterName = master == null ? null : host(master, HostRole.XENSERVER_HOST);
      List<String> members = new ArrayList<>();
      for (Fields member : pool.objects("members")) {
        members.add(host(member, HostRole.XENSERVER_HOST));
      }
      return new XenServerPool(name, masterName, members);
    }

    private VmwareCluster vmwareCluster(Fields cluster) {
      cluster.allowOnly(Set.of("name", "vcenterHost", "username", "password"));
      return new VmwareCluster(cluster.string("name", true), cluster.hostName("vcenterHost", true),
          cluster.string("username", true), cluster.secret("password", true));
    }
  }

  /** One layer of SSH settings (host, role or defaults); the nearest layer wins per field. */
  private record Credentials(String user, Path privateKey, Secret password, boolean declared) {
    static final Credentials NONE = new Credentials(null, null, null, false);

    Credentials over(Credentials fallback) {
      boolean ownSecret = privateKey != null || password != null || declared;
      return new Credentials(user != null ? user : fallback.user,
          ownSecret ? privateKey : fallback.privateKey,
          ownSecret ? password : fallback.password,
          declared || fallback.declared);
    }
  }
}
