package org.upgradeflow.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.upgradeflow.lab.shell.ShellAst.CommandList;
import org.upgradeflow.lab.shell.ShellAst.IfCommand;
import org.upgradeflow.lab.shell.ShellAst.SimpleCommand;

/** if/elif/else/fi, assignments and command substitution as the parser sees them. */
class ShellParserTest {

  private static IfCommand firstIf(CommandList list) {
    return (IfCommand) list.items().get(0).andOr().pipelines().get(0).commands().get(0);
  }

  @Test
  void ifElifElseFiWithNesting() throws Exception {
    IfCommand c = firstIf(ShellParser.parse(
        "if a; then if b; then c; fi; elif d\nthen e & f\nelse g; fi > '/tmp/out' 2>&1; h"));
    assertThat(c.conditions()).hasSize(2);
    assertThat(c.bodies()).hasSize(2);
    assertThat(c.elseBody().items()).hasSize(1);
    assertThat(c.redirects()).hasSize(2);
    assertThat(firstIf(c.bodies().get(0)).conditions()).hasSize(1);
    assertThat(c.bodies().get(1).items()).extracting(ShellAst.Item::background).containsExactly(true, false);
    assertThat(c.source()).startsWith("if a;").endsWith("fi > '/tmp/out' 2>&1");
  }

  @Test
  void reservedWordsCountOnlyUnquotedWhereACommandStarts() throws Exception {
    IfCommand c = firstIf(ShellParser.parse("if echo then fi; then echo 'fi' \"else\"; fi"));
    SimpleCommand cond = (SimpleCommand) c.conditions().get(0).items().get(0).andOr().pipelines().get(0).commands().get(0);
    assertThat(cond.words()).extracting(Word::rawText).containsExactly("echo", "then", "fi");
    assertThat(ShellParser.parse("'if' true").items()).hasSize(1);
    // bash accepts a closing word right after a compound command
    assertThat(firstIf(ShellParser.parse("if a; then if b; then c; fi fi")).bodies()).hasSize(1);
  }

  @Test
  void malformedIfIsASyntaxError() {
    assertThatThrownBy(() -> ShellParser.parse("if true; then fi")).hasMessageContaining("unexpected token `fi'");
    assertThatThrownBy(() -> ShellParser.parse("if then")).hasMessageContaining("unexpected token `then'");
    assertThatThrownBy(() -> ShellParser.parse("if true; then echo")).hasMessageContaining("unexpected end of file");
    assertThatThrownBy(() -> ShellParser.parse("if true; then :; fi echo")).hasMessageContaining("unexpected token `echo'");
    assertThatThrownBy(() -> ShellParser.parse("fi")).hasMessageContaining("unexpected token `fi'");
    assertThatThrownBy(() -> ShellParser.parse("if true; then :; else fi")).hasMessageContaining("syntax error");
    assertThatThrownBy(() -> ShellParser.parse("true && fi")).hasMessageContaining("syntax error");
  }

  @Test
  void braceGroupsNestAndTakeRedirections() throws Exception {
    CommandList list = ShellParser.parse("a || { echo x >&2; exit 70; } > '/tmp/o'; b");
    assertThat(list.items()).hasSize(2);
    var group = (ShellAst.GroupCommand) list.items().get(0).andOr().pipelines().get(1).commands().get(0);
    assertThat(group.body().items()).hasSize(2);
    assertThat(group.redirects()).hasSize(1);
    assertThat(group.source()).isEqualTo("{ echo x >&2; exit 70; } > '/tmp/o'");
    assertThat(ShellParser.parse("{ { a; }; if b; then { c; }; fi; }").items()).hasSize(1);
    assertThat(ShellParser.parse("echo } '{'").items()).hasSize(1);
  }

  @Test
  void malformedBraceGroupsAreSyntaxErrors() {
    assertThatThrownBy(() -> ShellParser.parse("{ echo a }")).hasMessageContaining("unexpected end of file");
    assertThatThrownBy(() -> ShellParser.parse("{ }")).hasMessageContaining("unexpected token `}'");
    assertThatThrownBy(() -> ShellParser.parse("}")).hasMessageContaining("unexpected token `}'");
    assertThatThrownBy(() -> ShellParser.parse("if a; then b; }")).hasMessageContaining("unexpected token `}'");
  }

  @Test
  void assignmentsBeforeTheCommandName() throws Exception {
    SimpleCommand c = (SimpleCommand) ShellParser.parse("DEBIAN_FRONTEND=noninteractive apt-get 'install' A=b")
        .items().get(0).andOr().pipelines().get(0).commands().get(0);
    assertThat(c.assignments()).extracting(Word::rawText).containsExactly("DEBIAN_FRONTEND=noninteractive");
    assertThat(c.words()).extracting(Word::rawText).containsExactly("apt-get", "install", "A=b");
    SimpleCommand quoted = (SimpleCommand) ShellParser.parse("'A=b' x").items().get(0).andOr().pipelines().get(0)
        .commands().get(0);
    assertThat(quoted.assignments()).isEmpty();
  }

  @Test
  void commandSubstitutionIsOnePartHoldingItsParsedCommands() throws Exception {
    Word w = ShellTokenizer.tokenize("\"exit=$(cat \"$d/exit\" | tr -d ')')\"").get(0).word();
    assertThat(w.parts()).hasSize(3);
    assertThat(w.parts().get(0).text()).isEqualTo("exit=");
    Word.Part sub = w.parts().get(1);
    assertThat(sub.isSubstitution()).isTrue();
    assertThat(sub.quoted()).isTrue();
    assertThat(sub.text()).isEqualTo("$(cat \"$d/exit\" | tr -d ')')");
    assertThat(sub.substitution().items().get(0).andOr().pipelines().get(0).commands()).hasSize(2);
    Word nested = ShellTokenizer.tokenize("a$(echo $(echo \"x)\"))b").get(0).word();
    assertThat(nested.parts()).extracting(Word.Part::text).containsExactly("a", "$(echo $(echo \"x)\"))", "b");
    assertThat(ShellTokenizer.tokenize("pid=$(cat \"$d/pid\" 2>/dev/null); echo")).hasSize(3);
  }

  @Test
  void aSyntaxErrorInsideASubstitutionIsOneOfTheLine() {
    assertThatThrownBy(() -> ShellParser.parse("echo \"$(if true; then)\"")).hasMessageContaining("syntax error");
    assertThatThrownBy(() -> ShellParser.parse("echo $(echo 'x)")).hasMessageContaining("unterminated");
  }

  @Test
  void theClientsQuotingOfAnInjectionIsOneLiteralWordEvenInsideSubstitutions() throws Exception {
    Word w = ShellTokenizer.tokenize("'x'\\''; rm -rf / #'").get(0).word();
    assertThat(w.rawText()).isEqualTo("x'; rm -rf / #");
    assertThat(w.parts()).noneMatch(Word.Part::expand);
    Word inside = ShellTokenizer.tokenize("\"$(printf '%s' 'x'\\''; rm -rf / #')\"").get(0).word();
    SimpleCommand printf = (SimpleCommand) inside.parts().get(0).substitution().items().get(0).andOr().pipelines()
        .get(0).commands().get(0);
    assertThat(printf.words()).extracting(Word::rawText).containsExactly("printf", "%s", "x'; rm -rf / #");
  }
}
