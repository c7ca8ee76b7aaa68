package org.upgradeflow.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.LabRig;

/**
 * The README's claim that a person reaches a lab host from a terminal with the key it names:
 * the command line is read from the README, run with the real OpenSSH client from a working
 * directory laid out as the service's ({@code data/lab} is {@code upgradeflow.lab.dir}'s
 * default), in batch mode with strict host key checking against the lab's known_hosts file only.
 */
class ReadmeLabSshTest {

  static final Path SSH = Path.of("/usr/bin/ssh");

  @TempDir
  static Path workDir;
  static LabRig rig;

  @BeforeAll
  static void start() {
    // LabRig puts the lab in <dir>/lab: with <dir> = data the key is data/lab/id_ed25519, as in the service
    rig = LabRig.start(workDir.resolve("data"), p -> p.withDatabase("none"), "lab-cs-42x", "lab-um-46");
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  /** The words of the README's {@code ssh ...} example, without the port placeholder's value. */
  static List<String> readmeCommand() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("`(ssh -i [^`]*)`").matcher(readme);
    assertThat(m.find()).as("README.md names an ssh command for the lab hosts").isTrue();
    return Arrays.asList(m.group(1).trim().split("\\s+"));
  }

  static String run(LabEstate estate, String host, String command) throws Exception {
    assertThat(SSH).as("the OpenSSH client (.ci/run installs openssh-client)").isExecutable();
    List<String> words = readmeCommand();
    assertThat(words).contains("PORT", "root@127.0.0.1").filteredOn(w -> w.startsWith("UserKnownHostsFile="))
        .containsExactly("UserKnownHostsFile=data/lab/known_hosts");
    List<String> cmd = new ArrayList<>();
    cmd.add(SSH.toString());
    // nothing from the user's own configuration or known hosts: the lab's files alone must do
    cmd.addAll(List.of("-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
        "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR"));
    String port = String.valueOf(estate.environment().host(host).orElseThrow().port());
    words.subList(1, words.size()).forEach(w -> cmd.add(w.equals("PORT") ? port : w));
    cmd.add(command);
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drainErr = new Thread(() -> {
      try {
        p.getErrorStream().transferTo(err);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    drainErr.start();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    drainErr.join();
    assertThat(p.exitValue()).as("ssh %s: %s", cmd, err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theReadmesSshCommandReachesACloudStackHostAndAnAppliance() throws Exception {
    assertThat(workDir.resolve("data/lab/id_ed25519")).isRegularFile();
    assertThat(run(rig.estate("lab-cs-42x"), "ms1", "hostname")).isEqualTo("ms1\n");
    assertThat(run(rig.estate("lab-cs-42x"), "kvm-ubuntu-1", "dpkg-query -W cloudstack-agent"))
        .isEqualTo("cloudstack-agent\t4.2.1\n");
    assertThat(run(rig.estate("lab-um-46"), "um1", "rpm -q --qf '%{VERSION}' vmware-cloudusagemetering"))
        .isEqualTo("4.6.0.0");
  }
}
