package org.upgradeflow.lab.estate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.upgradeflow.lab.behaviour.Releases;

/**
 * The XenServer cluster of a CloudStack estate: one plan that both the estate's {@code cloud}
 * database ({@code host} and {@code vm_instance} rows) and the pool model behind {@code xe}
 * are built from, so the two agree on names, uuids and which member a VM runs on. The host
 * uuid is xapi's (a XenServer host's {@code INSTALLATION_UUID}, which CloudStack stores as the
 * host's uuid); a VM's uuid is the one xapi shows for its {@code instance_name}.
 */
public record XenServerCluster(String version, String build, List<Member> members, List<Guest> guests) {

  /** {@code id} is the {@code host.id} the schema gives the member. */
  public record Member(long id, String name, String uuid) {
  }

  /** {@code id} is the {@code vm_instance.id}; {@code member} the name of the host it runs on. */
  public record Guest(long id, String name, String uuid, String type, String member) {
  }

  public static final List<String> MEMBER_NAMES = List.of("xen1", "xen2", "xen3");

  /**
   * @param kvmHosts how many KVM hosts come before the pool in the {@code host} table (the
   *     members' ids follow them)
   */
  public static XenServerCluster of(EstateDefinition def, int kvmHosts) {
    // 3.0.x and 2.2.14 clouds run XenServer 6.0.2 (the version the XS602E hotfixes are for); 4.x estates 6.2
    boolean old = Releases.compare(def.release(), "4.0") < 0;
    List<Member> members = new java.util.ArrayList<>();
    for (int i = 0; i < MEMBER_NAMES.size(); i++) {
      String name = MEMBER_NAMES.get(i);
      members.add(new Member(kvmHosts + 1L + i, name, uuid(def, "host", name)));
    }
    List<Guest> guests = List.of(
        guest(def, 3, "s-3-VM", "SecondaryStorageVm", "xen1"),
        guest(def, 4, "v-4-VM", "ConsoleProxy", "xen1"),
        guest(def, 6, "r-6-VM", "DomainRouter", "xen1"),
        guest(def, 8, "i-2-8-VM", "User", "xen2"),
        guest(def, 9, "i-2-9-VM", "User", "xen3"));
    return new XenServerCluster(old ? "6.0.2" : "6.2.0", old ? "53456p" : "70446c", List.copyOf(members), guests);
  }

  public Member member(String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no XenServer member " + name + "; members: " + MEMBER_NAMES));
  }

  private static Guest guest(EstateDefinition def, long id, String name, String type, String member) {
    return new Guest(id, name, uuid(def, "vm", name), type, member);
  }

  /** Stable per estate, so a run and its replay see the same uuids. */
  public static String uuid(EstateDefinition def, String kind, String name) {
    return UUID.nameUUIDFromBytes((def.id() + "/" + kind + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
