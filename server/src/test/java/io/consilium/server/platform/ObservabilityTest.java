package io.consilium.server.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.consilium.server.security.KeycloakTestClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {

    @Test
    void liveAndReadyWithDatabaseAndDataDirectoryChecks() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("data-directory"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void liveChecksReportTheInstanceRole() {
        // The test profile runs as an API-only instance (consilium.role=api): tests only queue jobs.
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'instance-role' }.data.role", equalTo("api"))
                .body("checks.find { it.name == 'instance-role' }.data.runsJobs", equalTo(false));
    }

    @Test
    void openApiDescribesTheWorklistApi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/studies"))
                .body(containsString("Consilium API"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        KeycloakTestClient.as("rad1").get("/api/studies").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void theClinicianUiIsServedAtTheRoot() {
        given().get("/").then().statusCode(200).body(containsString("Consilium"));
    }
}
