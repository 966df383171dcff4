package io.consilium.server.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * A provider over the workflow's {@link ClinicalResults}: served only while the application has such a bean, so
 * the facade starts (without these types) in a build that has no workflow.
 */
abstract class ResultBackedProvider implements IResourceProvider {

    private final Instance<ClinicalResults> results;
    protected final PatientReferences patients;
    private final ImagingStudyIndex index;

    ResultBackedProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index) {
        this.results = results;
        this.patients = patients;
        this.index = index;
    }

    boolean served() {
        return results.isResolvable();
    }

    ClinicalResults results() {
        return results.get();
    }

    /**
     * Criteria of a search by patient/subject, date and order; empty when the patient named is unknown here
     * (the search then matches nothing).
     */
    Optional<ClinicalResults.Criteria> criteria(ReferenceParam patient, ReferenceParam subject, DateRangeParam date,
            ReferenceParam basedOn, RequestDetails request) {
        if (patient != null && subject != null) {
            throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
                    "Give either patient or subject, not both");
        }
        ReferenceParam who = patient != null ? patient : subject;
        String patientId = null;
        if (who != null) {
            Optional<String> resolved = SearchParameters.patientId(who, patient != null ? "patient" : "subject",
                    request, patients, fhirId -> index.patientIdFor(fhirId, patients));
            if (resolved.isEmpty()) {
                return Optional.empty();
            }
            patientId = resolved.get();
        }
        String accession = null;
        if (basedOn != null) {
            accession = SearchParameters.identifier(basedOn, "based-on", request).map(SearchParameters::value)
                    .orElseThrow(() -> new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
                            "based-on is searched by identifier: based-on:identifier=<accession number>"));
        }
        return Optional.of(new ClinicalResults.Criteria(patientId, null, accession, SearchParameters.lower(date),
                SearchParameters.upper(date)));
    }
}
