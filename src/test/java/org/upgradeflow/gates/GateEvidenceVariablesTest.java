package org.upgradeflow.gates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows the decision form's evidence table splits: one per line, item and state apart by a tab. */
class GateEvidenceVariablesTest {

  @Test
  void rowsAreSortedAndAMultiLineStateContinuesOnRowsWithoutItem() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("zone 2 XenServer", "systemvm-xenserver-4.3 DOWNLOAD_IN_PROGRESS 42%");
    details.put("plan", "ms1: service cloudstack-management stop\n\n  ms1: rpm -qa | grep cloudstack\r\n");
    details.put("odd\titem", "a\tb");

    assertThat(GateEvidenceVariables.rows(details)).isEqualTo(String.join("\n",
        "odd item\ta b",
        "plan\tms1: service cloudstack-management stop",
        "\tms1: rpm -qa | grep cloudstack",
        "zone 2 XenServer\tsystemvm-xenserver-4.3 DOWNLOAD_IN_PROGRESS 42%"));
    assertThat(GateEvidenceVariables.rows(Map.of())).isEmpty();
  }
}
