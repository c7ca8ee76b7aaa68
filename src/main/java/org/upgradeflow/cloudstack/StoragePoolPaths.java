package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.StoragePool;
import org.upgradeflow.environment.Environment;

/**
 * The guide's "(KVM Only)" local storage step: {@code storage_pool} rows of type
 * {@code Filesystem} (KVM local storage) whose path ends with '/' lose the trailing slash, which
 * 4.3's validation rejects. The guide's {@code update ... where path="/var/lib/libvirt/images/"}
 * is its example; every such pool is meant. Other pool types are left alone. Check-then-act per
 * row: a second run finds nothing to fix.
 */
@Component
public class StoragePoolPaths {

  /** One pool whose path this run changed. */
  public record Fixed(long id, String name, String before, String after) {
    @Override
    public String toString() {
      return "storage pool " + id + " (" + name + "): " + before + " -> " + after;
    }
  }

  private final CloudDatabases databases;

  StoragePoolPaths(CloudDatabases databases) {
    this.databases = databases;
  }

  public List<Fixed> fix(Environment env) {
    CloudDatabase db = databases.forEnvironment(env);
    List<Fixed> fixed = new ArrayList<>();
    for (StoragePool pool : db.localStoragePoolsWithTrailingSlash()) {
      if (db.fixStoragePoolPath(pool.id())) {
        fixed.add(new Fixed(pool.id(), pool.name(), pool.path(), pool.fixedPath()));
      }
    }
    return fixed;
  }
}
