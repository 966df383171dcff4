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
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;

/** Task: each expert's review work on a result (read-only here; experts complete Tasks through the REST API). */
@Singleton
public class TaskProvider extends ResultBackedProvider {

    TaskProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index) {
        super(results, patients, index);
    }

    @Override
    public Class<Task> getResourceType() {
        return Task.class;
    }

    @Read
    public Task read(@IdParam IdType id) {
        return results().task(id.getIdPart()).map(task -> ResultMapping.reviewTask(task, patients))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    /**
     * @param owner {@code owner:identifier=urn:consilium:user|rad1}
     * @param focus {@code focus=DiagnosticReport/ID}
     */
    @Search
    public IBundleProvider search(
            @OptionalParam(name = Task.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = Task.SP_SUBJECT, chainWhitelist = {"", "identifier"}) ReferenceParam subject,
            @OptionalParam(name = Task.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = Task.SP_AUTHORED_ON) DateRangeParam authoredOn,
            @OptionalParam(name = Task.SP_BASED_ON, chainWhitelist = {"", "identifier"}) ReferenceParam basedOn,
            @OptionalParam(name = Task.SP_OWNER, chainWhitelist = {"", "identifier"}) ReferenceParam owner,
            @OptionalParam(name = Task.SP_FOCUS) ReferenceParam focus,
            RequestDetails request) {
        var criteria = criteria(patient, subject, authoredOn, basedOn, request);
        if (criteria.isEmpty()) {
            return PagedSearch.of(List.of());
        }
        String resultId = null;
        if (focus != null) {
            if (focus.getResourceType() != null && !"DiagnosticReport".equals(focus.getResourceType())) {
                throw new InvalidRequestException("focus must be a DiagnosticReport");
            }
            resultId = focus.getIdPart();
        }
        String expert = null;
        if (owner != null) {
            expert = SearchParameters.identifier(owner, "owner", request).map(SearchParameters::value)
                    .orElseThrow(() -> new InvalidRequestException("owner is searched by identifier: "
                            + "owner:identifier=urn:consilium:user|<user name>"));
        }
        Set<String> statuses = SearchParameters.codes(status, "http://hl7.org/fhir/task-status");
        return PagedSearch.of(results().tasks(criteria.get(), resultId, expert).stream()
                .map(task -> ResultMapping.reviewTask(task, patients))
                .filter(task -> status == null || statuses.contains(task.getStatus().toCode()))
                .toList());
    }
}
