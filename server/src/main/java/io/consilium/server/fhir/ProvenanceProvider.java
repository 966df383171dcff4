package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.consilium.server.security.ClinicalArea;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;

/**
 * Provenance of what Consilium produced. Two sources: the audit trail (every successful record that produced an
 * output has a Provenance with the same id as its AuditEvent), with the workflow each AI result
 * ({@code <result id>-provenance}: the model's Device and the reviewing experts as authors), and each abutment
 * case ({@code abutment-<case id>-provenance}: the model's Device, who submitted the case, who decided).
 */
@Singleton
public class ProvenanceProvider implements IResourceProvider {

    private static final String RESULT_SUFFIX = "-provenance";

    private final AuditRecords records;
    private final Instance<ClinicalResults> results;
    private final PatientReferences patients;
    private final AbutmentDocuments abutments;
    private final ClinicalScope scope;

    ProvenanceProvider(AuditRecords records, Instance<ClinicalResults> results, PatientReferences patients,
            AbutmentDocuments abutments, ClinicalScope scope) {
        this.records = records;
        this.results = results;
        this.patients = patients;
        this.abutments = abutments;
        this.scope = scope;
    }

    @Override
    public Class<Provenance> getResourceType() {
        return Provenance.class;
    }

    @Read
    public Provenance read(@IdParam IdType id) {
        String value = id.getIdPart();
        return resultProvenance(value).map(made -> scope.require(ClinicalArea.RADIOLOGY, made, id))
                .or(() -> abutments.provenance(value).map(made -> scope.require(ClinicalArea.DENTAL, made, id)))
                .or(() -> records.byId(value).flatMap(records.export()::provenance)
                        .map(made -> scope.require(areaOf(made), made, id)))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    /**
     * @param target {@code target=DiagnosticReport/ID}: who made that result; {@code target=DocumentReference/ID}:
     *               who made that abutment design
     */
    @Search
    public IBundleProvider byTarget(@RequiredParam(name = Provenance.SP_TARGET) ReferenceParam target) {
        Optional<Provenance> provenance = switch (String.valueOf(target.getResourceType())) {
            case "DiagnosticReport" -> resultProvenance(target.getIdPart() + RESULT_SUFFIX)
                    .filter(made -> scope.sees(ClinicalArea.RADIOLOGY));
            case "DocumentReference" -> abutments.provenanceOfDocument(target.getIdPart())
                    .filter(made -> scope.sees(ClinicalArea.DENTAL));
            default -> throw new InvalidRequestException(
                    "Provenance is searched by target=DiagnosticReport/ID or target=DocumentReference/ID");
        };
        return PagedSearch.of(provenance.map(List::of).orElse(List.of()));
    }

    /** An audit record's Provenance is dental when it records an abutment action, radiology otherwise. */
    private static ClinicalArea areaOf(Provenance provenance) {
        return provenance.getActivity().getCodingFirstRep().getCode().startsWith("abutment.") ? ClinicalArea.DENTAL
                : ClinicalArea.RADIOLOGY;
    }

    private Optional<Provenance> resultProvenance(String id) {
        if (!id.endsWith(RESULT_SUFFIX) || !results.isResolvable()) {
            return Optional.empty();
        }
        return results.get().result(id.substring(0, id.length() - RESULT_SUFFIX.length()))
                .map(result -> ResultMapping.provenance(result, patients));
    }
}
