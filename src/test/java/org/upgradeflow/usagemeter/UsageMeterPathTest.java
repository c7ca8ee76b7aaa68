package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageMeterPathTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "4.1.0.2, 4.3, UsageMeterTo43",
      "4.2, 4.3, UsageMeterTo43",
      "4.1.1, 4.5, UsageMeterTo45",
      "4.4.0.1, 4.5, UsageMeterTo45",
      "4.3, 4.7, UsageMeterTo47",
      "4.6.0.1234, 4.7, UsageMeterTo47"})
  void picksTheProcedure(String installed, String target, String processId) {
    assertThat(UsageMeterPath.select(installed, target).processId()).isEqualTo(processId);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "4.2   | 4.7 | Usage Meter 4.7 needs 4.3 or later; this appliance runs 4.2: upgrade to 4.5 first",
      "4.0.1 | 4.3 | Usage Meter 4.3 is installed from 4.1.x or 4.2 only; this appliance runs 4.0.1",
      "4.7   | 4.5 | Usage Meter 4.7 is already at or above 4.5: nothing to upgrade (a downgrade is not possible)",
      "4.5   | 4.5 | Usage Meter 4.5 is already at or above 4.5: nothing to upgrade (a downgrade is not possible)",
      "4.4   | 4.6 | targetVersion: expected 4.3, 4.5 or 4.7, got '4.6'",
      "4.4   | 4.5; reboot | targetVersion: expected a version such as 4.5, got '4.5; reboot'",
      "3.6   | 4.5 | Usage Meter 3.6 is not a 4.x release; the procedures start at 4.1"})
  void refusesWhatTheProceduresDoNotAllow(String installed, String target, String message) {
    assertThatThrownBy(() -> UsageMeterPath.select(installed.strip(), target.strip()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
