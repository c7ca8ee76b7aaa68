package org.upgradeflow.lab.shell;

import java.util.List;
import org.upgradeflow.lab.shell.ShellAst.CommandList;

/**
 * One shell word as written, split into parts by how they were quoted. Expansion ({@code $!},
 * {@code $?}, variables, command substitution) happens later, at run time, and only in parts
 * that allow it.
 */
public record Word(List<Part> parts) {

  public Word {
    parts = List.copyOf(parts);
  }

  /**
   * @param text         the characters, quotes removed; for a command substitution its source
   *                     {@code $(...)} as written
   * @param expand       {@code $} in the text starts an expansion (unquoted or double-quoted text)
   * @param quoted       the text was inside quotes or escaped (no field splitting, no reserved words)
   * @param substitution for a {@code $(...)} part, the parsed commands it runs; null otherwise
   */
  public record Part(String text, boolean expand, boolean quoted, CommandList substitution) {

    public Part(String text, boolean expand, boolean quoted) {
      this(text, expand, quoted, null);
    }

    public boolean isSubstitution() {
      return substitution != null;
    }
  }

  public static Word literal(String text) {
    return new Word(List.of(new Part(text, false, true)));
  }

  /** The word with quotes removed and no expansion; what a reserved-word check looks at. */
  public String rawText() {
    StringBuilder sb = new StringBuilder();
    parts.forEach(p -> sb.append(p.text()));
    return sb.toString();
  }

  /** No part was quoted or escaped. */
  public boolean unquoted() {
    return parts.stream().noneMatch(Part::quoted);
  }
}
