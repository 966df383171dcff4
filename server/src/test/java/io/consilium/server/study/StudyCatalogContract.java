package io.consilium.server.study;

import io.consilium.server.security.KeycloakTestClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.consilium.server.platform.ActiveDatabase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/** The same persistence behaviour, run against each database Consilium supports. */
abstract class StudyCatalogContract {

    /** The REST calls here are made as the development user {@code rad1}. */
    private static io.restassured.specification.RequestSpecification given() {
        return KeycloakTestClient.as("rad1");
    }

    @Inject
    StudyCatalog catalog;

    @Inject
    ActiveDatabase database;

    @Inject
    Session session;

    abstract String expectedDatabase();

    abstract String expectedProduct();

    @Test
    void runsOnTheExpectedDatabaseWithMigrationsApplied() {
        assertThat(database.name()).isEqualTo(expectedDatabase());
        assertThat(productName()).isEqualTo(expectedProduct());
    }

    @Test
    void registeredStudiesAreListedNewestFirst() {
        String older = newUid();
        String newer = newUid();
        catalog.register(older, "CT", "CT ABDOMEN");
        catalog.register(newer, "MR", "MR BRAIN");

        List<String> listed = catalog.newestFirst(1000).stream().map(StudySummary::studyInstanceUid)
                .filter(uid -> uid.equals(older) || uid.equals(newer)).toList();

        assertThat(listed).containsExactly(newer, older);
        StudySummary stored = catalog.find(older).orElseThrow();
        assertThat(stored.modality()).isEqualTo("CT");
        assertThat(stored.description()).isEqualTo("CT ABDOMEN");
        assertThat(stored.status()).isEqualTo(StudyStatus.RECEIVED);
    }

    @Test
    void aKnownStudyIsNeverOverwritten() {
        String uid = newUid();
        catalog.register(uid, "CT", "first");

        assertThatThrownBy(() -> catalog.register(uid, "MR", "second"))
                .isInstanceOf(InvalidStudyException.class)
                .hasMessageContaining("already registered");
        assertThat(catalog.find(uid).orElseThrow().description()).isEqualTo("first");
    }

    @Test
    void invalidUidsAndModalitiesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> catalog.register("1.2.03", "CT", ""))
                .hasMessageContaining("'1.2.03' is not a valid DICOM UID");
        assertThatThrownBy(() -> catalog.register(newUid(), "ct!", ""))
                .hasMessageContaining("Modality 'ct!'");
    }

    @Test
    void worklistApiServesStoredStudies() {
        String uid = newUid();
        catalog.register(uid, "CT", "CT CHEST");

        given().get("/api/studies/" + uid).then().statusCode(200)
                .body("studyInstanceUid", equalTo(uid))
                .body("modality", equalTo("CT"))
                .body("status", equalTo("RECEIVED"));
        given().get("/api/studies/1.2.3.999999").then().statusCode(404);
        given().queryParam("limit", 0).get("/api/studies").then().statusCode(400);
    }

    @Transactional
    String productName() {
        return session.doReturningWork(connection -> connection.getMetaData().getDatabaseProductName());
    }

    private static String newUid() {
        return "2.25." + UUID.randomUUID().toString().replace("-", "").chars()
                .mapToObj(Integer::toString).reduce("1", String::concat).substring(0, 30);
    }
}
