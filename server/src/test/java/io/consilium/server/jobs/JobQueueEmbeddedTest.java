package io.consilium.server.jobs;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class JobQueueEmbeddedTest extends JobQueueContract {
}
