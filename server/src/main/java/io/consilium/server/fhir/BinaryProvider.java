package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;

/**
 * Binary: the bytes of a DocumentReference. A client that asks for the file's own type (e.g.
 * {@code Accept: application/dicom}) gets the raw bytes; one that asks for FHIR gets a Binary resource.
 */
@Singleton
public class BinaryProvider extends ResultBackedProvider {

    BinaryProvider(Instance<ClinicalResults> results, PatientReferences patients, ImagingStudyIndex index) {
        super(results, patients, index);
    }

    @Override
    public Class<Binary> getResourceType() {
        return Binary.class;
    }

    @Read
    public Binary read(@IdParam IdType id) {
        return results().document(id.getIdPart()).map(ResultMapping::binary)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }
}
