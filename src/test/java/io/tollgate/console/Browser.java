package io.tollgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) driven
 * by Selenium, with the console's own helpers: sign in, open a page, run axe-core on it, save a
 * screenshot. No Selenium Manager download: the driver and browser paths are given.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("tollgate.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("tollgate.chromedriver", "/usr/bin/chromedriver"));
    public final ChromeDriver driver;
    private final String base;
    private WebElement leaving;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A fresh browser (its own cookies) on the server at {@code port}; skipped where no Chromium is installed. */
    public static Browser open(int port) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium and chromedriver are not installed (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US", "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, "http://localhost:" + port);
    }

    public Browser go(String path) {
        driver.get(base + path);
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> "complete".equals(
                ((ChromeDriver) d).executeScript("return document.readyState")));
        return this;
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    public Browser signIn(String email, String password) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(password);
        return click("form button[type=submit]");
    }

    public Browser signOut() {
        return click("header form button");
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public String h1() {
        return text("h1");
    }

    /** Fills a field by its label's {@code for} id (waiting a little for it, and saying what page it was not on). */
    public Browser fill(String id, String value) {
        WebElement e;
        try {
            e = new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.id(id)));
        } catch (org.openqa.selenium.TimeoutException t) {
            throw new AssertionError("no field #" + id + " on " + path() + ": "
                    + driver.findElement(By.tagName("body")).getText().lines().limit(8).toList(), t);
        }
        String type = String.valueOf(e.getAttribute("type"));
        if (e.getTagName().equals("select")) {
            new org.openqa.selenium.support.ui.Select(e).selectByValue(value);
        } else if (type.equals("date") || type.equals("datetime-local")) {
            // typed keys land in the browser's segmented date widget by locale; the value is what a picker sets
            driver.executeScript("arguments[0].value = arguments[1]", e, value);
        } else {
            e.clear();
            e.sendKeys(value);
        }
        return this;
    }

    /**
     * Clicks a link or submit button and waits until the browser has left the page (or a
     * confirmation dialog asks first; {@link #accept()} then waits). Without the wait, a read right
     * after the click can still see the old page: a click returns before the navigation it starts.
     */
    public Browser click(String css) {
        leaving = driver.findElement(By.tagName("html"));
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            if (ExpectedConditions.alertIsPresent().apply(d) != null) {
                return true;
            }
            return gone(d);
        });
        return this;
    }

    /** Whether the page clicked on is gone; Chromium may say so as a detached node rather than a stale one. */
    private boolean gone(org.openqa.selenium.WebDriver d) {
        try {
            return ExpectedConditions.stalenessOf(leaving).apply(d);
        } catch (org.openqa.selenium.WebDriverException e) {
            return e.getMessage() != null && e.getMessage().contains("does not belong to the document");
        }
    }

    /** Accepts the confirmation dialog a form asks for and waits for the page it leads to. */
    public Browser accept() {
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(this::gone);
        return this;
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Waits until Chart.js has drawn the chart on canvas {@code id}. */
    public Browser chartDrawn(String canvasId) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(
                ((ChromeDriver) d).executeScript("return typeof Chart !== 'undefined' && !!Chart.getChart(arguments[0])",
                        canvasId)));
        return this;
    }

    /** axe-core on the current page: no serious or critical violation. */
    public Browser accessible() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .analyze(driver);
        List<String> bad = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(Browser::describe).toList();
        assertThat(bad).as("axe-core violations on " + path()).isEmpty();
        return this;
    }

    private static String describe(Rule r) {
        return r.getImpact() + " " + r.getId() + ": " + r.getHelp() + " at " + r.getNodes().stream()
                .map(n -> String.valueOf(n.getTarget())).limit(3).toList();
    }

    /**
     * Saves a screenshot of the page to {@code docs/console/<name>.png}, only when run with
     * {@code -Dtollgate.screenshots=true} (so that a test run leaves the checkout unchanged).
     */
    public Browser screenshot(String name) {
        if (!Boolean.getBoolean("tollgate.screenshots")) {
            return this;
        }
        try {
            Path dir = Path.of("docs/console");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    public Browser width(int px) {
        driver.manage().window().setSize(new Dimension(px, 900));
        return this;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
