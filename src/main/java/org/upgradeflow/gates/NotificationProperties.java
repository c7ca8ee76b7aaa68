package org.upgradeflow.gates;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where gate and run notifications go ({@code upgradeflow.notifications.*}). E-mail goes out when
 * an SMTP server is configured ({@code spring.mail.host}, port, username, password); webhooks get
 * {@code {"text": "..."}} by JSON POST, which Slack and Microsoft Teams incoming webhooks accept.
 *
 * @param mailFrom sender address of the e-mails
 * @param extraAddresses e-mail addresses that get every notification, besides the users of the candidate groups
 * @param webhooks incoming-webhook URLs that get every notification
 * @param attempts tries per channel before a delivery is given up (logged, never failing the run)
 * @param retryDelay wait before the second try; doubles with every further try
 * @param timeout connect and read timeout of a webhook call
 * @param runGroups the groups told about run-level events (run failed, run finished)
 */
@ConfigurationProperties("upgradeflow.notifications")
public record NotificationProperties(String mailFrom, List<String> extraAddresses, List<String> webhooks,
    Integer attempts, Duration retryDelay, Duration timeout, List<String> runGroups) {

  public NotificationProperties {
    mailFrom = mailFrom == null || mailFrom.isBlank() ? "upgradeflow@localhost" : mailFrom;
    extraAddresses = extraAddresses == null ? List.of() : List.copyOf(extraAddresses);
    webhooks = webhooks == null ? List.of() : webhooks.stream().filter(w -> w != null && !w.isBlank()).toList();
    attempts = attempts == null || attempts < 1 ? 3 : attempts;
    retryDelay = retryDelay == null ? Duration.ofSeconds(10) : retryDelay;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    runGroups = runGroups == null ? List.of("change-managers", "operators") : List.copyOf(runGroups);
  }
}
