package io.consilium.server.dicom;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The hospital PACS we query and retrieve from ({@code consilium.pacs.*}). */
@ConfigMapping(prefix = "consilium.pacs")
public interface PacsConfig {

    @WithDefault("ORTHANC")
    String aet();

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("4242")
    int port();

    /** Its DICOMweb base URL, when it has one. */
    Optional<String> dicomwebUrl();
}
