package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.consilium.server.security.ClinicalArea;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;

/**
 * Binary: the bytes of a DocumentReference (DICOM SEG or abutment STL). A client that asks for the file's own type
 * (e.g. {@code Accept: application/dicom} or {@code model/stl}) gets the raw bytes; one that asks for FHIR gets a
 * Binary resource.
 */
@Singleton
public class BinaryProvider extends ResultBackedProvider {

    private final AbutmentDocuments abutments;
    private final ClinicalScope scope;

    BinaryProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index,
            AbutmentDocuments abutments, ClinicalScope scope) {
        super(results, patients, index);
        this.abutments = abutments;
        this.scope = scope;
    }

    @Override
    public Class<Binary> getResourceType() {
        return Binary.class;
    }

    @Read
    public Binary read(@IdParam IdType id) {
        return abutments.binary(id.getIdPart()).map(stl -> scope.require(ClinicalArea.DENTAL, stl, id))
                .or(() -> results().document(id.getIdPart())
                        .map(seg -> scope.require(ClinicalArea.RADIOLOGY, ResultMapping.binary(seg), id)))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }
}
