package io.consilium.server.fhir;

import io.consilium.audit.AuditQuery;
import io.consilium.audit.FhirAuditExport;
import io.consilium.audit.SealedRecord;
import io.consilium.server.audit.AuditConfig;
import io.consilium.server.audit.AuditTrail;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** The audit trail seen through FHIR: records by their resource id, and pages of a search. */
@Singleton
class AuditRecords {

    private final AuditTrail trail;
    private final FhirAuditExport export;

    AuditRecords(AuditTrail trail, AuditConfig config) {
        this.trail = trail;
        this.export = new FhirAuditExport(config.sourceId());
    }

    FhirAuditExport export() {
        return export;
    }

    /** The record behind an id of the form {@code stream-sequence} (as {@link FhirAuditExport} writes it). */
    Optional<SealedRecord> byId(String id) {
        int dash = id.lastIndexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        long sequence;
        try {
            sequence = Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return trail.get(id.substring(0, dash), sequence);
    }

    /** Records {@code from} (inclusive) to {@code to} (exclusive) of a search, newest first. */
    List<SealedRecord> page(AuditQuery criteria, int from, int to) {
        int size = Math.min(to - from, AuditQuery.MAX_PAGE_SIZE);
        if (from % size == 0) {
            return trail.find(withPage(criteria, from / size, size));
        }
        // An unaligned window (a client's own _offset arithmetic): read the aligned page that covers it.
        int window = to;
        if (window > AuditQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page window beyond " + AuditQuery.MAX_PAGE_SIZE + " records");
        }
        List<SealedRecord> records = trail.find(withPage(criteria, 0, window));
        return records.subList(Math.min(from, records.size()), records.size());
    }

    private static AuditQuery withPage(AuditQuery criteria, int page, int size) {
        return new AuditQuery(criteria.patientId(), criteria.actorId(), criteria.action(), criteria.from(),
                criteria.to(), page, size);
    }
}
