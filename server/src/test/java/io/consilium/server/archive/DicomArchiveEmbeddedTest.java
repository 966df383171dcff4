package io.consilium.server.archive;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DicomArchiveEmbeddedTest extends DicomArchiveContract {
}
