package io.consilium.server.fhir;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The FHIR facade's settings (prefix {@code consilium.fhir}). */
@ConfigMapping(prefix = "consilium.fhir")
public interface FhirConfig {

    /**
     * The identifier system of DICOM Patient IDs in patient references: the hospital's issuer of the IDs the
     * PACS uses (its MRN system), so that an EHR can match them to its own Patient resources.
     */
    @WithDefault("urn:consilium:dicom:patient-id")
    String patientIdentifierSystem();

    /** Entries per page when a search does not give {@code _count}. */
    @WithDefault("20")
    int defaultPageSize();

    /** Largest {@code _count} honoured; larger requests get pages of this size. */
    @WithDefault("200")
    int maxPageSize();

    /** How many searches the server keeps for their next-page links (oldest dropped first). */
    @WithDefault("1000")
    int pagedSearches();
}
