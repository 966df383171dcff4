package io.consilium.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.consilium.server.security.ClinicalArea;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.IdType;

/**
 * DocumentReference: the DICOM SEG of a merged result and the STL of each implant's abutment design (from the
 * model's proposal on: preliminary, final once approved, entered-in-error when rejected).
 */
@Singleton
public class DocumentReferenceProvider extends ResultBackedProvider {

    private static final String STATUS_SYSTEM = "http://hl7.org/fhir/document-reference-status";

    private final AbutmentDocuments abutments;
    private final ClinicalScope scope;

    DocumentReferenceProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index,
            AbutmentDocuments abutments, ClinicalScope scope) {
        super(results, patients, index);
        this.abutments = abutments;
        this.scope = scope;
    }

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    @Read
    public DocumentReference read(@IdParam IdType id) {
        return abutments.documentReference(id.getIdPart())
                .map(design -> scope.require(ClinicalArea.DENTAL, design, id))
                .or(() -> results().document(id.getIdPart())
                        .map(document -> scope.require(ClinicalArea.RADIOLOGY,
                                ResultMapping.documentReference(document, patients), id)))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    /** @param related {@code related=DiagnosticReport/ID}: the files of one result */
    @Search
    public IBundleProvider search(
            @OptionalParam(name = DocumentReference.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = DocumentReference.SP_SUBJECT, chainWhitelist = {"", "identifier"}) ReferenceParam subject,
            @OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
            @OptionalParam(name = DocumentReference.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = DocumentReference.SP_RELATED) ReferenceParam related,
            // HAPI adds the Patient objects our subject references carry when the client asks for them.
            @IncludeParam(allow = {"DocumentReference:subject", "DocumentReference:patient"}) Set<Include> includes,
            RequestDetails request) {
        var criteria = criteria(patient, subject, date, null, request);
        if (criteria.isEmpty()) {
            return PagedSearch.of(List.of());
        }
        Set<DocumentReferenceStatus> statuses = statuses(status);
        var documents = new ArrayList<DocumentReference>();
        if (statuses.contains(DocumentReferenceStatus.CURRENT) && scope.sees(ClinicalArea.RADIOLOGY)) {
            String relatedResource = related == null ? null
                    : related.getResourceType() + "/" + related.getIdPart();
            results().documents(criteria.get(), relatedResource).stream()
                    .map(document -> ResultMapping.documentReference(document, patients))
                    .filter(reference -> statuses.contains(reference.getStatus()))
                    .forEach(documents::add);
        }
        // Abutment designs relate to a case, not to a FHIR resource: a search by related names none of them.
        if (related == null && scope.sees(ClinicalArea.DENTAL)) {
            var designStatuses = EnumSet.noneOf(AbutmentDesignView.Status.class);
            if (statuses.contains(DocumentReferenceStatus.CURRENT)) {
                designStatuses.addAll(List.of(AbutmentDesignView.Status.PROPOSED, AbutmentDesignView.Status.APPROVED));
            }
            if (statuses.contains(DocumentReferenceStatus.ENTEREDINERROR)) {
                designStatuses.add(AbutmentDesignView.Status.REJECTED);
            }
            if (!designStatuses.isEmpty()) {
                documents.addAll(abutments.documentReferences(criteria.get(), designStatuses));
            }
        }
        documents.sort(Comparator.comparing(DocumentReference::getDate).reversed());
        return PagedSearch.of(documents);
    }

    /** The statuses asked for (every status when none is given); an unknown code is refused. */
    private static Set<DocumentReferenceStatus> statuses(TokenOrListParam status) {
        if (status == null) {
            return EnumSet.complementOf(EnumSet.of(DocumentReferenceStatus.NULL));
        }
        var statuses = EnumSet.noneOf(DocumentReferenceStatus.class);
        for (TokenParam token : status.getValuesAsQueryTokens()) {
            if (token.getSystem() != null && !token.getSystem().isEmpty() && !token.getSystem().equals(STATUS_SYSTEM)) {
                continue;
            }
            try {
                statuses.add(DocumentReferenceStatus.fromCode(token.getValue()));
            } catch (org.hl7.fhir.exceptions.FHIRException e) {
                throw new InvalidRequestException("Unknown DocumentReference status '" + token.getValue()
                        + "'; use current, superseded or entered-in-error");
            }
        }
        return statuses;
    }
}
