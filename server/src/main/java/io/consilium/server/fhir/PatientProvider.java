package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * Patient as a reference only: the identifier that studies and results are about, never demographics (the
 * EHR is the source of truth for the person). Lets an EHR find our id for its patient by identifier, and
 * resolves the references we emit.
 */
@Singleton
public class PatientProvider implements IResourceProvider {

    private final ImagingStudyIndex index;
    private final PatientReferences patients;

    PatientProvider(ImagingStudyIndex index, PatientReferences patients) {
        this.index = index;
        this.patients = patients;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
        String fhirId = id.getIdPart();
        return index.patientIdFor(fhirId, patients).map(patients::patient)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider byIdentifier(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier) {
        boolean ourSystem = identifier.getSystem() == null || identifier.getSystem().isEmpty()
                || identifier.getSystem().equals(patients.system());
        if (!ourSystem || !index.patientKnown(identifier.getValue())) {
            return PagedSearch.of(List.of());
        }
        return PagedSearch.of(List.of(patients.patient(identifier.getValue())));
    }
}
