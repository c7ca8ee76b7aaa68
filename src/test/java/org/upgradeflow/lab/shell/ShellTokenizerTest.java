package org.upgradeflow.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTokenizerTest {

  @Test
  void singleQuotesKeepEverythingLiterally() throws Exception {
    assertThat(ShellTokenizer.words("systemctl stop 'cloudstack-management'"))
        .containsExactly("systemctl", "stop", "cloudstack-management");
    assertThat(ShellTokenizer.words("echo '$HOME \\n \"x\" && y'"))
        .containsExactly("echo", "$HOME \\n \"x\" && y");
  }

  @Test
  void injectionAttemptIsOneWord() throws Exception {
    // the client's quoting of  x'; rm -rf / #
    assertThat(ShellTokenizer.words("printf '%s' 'x'\\''; rm -rf / #'"))
        .containsExactly("printf", "%s", "x'; rm -rf / #");
  }

  @Test
  void doubleQuotesEscapeOnlyTheirSpecials() throws Exception {
    assertThat(ShellTokenizer.words("echo \"a \\\"b\\\" \\$c \\n\""))
        .containsExactly("echo", "a \"b\" $c \\n");
    assertThat(ShellTokenizer.words("echo \"\" ''")).containsExactly("echo", "", "");
  }

  @Test
  void backslashOutsideQuotesEscapesTheNextCharacter() throws Exception {
    assertThat(ShellTokenizer.words("echo a\\ b \\' c\\;d")).containsExactly("echo", "a b", "'", "c;d");
  }

  @Test
  void commentsRunToTheEndOfTheLineButHashInsideAWordIsLiteral() throws Exception {
    assertThat(ShellTokenizer.words("echo a#b # a comment")).containsExactly("echo", "a#b");
  }

  @Test
  void operatorsAndRedirectionsAreTokens() throws Exception {
    List<Token> tokens = ShellTokenizer.tokenize("a&&b||c;d|e&f >x 2>&1 <y >>z");
    assertThat(tokens).extracting(Token::display)
        .containsExactly("a", "&&", "b", "||", "c", ";", "d", "|", "e", "&", "f", ">", "x", ">&", "1", "<", "y", ">>",
            "z");
    Token dup = tokens.get(13);
    assertThat(dup.kind()).isEqualTo(Token.Kind.REDIRECT);
    assertThat(dup.fd()).isEqualTo(2);
  }

  @Test
  void digitsOnlyBecomeADescriptorWhenTouchingTheOperator() throws Exception {
    assertThat(ShellTokenizer.tokenize("echo 2 >x")).extracting(Token::display).containsExactly("echo", "2", ">", "x");
  }

  @Test
  void refusesWhatTheLabDoesNotImplement() {
    assertThatThrownBy(() -> ShellTokenizer.words("echo 'open")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> ShellTokenizer.tokenize("echo $((1 + 1))")).hasMessageContaining("arithmetic");
    assertThatThrownBy(() -> ShellTokenizer.tokenize("echo $(id")).hasMessageContaining("syntax error");
    assertThatThrownBy(() -> ShellTokenizer.tokenize("echo `id`")).hasMessageContaining("command substitution");
    assertThatThrownBy(() -> ShellTokenizer.tokenize("(cd /)")).hasMessageContaining("syntax error");
    assertThatThrownBy(() -> ShellTokenizer.tokenize("cat <<EOF")).hasMessageContaining("here-documents");
  }

  @Test
  void parserKeepsTheSourceOfBackgroundItems() throws Exception {
    ShellAst.CommandList list = ShellParser.parse(
        "mkdir '/var/tmp/j' && setsid nohup sh -c 'sleep 1' > '/var/tmp/j/log' 2>&1 < /dev/null & echo $!");
    assertThat(list.items()).hasSize(2);
    assertThat(list.items().get(0).background()).isTrue();
    assertThat(list.items().get(0).source())
        .isEqualTo("mkdir '/var/tmp/j' && setsid nohup sh -c 'sleep 1' > '/var/tmp/j/log' 2>&1 < /dev/null");
    assertThat(list.items().get(0).andOr().pipelines().get(1).commands().get(0).redirects()).hasSize(3);
    assertThat(list.items().get(1).background()).isFalse();
  }

  @Test
  void parserRefusesCompoundCommandsAndDanglingOperators() {
    assertThatThrownBy(() -> ShellParser.parse("while true; do echo; done")).hasMessageContaining("not supported");
    assertThatThrownBy(() -> ShellParser.parse("case x in x) ;; esac")).hasMessageContaining("syntax error");
    assertThatThrownBy(() -> ShellParser.parse("echo a &&")).hasMessageContaining("syntax error");
    assertThatThrownBy(() -> ShellParser.parse("; echo")).hasMessageContaining("syntax error");
    assertThatThrownBy(() -> ShellParser.parse("echo >")).hasMessageContaining("syntax error");
  }
}
