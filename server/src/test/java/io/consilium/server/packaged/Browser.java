package io.consilium.server.packaged;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Debian chromium, headless, driven through the Debian chromedriver (never a downloaded one),
 * with screenshots saved under {@code target/screenshots} as test artifacts.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("consilium.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("consilium.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("consilium.screenshots", "target/screenshots"));

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    Browser(int width, int height) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: run scripts/setup.sh (installs chromium and "
                        + "chromium-driver), or run the suite with scripts/test.sh");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu-sandbox",
                "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-gpu-compositing", "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--lang=en-GB", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        // Screens re-render parts of themselves: an element found may be replaced before it is read.
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until the element is visible and returns it. */
    WebElement visible(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until the element's text contains {@code text}, then returns the whole text. */
    String awaitText(By locator, String text) {
        return wait.until(d -> {
            String now = d.findElement(locator).getText();
            return now.contains(text) ? now : null;
        });
    }

    /** Waits until the element's text no longer contains {@code text}, then returns the whole text. */
    String awaitTextWithout(By locator, String text) {
        return wait.until(d -> {
            String now = d.findElement(locator).getText();
            return now.contains(text) ? null : now;
        });
    }

    /** Real pointer and keyboard input (the WebDriver actions API), e.g. a brush stroke on a canvas. */
    Actions actions() {
        return new Actions(driver);
    }

    /** Types keys into whatever has the focus, as a user does with the keyboard. */
    void press(CharSequence... keys) {
        actions().sendKeys(keys).perform();
    }

    /** A shortcut such as Ctrl+Shift+Z: the modifiers are held down while {@code key} is pressed. */
    void pressWith(CharSequence key, Keys... modifiers) {
        Actions actions = actions();
        for (Keys modifier : modifiers) {
            actions = actions.keyDown(modifier);
        }
        actions = actions.sendKeys(key);
        for (Keys modifier : modifiers) {
            actions = actions.keyUp(modifier);
        }
        actions.perform();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    WebElement find(By locator) {
        return driver.findElement(locator);
    }

    List<WebElement> findAll(By locator) {
        return driver.findElements(locator);
    }

    Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** Horizontal overflow makes a screen unreadable at this size. */
    boolean scrollsSideways() {
        return (Boolean) script("return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
    }

    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    String consoleErrors() {
        return driver.manage().logs().getAvailableLogTypes().contains("browser")
                ? driver.manage().logs().get("browser").getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                        .map(Object::toString).reduce("", (a, b) -> a + "\n" + b)
                : "";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
