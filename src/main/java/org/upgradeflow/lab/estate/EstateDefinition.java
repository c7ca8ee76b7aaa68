package org.upgradeflow.lab.estate;

import java.util.List;
import org.upgradeflow.environment.Product;

/**
 * One lab estate of the public contract: its id, product, installed release and the version
 * its repository files point at (the series for 4.2 and older, the exact release for 4.3.x,
 * whose series also holds the targets).
 */
public record EstateDefinition(String id, Product product, String release, String repositoryVersion) {

  public static final List<EstateDefinition> ALL = List.of(
      new EstateDefinition("lab-cs-431", Product.CLOUDSTACK, "4.3.1", "4.3.1"),
      new EstateDefinition("lab-cs-430", Product.CLOUDSTACK, "4.3.0", "4.3.0"),
      new EstateDefinition("lab-cs-42x", Product.CLOUDSTACK, "4.2.1", "4.2"),
      new EstateDefinition("lab-cs-41x", Product.CLOUDSTACK, "4.1.1", "4.1"),
      new EstateDefinition("lab-cs-40x", Product.CLOUDSTACK, "4.0.2", "4.0"),
      new EstateDefinition("lab-cs-30x", Product.CLOUDSTACK, "3.0.7", "3.0"),
      new EstateDefinition("lab-cs-2214", Product.CLOUDSTACK, "2.2.14", "2.2"),
      new EstateDefinition("lab-um-42", Product.USAGEMETER, "4.2.0.0", null),
      new EstateDefinition("lab-um-44", Product.USAGEMETER, "4.4.0.0", null),
      new EstateDefinition("lab-um-46", Product.USAGEMETER, "4.6.0.0", null));

  public static EstateDefinition of(String id) {
    return ALL.stream().filter(d -> d.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown lab estate " + id + "; known: "
            + ALL.stream().map(EstateDefinition::id).toList()));
  }
}
