package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpgradePathsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "4.3.1, CloudStack431To432, 4.3.2",
      "4.3.0, CloudStack430To431, 4.3.1",
      "4.2.0, CloudStack42xTo43, 4.3.0",
      "4.2.1, CloudStack42xTo43, 4.3.0",
      "4.1.1, CloudStack41xTo43, 4.3.0",
      "4.0.2, CloudStack40xTo43, 4.3.0",
      "3.0.7, CloudStack30xTo43, 4.3.0",
      "2.2.14, CloudStack2214To43, 4.3.0",
      "4.2.1.1, CloudStack42xTo43, 4.3.0"})
  void picksThePathOfTheSourceVersion(String source, String processId, String target) {
    UpgradePath path = UpgradePaths.forSource(CloudStackVersion.parse(source));
    assertThat(path.processId()).isEqualTo(processId);
    assertThat(path.targetVersion()).isEqualTo(target);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.2.0", "2.2.9", "2.2.13"})
  void refuses22BeforeFourteen(String source) {
    assertThatThrownBy(() -> UpgradePaths.forSource(CloudStackVersion.parse(source)))
        .isInstanceOf(UpgradePaths.UnsupportedSourceException.class)
        .hasMessage("CloudStack " + source + " cannot be upgraded to 4.3 directly: upgrade to 2.2.14 first");
  }

  @ParameterizedTest
  @ValueSource(strings = {"4.3.2", "4.4.0", "4.9.3"})
  void hasNothingToDoAbove431(String source) {
    assertThatThrownBy(() -> UpgradePaths.forSource(CloudStackVersion.parse(source)))
        .hasMessage("CloudStack " + source + " is newer than 4.3.1: nothing to do (UpgradeFlow upgrades to 4.3.x)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.1.8", "3.1.0"})
  void refusesWhatTheGuideDoesNotCover(String source) {
    assertThatThrownBy(() -> UpgradePaths.forSource(CloudStackVersion.parse(source)))
        .isInstanceOf(UpgradePaths.UnsupportedSourceException.class)
        .hasMessageStartingWith("CloudStack " + source);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "4", "4.x", "four", "4.2.1; drop table", "4.2.1\n"})
  void refusesWhatIsNotAVersion(String text) {
    if (text.equals("4.2.1\n")) {
      assertThat(CloudStackVersion.parse(text)).isEqualTo(CloudStackVersion.of(4, 2, 1));
      return;
    }
    assertThatThrownBy(() -> CloudStackVersion.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CloudStack version: expected a release number such as 4.2.1");
  }
}
