package org.upgradeflow.environment;

/** What an environment runs; the YAML spells it in lower case. */
public enum Product {
  CLOUDSTACK, USAGEMETER
}
