package org.upgradeflow.environment;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One cipher serves ENC(...) in application*.yaml (jasypt-spring-boot) and in environment files. */
@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

  @Bean("upgradeflowEncryptor")
  static MasterCipher upgradeflowEncryptor(
      @Value("${" + MasterCipher.MASTER_PASSWORD_VARIABLE + ":}") String masterPassword) {
    return new MasterCipher(masterPassword);
  }
}
