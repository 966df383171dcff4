package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.server.security.AccessDenials;
import io.consilium.server.security.KeycloakTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The clinician UI in real headless Chromium against the packaged server ({@code serve --demo}: a sample CT study
 * segmented by the workflow, one review Task per expert, a dental abutment case), signed in through the real
 * Keycloak, as a user sees it. Screens are saved to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicianUiIT {

    private static final Pattern TASK_LINE = Pattern.compile("Task for (\\S+)\\s+(\\d+) pixels\\s+\\S+/api/tasks/(\\S+)");
    private static final Pattern RESULT_LINE = Pattern.compile("Result:\\s+\\S+/api/results/(\\S+)");
    private static final Pattern CASE_LINE = Pattern.compile("Abutment case:\\s+\\S+/api/abutment/cases/(\\S+)");

    /**
     * Where on the review overlay (CSS pixels of the canvas, AI mask hidden) a region is shown: "mine" = my deferred
     * pixels not yet labelled (my expert colour, no label on top), "solid" = such a pixel with more of them all
     * around, "empty" = nothing deferred near (locked pixels).
     * Returns the point whose 13x13 neighbourhood matches best, or null.
     */
    private static final String FIND_ON_OVERLAY = """
            const [kind, fromX, fromY] = arguments;
            const c = document.getElementById('overlay');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const at = (x, y) => (y * c.width + x) * 4;
            const mine = (x, y) => { const o = at(x, y); return d[o + 3] > 40 && d[o + 2] > 120 && d[o] < 60; };
            // 'solid': mine all around, so a click lands on one of my unlabelled image pixels whichever way the
            // canvas-to-image rounding goes.
            const solid = (x, y) => { for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (!mine(x + dx, y + dy)) return false; return true; };
            const anywhere = kind !== 'empty';
            const test = kind === 'mine' ? mine : kind === 'solid' ? solid : (x, y) => d[at(x, y) + 3] === 0;
            const x0 = anywhere ? 8 : fromX - 40, x1 = anywhere ? c.width - 8 : fromX + 40;
            const y0 = anywhere ? 8 : fromY - 40, y1 = anywhere ? c.height - 8 : fromY + 40;
            let best = null, score = -1;
            const step = kind === 'solid' ? 1 : 2;
            for (let y = y0; y < y1; y += step) for (let x = x0; x < x1; x += step) {
              if (!test(x, y)) continue;
              let s = 0;
              for (let dy = -6; dy <= 6; dy += 3) for (let dx = -6; dx <= 6; dx += 3) if (test(x + dx, y + dy)) s++;
              if (s > score) { score = s; best = [x, y]; }
            }
            return best !== null && score >= (kind === 'mine' ? 10 : kind === 'solid' ? 1 : 25) ? best : null;
            """;

    @TempDir
    static Path work;

    private static Process server;
    private static String base;
    private static final Map<String, String> taskOf = new HashMap<>();
    private static final Map<String, Long> regionOf = new HashMap<>();
    private static String resultId;
    private static String abutmentCaseId;

    @BeforeAll
    static void startServerWithTheDemo() throws Exception {
        int port = PackagedApplication.freePort();
        base = "http://127.0.0.1:" + port;
        // Sign-in goes through the real Keycloak that scripts/test.sh starts (development realm).
        String issuer = KeycloakTestClient.keycloakUrl() + "/realms/consilium";
        var app = new PackagedApplication(work, Map.of("CONSILIUM_OIDC_AUTH_SERVER_URL", issuer),
                List.of("-Dquarkus.http.port=" + port), "serve", "--demo");
        server = app.start();
        String output = app.awaitOutput("Press Ctrl+C to stop.", Duration.ofMinutes(4));
        assertThat(output).as("serve --demo").contains("Press Ctrl+C to stop.").doesNotContain("segmentation FAILED");
        Matcher tasks = TASK_LINE.matcher(output);
        while (tasks.find()) {
            taskOf.put(tasks.group(1), tasks.group(3));
            regionOf.put(tasks.group(1), Long.parseLong(tasks.group(2)));
        }
        assertThat(taskOf).as(output).containsKey("rad1");
        resultId = group(RESULT_LINE, output);
        abutmentCaseId = group(CASE_LINE, output);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var ready = client.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(ready.statusCode()).isEqualTo(200);
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
    void theWorklistAndTheViewerAreReadableOnALaptopAndAReadingRoomScreen(int width, int height) throws Exception {
        try (Browser browser = new Browser(width, height)) {
            signIn(browser, base + "/", "rad1");
            assertThat(browser.visible(By.cssSelector("main h1")).getText()).isEqualTo("Worklist");
            assertThat(browser.awaitText(By.id("summary"), "Showing")).isEqualTo("Showing 1 of 1 studies.");
            assertThat(browser.findAll(By.cssSelector("#worklist th")).stream().map(WebElement::getText))
                    .as("newest first by default").containsExactly("Received▼", "Modality", "Description", "Status", "Study UID", "");
            assertThat(browser.find(By.cssSelector("#worklist tbody tr")).getText())
                    .contains("CT", "Sample CT abdomen (synthetic phantoms)", "In review");
            // My review Task, with what a radiologist triages by: priority, status, age, progress.
            assertThat(browser.awaitText(By.cssSelector("#tasks-section .summary"), "Showing")).isEqualTo("Showing 1 of 1 Tasks.");
            assertThat(browser.find(By.cssSelector("#task-list tbody tr")).getText())
                    .contains("Routine", "Ready", String.format(Locale.ENGLISH, "0 / %,d px (0 %%)", regionOf.get("rad1")));
            // Signed in through Keycloak: the radiologist's name and role, and only the screens the role allows.
            assertThat(browser.visible(By.id("user")).getText()).contains("radiologist").contains("Sign out");
            assertThat(browser.findAll(By.cssSelector("#nav a")).stream().map(WebElement::getText))
                    .contains("Worklist", "Help").doesNotContain("Audit trail", "Abutments");
            assertThat(browser.scrollsSideways()).isFalse();
            browser.screenshot("worklist-" + width + "x" + height);

            browser.find(By.cssSelector("#task-list tbody tr a")).click();
            awaitAllSlices(browser);
            assertThat(browser.find(By.id("status-bar")).getText()).contains("Slice 1 / 40", "W 400 / L 40");
            assertThat(browser.find(By.id("submit")).isDisplayed()).isTrue();
            assertThat(browser.scrollsSideways()).isFalse();
            assertThat(browser.script("const t = document.querySelector('.toolbar');"
                    + " return t.scrollWidth <= t.clientWidth;")).as("tool panel fits without clipping").isEqualTo(true);
            assertThat(browser.script("const d = document.documentElement; return d.scrollHeight <= d.clientHeight;"))
                    .as("the viewer fits the screen").isEqualTo(true);
            browser.screenshot("task-viewer-" + width + "x" + height);
        }
    }

    @Order(2)
    @Test
    void studiesAreFilteredAndSorted() {
        try (Browser browser = new Browser(1280, 800)) {
            signIn(browser, base + "/#/worklist", "rad1");
            browser.awaitText(By.id("summary"), "Showing 1 of 1");
            browser.find(By.id("filter-text")).sendKeys("chest");
            assertThat(browser.awaitText(By.id("summary"), "Showing")).isEqualTo("Showing 0 of 1 studies.");
            assertThat(browser.visible(By.id("empty-state")).getText()).isEqualTo("No studies match the current filters.");
            browser.find(By.id("filter-text")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "abdomen");
            assertThat(browser.awaitText(By.id("summary"), "Showing")).isEqualTo("Showing 1 of 1 studies.");
            browser.find(By.cssSelector("#worklist th button[data-column='modality']")).click();
            assertThat(browser.awaitText(By.cssSelector("#worklist thead"), "Modality▲")).contains("Received");
        }
    }

    /**
     * The expert's day: open the Task from the worklist, paint the deferred pixels with the mouse, see the progress,
     * find everything else locked, lose the session without losing the edits, submit; with the other expert done too,
     * the result view turns FINAL by itself and shows the merged mask by provenance with its key numbers.
     */
    @Order(3)
    @Test
    void anExpertPaintsTheirDeferredPixelsSubmitsAndSeesTheMergedResult() throws Exception {
        String task = taskOf.get("rad1");
        String region = String.format(Locale.ENGLISH, "%,d", regionOf.get("rad1"));
        try (Browser browser = new Browser(1280, 800)) {
            signIn(browser, base + "/#/worklist", "rad1");
            browser.visible(By.cssSelector("#task-list tr[data-task='" + task + "'] a")).click();
            String initial = awaitAllSlices(browser);
            assertThat(initial).isEqualTo("My region: 0 / " + region + " px (0 %)");
            assertThat(browser.find(By.id("task-status")).getText()).isEqualTo("READY");

            // Hide the AI mask (M) so my deferred pixels and my labels are what the overlay shows.
            browser.press("m");
            assertThat(browser.find(By.id("toggle-showAiMask")).isSelected()).isFalse();
            WebElement overlay = browser.find(By.id("overlay"));
            List<Long> mine = pointOnOverlay(browser, "mine", 0, 0);
            assertThat(mine).as("pixels deferred to rad1 on slice 1").isNotNull();

            // Brush (B) stroke with the real mouse through my region.
            browser.press("b");
            stroke(browser, overlay, mine, 6, 2);
            String painted = browser.awaitTextWithout(By.id("progress-text"), "My region: 0 /");
            long done = donePixels(painted);
            assertThat(done).isPositive();
            assertThat(browser.awaitText(By.id("save-label"), "Saved")).startsWith("Saved");
            assertThat(isMine(browser, mine)).as("the painted pixel shows my label").isFalse();
            assertThat(browser.awaitText(By.id("task-status"), "IN_PROGRESS")).as("live from the server").isEqualTo("IN_PROGRESS");

            // Undo and redo from the keyboard: my label goes and comes back.
            browser.pressWith("z", Keys.CONTROL);
            assertThat(isMine(browser, mine)).as("undone").isTrue();
            browser.pressWith("z", Keys.CONTROL, Keys.SHIFT);
            assertThat(isMine(browser, mine)).as("redone").isFalse();

            // Locked: a stroke where nothing is deferred to me changes nothing, and the fill tool says why.
            List<Long> locked = pointOnOverlay(browser, "empty", width(overlay) / 2, height(overlay) * 78 / 100);
            assertThat(locked).as("a pixel the AI decides, inside the body").isNotNull();
            stroke(browser, overlay, locked, 8, 0);
            assertThat(browser.find(By.id("progress-text")).getText()).isEqualTo(painted);
            browser.press("f");
            click(browser, overlay, locked);
            assertThat(browser.awaitText(By.id("save-label"), "Locked")).isEqualTo("Locked: this pixel is not deferred to you");
            // Region fill within my region: a click labels the connected unlabelled pixels of my region.
            List<Long> unlabelled = pointOnOverlay(browser, "solid", 0, 0);
            assertThat(unlabelled).as("more of my pixels to decide").isNotNull();
            click(browser, overlay, unlabelled);
            String filled = browser.awaitTextWithout(By.id("progress-text"), painted);
            assertThat(donePixels(filled)).isGreaterThan(done);
            assertThat(isMine(browser, unlabelled)).as("filled").isFalse();
            assertThat(browser.findAll(By.cssSelector("#banners .banner-error"))).as("no refusal from the server").isEmpty();

            // Window presets and scrolling from the keyboard.
            browser.press("2");
            assertThat(browser.awaitText(By.id("window-label"), "1500")).isEqualTo("W 1500 / L -600");
            browser.press("3");
            assertThat(browser.awaitText(By.id("window-label"), "1800")).isEqualTo("W 1800 / L 400");
            browser.press("1");
            browser.press(Keys.ARROW_DOWN);
            assertThat(browser.awaitText(By.id("slice-label"), "Slice 2")).isEqualTo("Slice 2 / 40");
            browser.press(Keys.ARROW_UP);
            browser.awaitText(By.id("slice-label"), "Slice 1 /");
            browser.awaitText(By.id("save-label"), "Saved");
            browser.screenshot("task-painted-1280x800");

            // The session ends (access token expired, refresh refused): the edit is kept here and saved after sign-in.
            long labelledBefore = labelledOnServer(task);
            browser.script("""
                    for (const key of Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:'))) {
                      const user = JSON.parse(sessionStorage.getItem(key));
                      user.expires_at = Math.floor(Date.now() / 1000) - 60;
                      user.refresh_token = 'ended';
                      sessionStorage.setItem(key, JSON.stringify(user));
                    }""");
            browser.press("e");
            stroke(browser, overlay, mine, 6, 2);
            assertThat(browser.awaitText(By.cssSelector("#banners [data-topic='session'] span"), "session has expired"))
                    .isEqualTo("Your session has expired while saving slice 1. Sign in again; unsaved edits are kept on"
                            + " this computer.");
            assertThat(browser.awaitText(By.id("save-label"), "kept")).isEqualTo("Slice 1 kept on this computer, not yet saved");
            browser.screenshot("session-expired-1280x800");
            browser.find(By.xpath("//*[@id='banners']//button[normalize-space()='Sign in again']")).click();
            // Keycloak's single sign-on session is still open: straight back to the Task, where the draft is saved.
            assertThat(browser.awaitText(By.cssSelector("#banners [data-topic='drafts'] span"), "kept"))
                    .containsAnyOf("restored edits kept on this computer", "kept during an interruption are now saved");
            awaitAllSlices(browser);
            awaitServer(() -> labelledOnServer(task) < labelledBefore, "the erasure made while signed out reaches the server");
            assertThat(browser.find(By.id("task-status")).getText()).isEqualTo("IN_PROGRESS");

            // Submit (Ctrl+Enter): the Task completes and the result is awaiting the other expert.
            browser.pressWith(Keys.ENTER, Keys.CONTROL);
            assertThat(browser.awaitText(By.cssSelector("#banners [data-topic='submit'] span"), "submitted"))
                    .startsWith("Review submitted.");
            assertThat(browser.awaitText(By.id("result-status"), "AWAITING_REVIEW")).isEqualTo("AWAITING_REVIEW");
            assertThat(browser.url()).endsWith("#/results/" + resultId);

            // The other expert completes through the REST API; the open result view updates live.
            taskOf.forEach((expert, id) -> {
                if (!expert.equals("rad1")) {
                    KeycloakTestClient.as(expert).post(base + "/api/tasks/" + id + "/completion").then().statusCode(200);
                }
            });
            assertThat(browser.awaitText(By.id("result-status"), "FINAL")).isEqualTo("FINAL");
            var result = KeycloakTestClient.as("rad1").get(base + "/api/results/" + resultId).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(browser.find(By.id("deferral-rate")).getText())
                    .isEqualTo(String.format(Locale.ENGLISH, "%.1f %%", 100 * result.getDouble("deferralRate")));
            String shares = browser.find(By.id("expert-share")).getText();
            for (String expert : List.of("rad1", "rad2")) {
                assertThat(shares).contains(String.format(Locale.ENGLISH, "%s %.1f %%", expert,
                        100 * result.getDouble("expertShare." + expert)));
            }
            assertThat(browser.find(By.id("volume")).getText()).endsWith(" ml");
            assertThat(browser.find(By.id("seg-uid")).getText()).isEqualTo(result.getString("segInstanceUid"));
            browser.find(By.id("seg-download")).click();
            assertThat(browser.awaitText(By.id("seg-download"), "Downloaded")).matches("Downloaded \\(\\d+ KB\\)");
            assertThat(browser.find(By.id("toggle-merged")).isSelected()).as("merged mask by provenance").isTrue();
            assertThat(browser.findAll(By.cssSelector(".legend li")).stream().map(WebElement::getText))
                    .containsExactly("AI", "rad1 (me)", "rad2");
            assertThat(browser.find(By.id("slice-provenance")).getText())
                    .matches("Merged mask on this slice: AI [\\d,]+ px · rad1 [\\d,]+ px · rad2 [\\d,]+ px");
            browser.screenshot("result-final-1280x800");

            browser.press("g");
            browser.awaitText(By.id("summary"), "Showing 1 of 1");
            assertThat(browser.awaitText(By.cssSelector("#tasks-section .summary"), "Showing"))
                    .as("open Tasks only, by default").isEqualTo("Showing 0 of 1 Tasks.");
            browser.find(By.id("task-open-only")).click();
            assertThat(browser.awaitText(By.cssSelector("#task-list tbody"), "Completed")).contains("View");
            assertThat(browser.find(By.cssSelector("#worklist tbody tr")).getText()).contains("Final");
        }
    }

    @Order(4)
    @Test
    void theAuditorFindsTheReviewInAVerifiedChain() throws Exception {
        try (Browser browser = new Browser(1280, 800)) {
            signIn(browser, base + "/#/audit", "aud1");
            assertThat(browser.awaitText(By.id("audit-verification"), "Chain intact"))
                    .matches("Chain intact: \\d+ record\\(s\\) in \\d+ stream\\(s\\) verified end to end\\.");
            browser.awaitText(By.id("audit-summary"), "record(s) on page 1");
            assertThat(browser.findAll(By.cssSelector("#audit-table tbody tr"))).hasSizeGreaterThan(5);

            browser.find(By.id("audit-action")).sendKeys("task.complete");
            browser.find(By.id("audit-user")).sendKeys("rad1", Keys.ENTER);
            assertThat(browser.awaitText(By.id("audit-summary"), "record(s)")).isEqualTo("1 record(s) on page 1, newest first.");
            assertThat(browser.find(By.cssSelector("#audit-table tbody tr")).getText())
                    .contains("rad1 (expert)", "task.complete", "Task/" + taskOf.get("rad1"), "SUCCESS");
            browser.screenshot("audit-1280x800");

            browser.find(By.id("audit-action")).clear();
            browser.find(By.id("audit-user")).clear();
            browser.find(By.id("audit-patient")).sendKeys("NOT-A-PATIENT", Keys.ENTER);
            assertThat(browser.awaitText(By.id("audit-summary"), "record(s)")).startsWith("0 record(s)");
        }
        // The auditor's screens subscribe to nothing the role may not read: no refusal of aud1 is on record.
        List<String> refused = KeycloakTestClient.as("aud1").queryParam("user", "aud1")
                .queryParam("action", AccessDenials.AUTHORIZE).get(base + "/api/audit/records").then().statusCode(200)
                .extract().jsonPath().getList("records.targets[0]", String.class);
        assertThat(refused).isEmpty();
    }

    @Order(5)
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

    @Order(6)
    @Test
    void theDentistReviewsAnAbutmentProposalEditsRechecksAndApproves() throws Exception {
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

            // The demo's case is in the list of cases; searching by another id leaves it out.
            WebElement listed = browser.visible(By.cssSelector("#case-table tr[data-case='" + abutmentCaseId + "']"));
            assertThat(listed.getText()).contains("3 implants", "PROPOSED");
            browser.find(By.id("case-search")).sendKeys("no-such-case");
            assertThat(browser.awaitText(By.id("case-summary"), "No cases")).isEqualTo("No cases match.");
            browser.find(By.id("case-search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            browser.awaitText(By.id("case-summary"), "Showing");
            browser.screenshot("abutment-cases-1280x800");
            browser.find(By.cssSelector("#case-table tr[data-case='" + abutmentCaseId + "'] a")).click();
            assertThat(browser.awaitText(By.id("case-status"), "PROPOSED")).isEqualTo("PROPOSED");
            assertThat(browser.findAll(By.cssSelector("#proposal-table section.abutment"))).hasSize(3);
            assertThat(browser.find(By.cssSelector("#proposal-table section[data-tooth='16']")).getText())
                    .contains("Cuff height", "95 % interval", "feasible");
            // The three.js preview of the abutments' STL meshes in the jaw frame.
            assertThat(browser.awaitText(By.cssSelector("#abutment-3d + p"), "Jaw frame")).startsWith("As proposed. Jaw frame, mm");
            browser.screenshot("abutment-case-1280x800");

            // A cuff too low for manufacturing: re-checked by the server, approval refused until it is fixed.
            WebElement cuff = browser.find(By.cssSelector("input[data-param='16-cuffHeight']"));
            String proposed = cuff.getAttribute("value");
            cuff.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0.1", Keys.TAB);
            assertThat(browser.awaitText(By.id("constraint-notes"), "not yet checked")).contains("Re-check constraints");
            browser.find(By.id("recheck")).click();
            assertThat(browser.awaitText(By.id("constraint-notes"), "CUFF_HEIGHT"))
                    .contains("16: CUFF_HEIGHT: cuffHeight 0.10 breaks it (needs 0.50)");
            // The 3D preview shows an edit only once it is checked and manufacturable.
            assertThat(browser.awaitText(By.cssSelector("#abutment-3d + p"), "breaks constraints"))
                    .startsWith("As proposed (the edited design breaks constraints). Jaw frame");
            browser.find(By.id("approve")).click();
            assertThat(browser.visible(By.id("decision-message")).getText())
                    .isEqualTo("Cannot approve: the edited design of tooth 16 breaks manufacturing constraints.");
            browser.script("document.getElementById('constraint-notes').scrollIntoView();");
            browser.screenshot("abutment-recheck-1280x800");

            cuff = browser.find(By.cssSelector("input[data-param='16-cuffHeight']"));
            cuff.sendKeys(Keys.chord(Keys.CONTROL, "a"), proposed, Keys.TAB);
            browser.awaitText(By.id("constraint-notes"), "SCREW_CHANNEL_ANGLE");
            browser.find(By.id("approve")).click();
            assertThat(browser.awaitText(By.id("decision-message"), "Approved")).startsWith("Approved");
            assertThat(browser.awaitText(By.id("case-status"), "APPROVED")).isEqualTo("APPROVED");
        }
    }

    /** Last: the server goes away under an open worklist, and the user is told so. */
    @Order(7)
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

    /** Waits until the viewer has every slice's layers; returns the progress line. */
    private static String awaitAllSlices(Browser browser) {
        browser.awaitText(By.id("progress-text"), "px");
        return browser.awaitTextWithout(By.id("progress-text"), "loading");
    }

    @SuppressWarnings("unchecked")
    private static List<Long> pointOnOverlay(Browser browser, String kind, long nearX, long nearY) {
        return (List<Long>) browser.script(FIND_ON_OVERLAY, kind, nearX, nearY);
    }

    private static boolean isMine(Browser browser, List<Long> point) {
        return Boolean.TRUE.equals(browser.script("""
                const c = document.getElementById('overlay');
                const d = c.getContext('2d').getImageData(arguments[0], arguments[1], 1, 1).data;
                return d[3] > 40 && d[2] > 120 && d[0] < 60;""", point.get(0), point.get(1)));
    }

    /** Presses the left button at {@code p} on the canvas, drags by (dx, dy) in steps and releases. */
    private static void stroke(Browser browser, WebElement canvas, List<Long> p, int dx, int dy) {
        var actions = browser.actions().moveToElement(canvas, offsetX(canvas, p), offsetY(canvas, p)).clickAndHold();
        for (int step = 0; step < 3; step++) {
            actions = actions.moveByOffset(dx / 3, dy / 3);
        }
        actions.release().perform();
    }

    private static void click(Browser browser, WebElement canvas, List<Long> p) {
        browser.actions().moveToElement(canvas, offsetX(canvas, p), offsetY(canvas, p)).click().perform();
    }

    // WebDriver offsets count from the element's centre.
    private static int offsetX(WebElement canvas, List<Long> p) {
        return (int) (p.get(0) - width(canvas) / 2);
    }

    private static int offsetY(WebElement canvas, List<Long> p) {
        return (int) (p.get(1) - height(canvas) / 2);
    }

    private static long width(WebElement canvas) {
        return canvas.getRect().getWidth();
    }

    private static long height(WebElement canvas) {
        return canvas.getRect().getHeight();
    }

    /** "My region: 1,234 / 11,706 px (10 %)" -> 1234. */
    private static long donePixels(String progress) {
        Matcher m = Pattern.compile("My region: ([\\d,]+) /").matcher(progress);
        assertThat(m.find()).as(progress).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    /** Pixels labelled as the structure on slice 1 of the Task, as the server holds them. */
    private static long labelledOnServer(String task) {
        String labels = KeycloakTestClient.as("rad1").get(base + "/api/tasks/" + task + "/slices/0").then()
                .statusCode(200).extract().jsonPath().getString("labels");
        long n = 0;
        for (byte b : Base64.getDecoder().decode(labels)) {
            n += b;
        }
        return n;
    }

    private static void awaitServer(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static String group(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as(pattern + " in " + output).isTrue();
        return m.group(1);
    }
}
