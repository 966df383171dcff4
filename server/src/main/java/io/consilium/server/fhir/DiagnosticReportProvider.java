package io.consilium.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;

/**
 * DiagnosticReport: AI results, preliminary while experts review, final once merged. A failed result was never
 * published as anything but withdrawn: reading it answers 410 Gone.
 */
@Singleton
public class DiagnosticReportProvider extends ResultBackedProvider {

    DiagnosticReportProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index) {
        super(results, patients, index);
    }

    @Override
    public Class<DiagnosticReport> getResourceType() {
        return DiagnosticReport.class;
    }

    @Read
    public DiagnosticReport read(@IdParam IdType id) {
        var result = results().result(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id));
        return ResultMapping.diagnosticReport(result, patients);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = IAnyResource.SP_RES_ID) TokenOrListParam ids,
            @OptionalParam(name = DiagnosticReport.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = DiagnosticReport.SP_SUBJECT, chainWhitelist = {"", "identifier"}) ReferenceParam subject,
            @OptionalParam(name = DiagnosticReport.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = DiagnosticReport.SP_DATE) DateRangeParam date,
            @OptionalParam(name = DiagnosticReport.SP_BASED_ON, chainWhitelist = {"", "identifier"}) ReferenceParam basedOn,
            // HAPI adds the Observation and Patient objects our references carry when the client asks for them.
            @IncludeParam(allow = {"DiagnosticReport:result", "DiagnosticReport:subject", "DiagnosticReport:patient"})
            Set<Include> includes,
            // Who made each report (the model's Device, the reviewing experts): its Provenance beside it.
            @IncludeParam(reverse = true, allow = "Provenance:target") Set<Include> revIncludes,
            @Sort SortSpec sort,
            RequestDetails request) {
        var criteria = criteria(patient, subject, date, basedOn, request);
        if (criteria.isEmpty()) {
            return PagedSearch.of(List.of());
        }
        Set<String> codes = SearchParameters.codes(status, "http://hl7.org/fhir/diagnostic-report-status");
        var statuses = EnumSet.noneOf(AiResultView.Status.class);
        for (AiResultView.Status candidate : AiResultView.Status.values()) {
            if (codes.contains(ResultMapping.reportStatus(candidate).toCode())) {
                statuses.add(candidate);
            }
        }
        if (status != null && statuses.isEmpty()) {
            return PagedSearch.of(List.of());
        }
        var search = new ClinicalResults.ReportSearch(criteria.get(), statuses, SearchParameters.ids(ids),
                SearchParameters.ascendingBy(sort, DiagnosticReport.SP_DATE));
        // Filtered and paged in the database: HAPI asks for each page as the client follows the next links.
        var found = PagedSearch.countingBeyondFirstPage(request,
                (from, to) -> results().results(search, from, to - from).stream()
                        .map(result -> (IBaseResource) ResultMapping.diagnosticReport(result, patients)).toList(),
                () -> results().countResults(search));
        if (revIncludes == null || revIncludes.isEmpty()) {
            return found;
        }
        return found.including(report -> results().result(report.getIdElement().getIdPart())
                .map(result -> (IBaseResource) ResultMapping.provenance(result, patients)).stream().toList());
    }
}
