package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProxySettingsTest {

  @Test
  void setsTheProxyKeysAndKeepsTheRest() {
    String before = "# proxy\nPROXY_ENABLED=\"no\"\nNO_PROXY=\"localhost, 127.0.0.1\"\n";
    String after = ProxySettings.apply(before, "http://proxy.example.net:3128");
    assertThat(after).isEqualTo("# proxy\nPROXY_ENABLED=\"yes\"\nNO_PROXY=\"localhost, 127.0.0.1\"\n"
        + "HTTP_PROXY=\"http://proxy.example.net:3128\"\nHTTPS_PROXY=\"http://proxy.example.net:3128\"\n");
    assertThat(ProxySettings.apply(after, "http://proxy.example.net:3128")).isEqualTo(after); // nothing to write twice
  }

  @Test
  void refusesWhatIsNotAProxyUrl() {
    assertThatThrownBy(() -> ProxySettings.apply("", "http://x\"; rm -rf /"))
        .hasMessageStartingWith("proxy: expected http(s)://[user[:password]@]host[:port]");
  }

  @Test
  void writesUserAndPasswordButNeverShowsThemInAnError() {
    assertThat(ProxySettings.apply("", "http://svc:p%40ss@proxy.example.net:3128"))
        .contains("HTTP_PROXY=\"http://svc:p%40ss@proxy.example.net:3128\"");
    assertThatThrownBy(() -> ProxySettings.apply("", "http://svc:s3cr3t@proxy.example.net:3128/\"$(reboot)"))
        .hasMessageContaining("got 'http://***@proxy.example.net:3128/")
        .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("svc");
  }
}
