package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;

/** Observation: the measurements of AI results (volume, deferral rate, per-expert share, Dice). */
@Singleton
public class ObservationProvider extends ResultBackedProvider {

    ObservationProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index) {
        super(results, patients, index);
    }

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    /** Ids are {@code <result id>-<kind>}; result ids may contain '-', so every split is tried. */
    @Read
    public Observation read(@IdParam IdType id) {
        String value = id.getIdPart();
        for (int dash = value.indexOf('-'); dash > 0; dash = value.indexOf('-', dash + 1)) {
            var result = results().result(value.substring(0, dash));
            if (result.isPresent()) {
                return ResultMapping.observations(result.get(), patients).stream()
                        .filter(o -> o.getIdElement().getIdPart().equals(value)).findFirst()
                        .orElseThrow(() -> new ResourceNotFoundException(id));
            }
        }
        throw new ResourceNotFoundException(id);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = Observation.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = Observation.SP_SUBJECT, chainWhitelist = {"", "identifier"}) ReferenceParam subject,
            @OptionalParam(name = Observation.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
            @OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
            @OptionalParam(name = Observation.SP_BASED_ON, chainWhitelist = {"", "identifier"}) ReferenceParam basedOn,
            RequestDetails request) {
        var criteria = criteria(patient, subject, date, basedOn, request);
        if (criteria.isEmpty()) {
            return PagedSearch.of(List.of());
        }
        Set<String> statuses = SearchParameters.codes(status, "http://hl7.org/fhir/observation-status");
        Set<String> codes = SearchParameters.codes(code, ResultMapping.OBSERVATION_CODES);
        return PagedSearch.of(results().results(criteria.get()).stream()
                .flatMap(result -> ResultMapping.observations(result, patients).stream())
                .filter(o -> status == null || statuses.contains(o.getStatus().toCode()))
                .filter(o -> code == null || codes.contains(o.getCode().getCodingFirstRep().getCode()))
                .toList());
    }
}
