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

    /**
     * Whether final results (DICOM SEG) are sent to this PACS by C-STORE; off in the embedded default, which has
     * no PACS and keeps them in the built-in archive.
     */
    @WithDefault("false")
    boolean sendResults();

    /** Its DICOMweb base URL, when it has one. */
    Optional<String> dicomwebUrl();
}
