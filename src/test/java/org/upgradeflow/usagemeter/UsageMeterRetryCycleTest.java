package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.junit.jupiter.api.Test;

/**
 * Every async job of the Usage Meter processes retries per {@code upgradeflow.usage-meter.retry-cycle}
 * (the expression {@code ${usageMeterTiming.retryCycle()}}), and a malformed cycle stops the service at start.
 */
class UsageMeterRetryCycleTest {

  static final String EXPRESSION = "${usageMeterTiming.retryCycle()}";

  @Test
  void everyAsyncActivityOfTheUsageMeterProcessesTakesTheConfiguredCycle() throws Exception {
    List<Path> files;
    try (Stream<Path> bpmn = Files.list(Path.of("bpmn"))) {
      files = bpmn.filter(p -> p.getFileName().toString().startsWith("UsageMeter")).sorted().toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("UsageMeterMountIso.bpmn",
        "UsageMeterTo43.bpmn", "UsageMeterTo45.bpmn", "UsageMeterTo47.bpmn", "UsageMeterUpgrade.bpmn");
    int async = 0;
    for (Path file : files) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (Activity a : model.getModelElementsByType(Activity.class)) {
        if (!"true".equals(a.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "asyncBefore"))) {
          continue;
        }
        async++;
        CamundaFailedJobRetryTimeCycle cycle = a.getExtensionElements() == null ? null
            : a.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list()
                .stream().findFirst().orElse(null);
        assertThat(cycle).as(file.getFileName() + " " + a.getId()).isNotNull();
        assertThat(cycle.getTextContent()).as(file.getFileName() + " " + a.getId()).isEqualTo(EXPRESSION);
      }
    }
    assertThat(async).isGreaterThan(30);
  }

  @Test
  void theCycleDefaultsAndAMalformedOneIsRefusedNamingTheSetting() {
    assertThat(properties(null).retryCycle()).isEqualTo("R3/PT30S");
    assertThat(properties("R5/PT1M").retryCycle()).isEqualTo("R5/PT1M");
    assertThatThrownBy(() -> properties("5 times")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("upgradeflow.usage-meter.retry-cycle: expected Rn/<ISO-8601 duration> such as R3/PT30S, got '5 times'");
  }

  private static UsageMeterProperties properties(String retryCycle) {
    return new UsageMeterProperties(null, null, null, null, null, null, null, null, null, null, null, retryCycle, null);
  }
}
