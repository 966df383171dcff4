package io.consilium.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.consilium.audit.AuditQuery;
import jakarta.inject.Singleton;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * AuditEvent, read-only: the hash-chained audit trail as IHE BALP-style AuditEvents. Nothing here writes;
 * records are made by the actions they audit.
 */
@Singleton
public class AuditEventProvider implements IResourceProvider {

    static final String ACTIONS = "urn:consilium:audit:action";

    private final AuditRecords records;

    AuditEventProvider(AuditRecords records) {
        this.records = records;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        return records.byId(id.getIdPart()).map(records.export()::auditEvent)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    /**
     * @param patient   {@code patient:identifier=value} or {@code patient.identifier=value} (the DICOM Patient ID)
     *                  (audit records name patients by identifier only)
     * @param agentName the user, service or model that acted
     * @param subtype   the action ({@code urn:consilium:audit:action|seg.infer})
     * @param date      when it was recorded
     */
    @Search
    public IBundleProvider search(
            @OptionalParam(name = AuditEvent.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = AuditEvent.SP_AGENT_NAME) StringParam agentName,
            @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
            @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            RequestDetails request) {
        String patientId = null;
        if (patient != null) {
            patientId = SearchParameters.identifier(patient, "patient", request).map(SearchParameters::value)
                    .orElseThrow(() -> new InvalidRequestException("patient is searched by identifier: "
                            + "patient:identifier=<Patient ID>"));
        }
        if (subtype != null && subtype.getSystem() != null && !subtype.getSystem().isEmpty()
                && !subtype.getSystem().equals(ACTIONS)) {
            throw new InvalidRequestException("subtype system must be " + ACTIONS);
        }
        AuditQuery criteria;
        try {
            criteria = new AuditQuery(patientId, agentName == null ? null : agentName.getValue(),
                    subtype == null ? null : subtype.getValue(), SearchParameters.lower(date),
                    SearchParameters.upper(date), 0, 1);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        // Counting the whole trail for every search would cost as much as reading it: pages say when there is more.
        return PagedSearch.of(null, (from, to) -> records.page(criteria, from, to).stream()
                .<IBaseResource>map(records.export()::auditEvent).toList());
    }
}
