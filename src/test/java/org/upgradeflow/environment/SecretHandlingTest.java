package org.upgradeflow.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.iv.RandomIvGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class SecretHandlingTest {

  static final String MASTER = "correct horse battery staple";
  static final String DB_SECRET = "Db-S3cret-4711";
  static final String KVM_SECRET = "Kvm-S3cret-0815";
  static final String VC_SECRET = "Vc-S3cret-2342";

  @TempDir
  Path dir;
  EnvironmentFiles files;
  final MasterCipher cipher = new MasterCipher(MASTER);

  @BeforeEach
  void setUp() throws Exception {
    files = new EnvironmentFiles(dir);
  }

  private String enc(String value) {
    return "ENC(" + cipher.encrypt(value) + ")";
  }

  @Test
  void encryptedSecretsDecryptWithTheRightMasterPassword() throws Exception {
    Path file = files.write("enc", EnvironmentFiles.VALID_CLOUDSTACK, enc(DB_SECRET), enc(KVM_SECRET), enc(VC_SECRET));
    Environment env = new EnvironmentFileReader(cipher).read(file);
    assertThat(env.database().password().reveal()).isEqualTo(DB_SECRET);
    assertThat(env.host("kvm1").orElseThrow().ssh().password().reveal()).isEqualTo(KVM_SECRET);
    assertThat(env.vmwareClusters().get(0).password().reveal()).isEqualTo(VC_SECRET);
  }

  @Test
  void aWrongMasterPasswordFailsClearlyWithoutPrintingAnything(CapturedOutput output) throws Exception {
    String ciphertext = enc(DB_SECRET);
    Path file = files.write("enc", EnvironmentFiles.VALID_CLOUDSTACK, ciphertext, enc(KVM_SECRET), enc(VC_SECRET));
    assertThatThrownBy(() -> new EnvironmentFileReader(new MasterCipher("wrong master")).read(file))
        .isInstanceOf(InvalidEnvironmentException.class)
        .hasMessageContaining("database.password: cannot be decrypted with the master password from "
            + "UPGRADEFLOW_MASTER_PASSWORD (wrong master password, or the value is damaged)")
        .hasMessageContaining("ssh.roles.kvmHosts.password: cannot be decrypted")
        .hasMessageContaining("vmwareClusters[0].password: cannot be decrypted")
        .hasMessageNotContaining(DB_SECRET)
        .hasMessageNotContaining(ciphertext.substring(4, 20));
    assertThat(output.getAll()).doesNotContain(DB_SECRET);
  }

  @Test
  void ourCiphertextIsPlainJasyptAes256WithRandomIv() {
    // an independently configured jasypt encryptor (what `mvn jasypt:encrypt-value` uses) reads ours
    StandardPBEStringEncryptor independent = new StandardPBEStringEncryptor();
    independent.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
    independent.setPassword(MASTER);
    independent.setIvGenerator(new RandomIvGenerator());
    assertThat(independent.decrypt(cipher.encrypt(DB_SECRET))).isEqualTo(DB_SECRET);
    assertThat(cipher.decrypt(independent.encrypt(DB_SECRET))).isEqualTo(DB_SECRET);
    assertThat(cipher.encrypt(DB_SECRET)).isNotEqualTo(cipher.encrypt(DB_SECRET));
  }

  @Test
  void encryptCommandPrintsAnEncValueFromStdin() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = EncryptValueCommand.run(Map.of(MasterCipher.MASTER_PASSWORD_VARIABLE, MASTER),
        new ByteArrayInputStream((DB_SECRET + "\n").getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true), new PrintStream(err, true));
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(status).isZero();
    assertThat(printed).startsWith("ENC(").endsWith(")").doesNotContain(DB_SECRET);
    assertThat(cipher.decrypt(printed.substring(4, printed.length() - 1))).isEqualTo(DB_SECRET);
  }

  @Test
  void encryptCommandRefusesWithoutMasterPassword() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = EncryptValueCommand.run(Map.of(), new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("set UPGRADEFLOW_MASTER_PASSWORD");
  }

  @Test
  void noRenderingOfTheModelShowsASecret() throws Exception {
    Path file = files.write("enc", EnvironmentFiles.VALID_CLOUDSTACK, enc(DB_SECRET), enc(KVM_SECRET), enc(VC_SECRET));
    Environment env = new EnvironmentFileReader(cipher).read(file);
    String rendered = env.toString() + env.database() + env.hosts() + env.vmwareClusters()
        + env.host("kvm1").orElseThrow().ssh();
    assertThat(rendered).doesNotContain(DB_SECRET, KVM_SECRET, VC_SECRET).contains(Secret.MASK);
  }

  @Test
  void theRegistryLogsProblemsButNoSecretAndSkipsExamples(CapturedOutput output) throws Exception {
    files.write("good", EnvironmentFiles.VALID_CLOUDSTACK, enc(DB_SECRET), enc(KVM_SECRET), enc(VC_SECRET));
    files.write("bad", EnvironmentFiles.VALID_CLOUDSTACK.replace("os: ubuntu", "os: beos"),
        DB_SECRET, KVM_SECRET, VC_SECRET);
    files.write("example-cloudstack", "product: nonsense\n");

    EnvironmentRegistry registry = new EnvironmentRegistry(cipher, dir);

    assertThat(registry.all()).extracting(Environment::id).containsExactly("good");
    assertThat(registry.invalid()).singleElement()
        .satisfies(e -> assertThat(e.problems()).containsExactly(
            "kvmHosts[0].os: expected one of [rhel, ubuntu, photon, xenserver], got 'beos'"));
    assertThat(registry.get("good").database().password().reveal()).isEqualTo(DB_SECRET);
    assertThatThrownBy(() -> registry.get("nope")).hasMessage(
        "environmentId: unknown environment 'nope'; known environments: [good]");
    assertThat(output.getAll()).contains("bad.yaml is invalid").doesNotContain(DB_SECRET, KVM_SECRET, VC_SECRET);
  }

  @Test
  void aMalformedUrlIsRefusedWithoutRepeatingItsCredentials() throws Exception {
    Path file = files.write("urls", EnvironmentFiles.VALID_CLOUDSTACK.replace("zones: [zone1, zone2]",
        "zones: [zone1, zone2]\nproxy: http://op:Pr0xySecret@proxy 8080\nartifacts: ftp://op:Art1factSecret@files/um"));
    assertThatThrownBy(() -> new EnvironmentFileReader(cipher).read(file))
        .isInstanceOfSatisfying(InvalidEnvironmentException.class, e -> assertThat(e.problems())
            .anyMatch(p -> p.startsWith("proxy: expected an http:// or https:// URL"))
            .anyMatch(p -> p.startsWith("artifacts: expected an absolute directory path or an http(s) URL"))
            .noneMatch(p -> p.contains("Secret")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Pr0xySecret", "Art1factSecret"));
  }
}
