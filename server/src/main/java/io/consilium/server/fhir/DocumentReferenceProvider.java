package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;

/** DocumentReference: the DICOM SEG of a merged result and the STL of an approved abutment design. */
@Singleton
public class DocumentReferenceProvider extends ResultBackedProvider {

    DocumentReferenceProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index) {
        super(results, patients, index);
    }

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    @Read
    public DocumentReference read(@IdParam IdType id) {
        return results().document(id.getIdPart()).map(document -> ResultMapping.documentReference(document, patients))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    /** @param related {@code related=DiagnosticReport/ID}: the files of one result */
    @Search
    public IBundleProvider search(
            @OptionalParam(name = DocumentReference.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = DocumentReference.SP_SUBJECT, chainWhitelist = {"", "identifier"}) ReferenceParam subject,
            @OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
            @OptionalParam(name = DocumentReference.SP_RELATED) ReferenceParam related,
            RequestDetails request) {
        var criteria = criteria(patient, subject, date, null, request);
        if (criteria.isEmpty()) {
            return PagedSearch.of(List.of());
        }
        String relatedResource = related == null ? null
                : related.getResourceType() + "/" + related.getIdPart();
        return PagedSearch.of(results().documents(criteria.get(), relatedResource).stream()
                .map(document -> ResultMapping.documentReference(document, patients)).toList());
    }
}
