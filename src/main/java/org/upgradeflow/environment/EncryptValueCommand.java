package org.upgradeflow.environment;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code java -jar upgradeflow.jar encrypt}: reads one value (hidden on a terminal, else the
 * first line of stdin) and prints it as ENC(...) for environment files and application*.yaml.
 */
public final class EncryptValueCommand {

  private EncryptValueCommand() {
  }

  public static int run(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    MasterCipher cipher = new MasterCipher(env.get(MasterCipher.MASTER_PASSWORD_VARIABLE));
    if (!cipher.hasMasterPassword()) {
      err.println("encrypt: set " + MasterCipher.MASTER_PASSWORD_VARIABLE + " to the master password first");
      return 2;
    }
    String value;
    Console console = System.console();
    try {
      if (console != null && in == System.in) {
        char[] chars = console.readPassword("Value to encrypt: ");
        value = chars == null ? null : new String(chars);
      } else {
        value = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      }
    } catch (IOException e) {
      err.println("encrypt: cannot read the value: " + e.getMessage());
      return 2;
    }
    if (value == null || value.isEmpty()) {
      err.println("encrypt: no value given on stdin");
      return 2;
    }
    out.println("ENC(" + cipher.encrypt(value) + ")");
    return 0;
  }
}
