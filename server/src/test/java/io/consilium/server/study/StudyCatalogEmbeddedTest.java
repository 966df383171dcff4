package io.consilium.server.study;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StudyCatalogEmbeddedTest extends StudyCatalogContract {

    @Override
    String expectedDatabase() {
        return "embedded";
    }

    @Override
    String expectedProduct() {
        return "H2";
    }
}
