package org.upgradeflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.upgradeflow.environment.EncryptValueCommand;

@SpringBootApplication
@ConfigurationPropertiesScan
public class UpgradeFlowApplication {

  public static void main(String[] args) {
    // `java -jar upgradeflow.jar encrypt` prints ENC(...) for a value read from stdin,
    // so that no secret has to appear on a command line or in shell history.
    if (args.length > 0 && "encrypt".equals(args[0])) {
      System.exit(EncryptValueCommand.run(System.getenv(), System.in, System.out, System.err));
    }
    SpringApplication.run(UpgradeFlowApplication.class, args);
  }
}
