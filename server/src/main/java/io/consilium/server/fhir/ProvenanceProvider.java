package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;

/**
 * Provenance of what Consilium produced, from the audit trail: every successful audit record that produced an
 * output (an AI result, an expert's edit) has a Provenance with the same id as its AuditEvent.
 */
@Singleton
public class ProvenanceProvider implements IResourceProvider {

    private final AuditRecords records;

    ProvenanceProvider(AuditRecords records) {
        this.records = records;
    }

    @Override
    public Class<Provenance> getResourceType() {
        return Provenance.class;
    }

    @Read
    public Provenance read(@IdParam IdType id) {
        return records.byId(id.getIdPart()).flatMap(records.export()::provenance)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }
}
