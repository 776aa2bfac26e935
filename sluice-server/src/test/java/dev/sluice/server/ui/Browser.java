package dev.sluice.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real headless Chromium driven through ChromeDriver: Debian's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, named explicitly so Selenium Manager never looks for (or downloads) a browser. Takes
 * screenshots into {@code target/ui-screenshots} and runs axe-core (vendored in the test resources) on a page.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "ui-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    final WebDriver driver;
    final String base;

    Browser(String base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromedriver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        this.base = base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        }, Duration.ofSeconds(30), "an element " + css);
    }

    /** Clicks the element {@code css} names, finding it again when the page drew it anew meanwhile. */
    void click(String css) {
        waitFor(d -> {
            find(css).click();
            return true;
        }, Duration.ofSeconds(30), "a click on " + css);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Waits until {@code css} shows a text containing {@code expected}. */
    String waitForText(String css, String expected) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.getFirst().getText().contains(expected) ? found.getFirst().getText() : null;
        }, Duration.ofSeconds(60), "'" + expected + "' in " + css);
    }

    <T> T waitFor(ExpectedCondition<T> condition, Duration timeout, String what) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).withMessage("waited for " + what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /** Saves a screenshot as target/ui-screenshots/NAME.png and returns its path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path to = SHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serious and critical accessibility violations axe-core finds on the page, one line each. */
    List<String> axeViolations() {
        if (!(Boolean) js("return typeof axe !== 'undefined'")) js(axeSource());
        String result = (String) asyncJs("const done = arguments[arguments.length - 1];"
                + " axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)),"
                + " e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));");
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode v : JSON.readTree(result)) {
                String impact = v.path("impact").asText();
                if (!impact.equals("serious") && !impact.equals("critical")) continue;
                List<String> targets = new ArrayList<>();
                v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                out.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " at " + targets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getResourceAsStream("/axe/axe-4.11.0.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
