package io.consilium.server.archive;

import io.consilium.server.platform.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Runs against the real PostgreSQL server that scripts/postgres.sh starts on 127.0.0.1. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class DicomArchivePostgresTest extends DicomArchiveContract {
}
