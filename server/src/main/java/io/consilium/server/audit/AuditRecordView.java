package io.consilium.server.audit;

import io.consilium.audit.AuditEvent;
import io.consilium.audit.SealedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A sealed record as the audit API shows it to auditors (patient identifier included: it is the audit trail). */
public record AuditRecordView(String stream, long sequence, Instant recordedAt, String actorKind, String actorId,
        String actorRole, String modelVersion, String weightsDigest, String action, List<String> targets,
        String outcome, String outcomeText, String source, String patientId, Map<String, String> inputDigests,
        Map<String, String> outputDigests, String detail, String previousHash, String hash) {

    static AuditRecordView of(SealedRecord record) {
        AuditEvent event = record.event();
        return new AuditRecordView(record.stream(), record.sequence(), event.recordedAt(), event.actor().kind().name(),
                event.actor().id(), event.actor().role(), event.actor().modelVersion(), event.actor().weightsDigest(),
                event.action(), event.targets(), event.outcome().name(), event.outcomeText(), event.source(),
                event.patientId(), event.inputDigests(), event.outputDigests(), event.detail(), record.previousHash(),
                record.hash());
    }
}
