package org.upgradeflow.gates.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}). Both paths are given explicitly, so Selenium Manager never looks for
 * or downloads a browser or driver. Skipped locally when they are missing; fails when {@code CI} is
 * set, so CI never skips silently. Network events are logged so a test can read response codes.
 */
final class Chromium {

  static final Path BROWSER = Path.of(System.getProperty("upgradeflow.test.chromium", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("upgradeflow.test.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Chromium() {
  }

  static ChromeDriver start() {
    boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    if (!installed && System.getenv("CI") != null) {
      throw new IllegalStateException("browser tests need " + BROWSER + " and " + DRIVER
          + " (apt-get install chromium chromium-driver)");
    }
    Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // root in a container has no user namespace sandbox; /dev/shm may be tiny
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1400,1100", "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Saves a PNG of the page under target/screenshots/ (a test artifact). */
  static Path screenshot(ChromeDriver browser, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.copy(png.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return target;
  }
}
