package io.consilium.dicom.web;

import java.net.URI;

/** The Orthanc that scripts/orthanc.sh starts on 127.0.0.1; without it the tests fail and say how to start it. */
record TestOrthanc(URI dicomWeb) {

    static TestOrthanc fromEnvironment() {
        String url = System.getenv("CONSILIUM_TEST_ORTHANC_DICOMWEB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("CONSILIUM_TEST_ORTHANC_DICOMWEB_URL is not set: these tests need the "
                    + "Orthanc that scripts/orthanc.sh starts (scripts/test.sh does this for you)");
        }
        return new TestOrthanc(URI.create(url));
    }
}
