package io.consilium.server.jobs;

import io.consilium.server.platform.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Runs against the real PostgreSQL server that scripts/postgres.sh starts on 127.0.0.1. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class JobQueuePostgresTest extends JobQueueContract {
}
