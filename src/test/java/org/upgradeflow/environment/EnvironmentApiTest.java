package org.upgradeflow.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.ServiceTest;

@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class EnvironmentApiTest {

  @Autowired
  TestRestTemplate http;
  @Autowired
  EnvironmentRegistry registry;

  @TempDir
  Path dir;

  @Test
  void listsEnvironmentsWithHostsAndWithoutSecrets(CapturedOutput output) throws Exception {
    EnvironmentFiles files = new EnvironmentFiles(dir);
    Environment env = new EnvironmentFileReader(new MasterCipher(null))
        .read(files.write("api-cloud", EnvironmentFiles.VALID_CLOUDSTACK, "Db-Pw-9911", "Kvm-Pw-9912", "Vc-Pw-9913"));
    registry.register(env);

    String list = http.withBasicAuth("ops", "ops").getForObject("/api/environments", String.class);
    String one = http.withBasicAuth("ops", "ops").getForObject("/api/environments/api-cloud", String.class);
    Map<?, ?> parsed = http.withBasicAuth("ops", "ops").getForObject("/api/environments/api-cloud", Map.class);

    assertThat(list).contains("\"id\":\"api-cloud\"", "\"name\":\"kvm1\"");
    assertThat(parsed.get("product")).isEqualTo("cloudstack");
    assertThat((Iterable<?>) parsed.get("hosts")).hasSize(9);
    assertThat(list + one + output.getAll()).doesNotContain("Db-Pw-9911", "Kvm-Pw-9912", "Vc-Pw-9913");
  }

  @Test
  void unknownEnvironmentIs404WithTheKnownOnes() {
    var response = http.withBasicAuth("ops", "ops").getForEntity("/api/environments/nope", Map.class);
    assertThat(response.getStatusCode().value()).isEqualTo(404);
    assertThat((String) response.getBody().get("error")).startsWith("environmentId: unknown environment 'nope'");
  }
}
