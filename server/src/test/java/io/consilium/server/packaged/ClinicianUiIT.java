package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.server.security.KeycloakTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The clinician UI in real headless Chromium against the packaged server, as a user sees it. Screens are
 * saved to target/screenshots. The audit trail is filled by the application's own {@code audit load}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicianUiIT {

    private static final int AUDIT_RECORDS = 12;

    @TempDir
    static Path work;

    private static Process server;
    private static String base;

    @BeforeAll
    static void startServer() throws Exception {
        var load = new PackagedApplication(work, Map.of(), List.of(), "audit", "load", "--stream", "e2e-ui",
                "--writers", "1", "--records", String.valueOf(AUDIT_RECORDS)).run();
        assertThat(load.exitCode()).as(load.output()).isZero();
        int port = PackagedApplication.freePort();
        base = "http://127.0.0.1:" + port;
        // Sign-in goes through the real Keycloak that scripts/test.sh starts (development realm).
        String issuer = KeycloakTestClient.keycloakUrl() + "/realms/consilium";
        var app = new PackagedApplication(work, Map.of("CONSILIUM_OIDC_AUTH_SERVER_URL", issuer),
                List.of("-Dquarkus.http.port=" + port), "serve");
        server = app.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                var ready = client.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("server did not become ready: " + app.output());
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 800", "1920, 1080"})
    void theWorklistIsReadableOnALaptopAndAReadingRoomScreen(int width, int height) throws Exception {
        try (Browser browser = new Browser(width, height)) {
            signIn(browser, base + "/", "rad1");
            assertThat(browser.visible(By.cssSelector("main h1")).getText()).isEqualTo("Worklist");
            assertThat(browser.awaitText(By.id("summary"), "Showing")).isEqualTo("Showing 0 of 0 studies.");
            assertThat(browser.visible(By.id("empty-state")).getText()).isEqualTo("No studies in the worklist.");
            assertThat(browser.findAll(By.cssSelector("#worklist th")).stream().map(WebElement::getText))
                    .as("newest first by default").containsExactly("Received▼", "Modality", "Description", "Status", "Study UID", "");
            // Signed in through Keycloak: the radiologist's name and role, and only the screens the role allows.
            assertThat(browser.visible(By.id("user")).getText()).contains("radiologist").contains("Sign out");
            assertThat(browser.findAll(By.cssSelector("#nav a")).stream().map(WebElement::getText))
                    .contains("Worklist", "Help").doesNotContain("Audit trail", "Abutments");
            assertThat(browser.scrollsSideways()).isFalse();
            browser.screenshot("worklist-" + width + "x" + height);
        }
    }

    @Order(2)
    @Test
    void theAuditorSeesTheRecordsAVerifiedChainAndCanFilter() throws Exception {
        try (Browser browser = new Browser(1280, 800)) {
            signIn(browser, base + "/#/audit", "aud1");
            assertThat(browser.awaitText(By.id("audit-verification"), "Chain intact"))
                    .matches("Chain intact: \\d+ record\\(s\\) in \\d+ stream\\(s\\) verified end to end\\.");
            browser.awaitText(By.id("audit-summary"), "record(s) on page 1");
            List<WebElement> rows = browser.findAll(By.cssSelector("#audit-table tbody tr"));
            assertThat(rows).hasSizeGreaterThanOrEqualTo(AUDIT_RECORDS);
            assertThat(rows.stream().map(WebElement::getText)).anyMatch(r -> r.contains("load.write")
                    && r.contains("load-writer-0") && r.contains("e2e-ui #"));

            browser.find(By.id("audit-action")).sendKeys("load.write");
            browser.find(By.id("audit-user")).sendKeys("load-writer-0", Keys.ENTER);
            assertThat(browser.awaitText(By.id("audit-summary"), "record(s)"))
                    .isEqualTo(AUDIT_RECORDS + " record(s) on page 1, newest first.");
            browser.screenshot("audit-1280x800");

            browser.find(By.id("audit-user")).sendKeys("-nobody", Keys.ENTER);
            assertThat(browser.awaitText(By.id("audit-summary"), "record(s)")).startsWith("0 record(s)");
        }
    }

    @Order(3)
    @Test
    void helpListsTheKeyboardShortcutsAndOpensWithQuestionMark() throws Exception {
        try (Browser browser = new Browser(1280, 800)) {
            signIn(browser, base + "/#/worklist", "rad1");
            browser.visible(By.id("summary"));
            browser.find(By.tagName("body")).sendKeys("?");
            String shortcuts = browser.visible(By.id("shortcuts")).getText();
            assertThat(shortcuts).contains("Ctrl+Z Undo").contains("1 Window: CT soft tissue (W400 L40)")
                    .contains("B Brush tool").contains("Ctrl+Enter Submit (complete the Task)");
            browser.screenshot("help-1280x800");
            browser.find(By.tagName("body")).sendKeys("g");
            assertThat(browser.visible(By.cssSelector("main h1")).getText()).isEqualTo("Worklist");
        }
    }

    @Order(4)
    @Test
    void theAbutmentCaseFormChecksTheCaseBeforeSendingIt() throws Exception {
        try (Browser browser = new Browser(1280, 800)) {
            signIn(browser, base + "/#/abutment", "dent1");
            browser.visible(By.cssSelector("#fdi-chart button[data-tooth='36']")).click();
            browser.find(By.cssSelector("#fdi-chart button[data-tooth='46']")).click();
            assertThat(browser.findAll(By.cssSelector("#sites .site strong")).stream().map(WebElement::getText))
                    .containsExactly("36 — lower left first molar", "46 — lower right first molar");
            browser.find(By.cssSelector("#case-form button[type='submit']")).click();
            assertThat(browser.visible(By.id("case-problems")).getText())
                    .isEqualTo("Case ID is required (no patient identifiers).");
            browser.screenshot("abutment-form-1280x800");
        }
    }

    /** Last: the server goes away under an open worklist, and the user is told so. */
    @Order(5)
    @Test
    void aStoppedServerIsReportedClearly() throws Exception {
        try (Browser browser = new Browser(1280, 800)) {
            signIn(browser, base + "/#/worklist", "rad1");
            browser.awaitText(By.id("summary"), "Showing");
            stopServer();
            browser.find(By.id("refresh")).click();
            // The worklist and the Tasks both fail; either message may be the one shown last.
            assertThat(browser.awaitText(By.cssSelector("#banners [data-topic='server'] span"), "Server unreachable"))
                    .startsWith("Server unreachable while loading").endsWith("Check the connection and retry.");
            assertThat(browser.visible(By.id("summary")).getText()).isEqualTo("Worklist unavailable.");
            browser.screenshot("server-down-1280x800");
        }
    }

    /** Opens the app, which sends the browser to Keycloak's sign-in page (authorization code + PKCE), and signs in. */
    private static void signIn(Browser browser, String url, String user) {
        browser.open(url);
        browser.visible(By.id("username")).sendKeys(user);
        browser.find(By.id("password")).sendKeys(user, Keys.ENTER);
        browser.awaitText(By.id("user"), "Sign out");
    }
}
