package org.upgradeflow.cloudstack;

import static org.upgradeflow.remote.ShellArg.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * Evidence of Gate_ComponentsXml (4.0 path: "carry your components.xml changes over to
 * componentContext.xml"): per management server, where the old file is, what it changed
 * compared with the stock 4.0 file ({@link LegacyComponentsXml}) and where the new
 * {@code componentContext.xml} is. Only evidence: the change manager decides whether the
 * carry-over is done, so the condition always holds.
 */
@Component
class ComponentsXmlEvidence implements GateEvidenceProvider {

  static final String GATE = "ComponentsXml";

  static final String ABRIDGED = "UpgradeFlow's abridged 4.0 reference: an entry shown as added may be stock"
      + " in your release; set upgradeflow.cloudstack.components-xml-reference to your release's stock file";

  private final EnvironmentRegistry environments;
  private final RemoteShell shell;
  private final KvmHostsProperties properties;

  ComponentsXmlEvidence(EnvironmentRegistry environments, RemoteShell shell, KvmHostsProperties properties) {
    this.environments = environments;
    this.shell = shell;
    this.properties = properties;
  }

  @Override
  public String gateId() {
    return GATE;
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    Environment env = environments.get((String) run.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> summary = new ArrayList<>();
    Path configured = properties.componentsXmlReference();
    String reference = configured == null ? LegacyComponentsXml.stock() : readReference(configured);
    details.put("reference", configured == null ? ABRIDGED : configured.toString());
    for (Host ms : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      RemoteTarget target = RemoteTarget.of(env, ms.name());
      details.put(ms.name() + " componentContext.xml", exists(target, ComponentContext.PATH)
          ? ComponentContext.PATH : ComponentContext.PATH + " (not there yet)");
      Optional<String> old = LegacyComponentsXml.LOCATIONS.stream().filter(p -> exists(target, p)).findFirst();
      if (old.isEmpty()) {
        details.put(ms.name() + " components.xml", "not found in " + String.join(", ", LegacyComponentsXml.LOCATIONS));
        summary.add(ms.name() + ": no components.xml found");
        continue;
      }
      details.put(ms.name() + " components.xml", old.get());
      List<LegacyComponentsXml.Difference> changes;
      try {
        changes = LegacyComponentsXml.customisations(shell.readFile(target, old.get()), reference);
      } catch (IllegalArgumentException e) {
        details.put(ms.name() + " customisation", old.get() + ": " + e.getMessage());
        summary.add(ms.name() + ": " + old.get() + " cannot be read as XML; compare it by hand");
        continue;
      }
      if (changes.isEmpty()) {
        details.put(ms.name() + " customisation", "no customisation found");
        summary.add(ms.name() + ": no customisation found");
      }
      for (int i = 0; i < changes.size(); i++) {
        LegacyComponentsXml.Difference d = changes.get(i);
        details.put(ms.name() + " customisation " + (i + 1), d.toString());
      }
      if (!changes.isEmpty()) {
        summary.add(ms.name() + ": " + changes.size() + " customisation" + (changes.size() == 1 ? "" : "s") + " in "
            + old.get() + " to carry over to " + ComponentContext.PATH + ": "
            + String.join("; ", changes.stream().map(Object::toString).toList()));
      }
    }
    if (configured == null) {
      summary.add("compared with " + ABRIDGED);
    }
    return new GateEvidence(true, String.join("\n", summary), details);
  }

  private static String readReference(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("upgradeflow.cloudstack.components-xml-reference: cannot read " + file
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private boolean exists(RemoteTarget target, String file) {
    return shell.exec(target, ShellCommand.of("test -f {}", path(file))).ok();
  }
}
