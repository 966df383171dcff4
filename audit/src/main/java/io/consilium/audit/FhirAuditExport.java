package io.consilium.audit;

import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventSourceComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * Maps sealed records to FHIR R4: an AuditEvent for every record, following the IHE Basic Audit Log
 * Patterns (BALP), and a Provenance for records that produced something (AI results, expert edits).
 */
public final class FhirAuditExport {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String OBJECT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String PROVENANCE_AGENT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    static final String ACTIONS = "urn:consilium:audit:action";
    static final String USERS = "urn:consilium:user";
    static final String DEVICES = "urn:consilium:device";
    static final String RECORDS = "urn:consilium:audit:record";

    private final String observer;

    /** @param observer the audit source: the name of this Consilium installation */
    public FhirAuditExport(String observer) {
        this.observer = AuditEvent.requireText(observer, "observer");
    }

    public org.hl7.fhir.r4.model.AuditEvent auditEvent(SealedRecord record) {
        AuditEvent event = record.event();
        var audit = new org.hl7.fhir.r4.model.AuditEvent();
        audit.setId(resourceId(record));
        ActionVerb verb = ActionVerb.of(event.action());
        if (verb.interaction != null) {
            audit.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "Restful Operation"));
            audit.addSubtype(new Coding(RESTFUL_INTERACTION, verb.interaction, null));
        } else {
            audit.setType(new Coding(DCM, "110100", "Application Activity"));
        }
        audit.addSubtype(new Coding(ACTIONS, event.action(), null));
        audit.setAction(AuditEventAction.fromCode(verb.actionCode));
        audit.setRecorded(Date.from(event.recordedAt()));
        audit.getRecordedElement().setPrecision(ca.uhn.fhir.model.api.TemporalPrecisionEnum.MILLI);
        audit.setOutcome(AuditEventOutcome.fromCode(event.outcome().code()));
        if (!event.outcomeText().isEmpty()) {
            audit.setOutcomeDesc(event.outcomeText());
        }

        AuditEventAgentComponent agent = audit.addAgent().setRequestor(true).setWho(who(event.actor()));
        if (!event.actor().role().isEmpty()) {
            agent.addRole(new CodeableConcept().setText(event.actor().role()));
        }
        if (!event.source().isEmpty()) {
            agent.getNetwork().setAddress(event.source()).setType(event.source().matches("[0-9.:a-fA-F]+")
                    ? AuditEventAgentNetworkType._2 : AuditEventAgentNetworkType._1);
        }

        audit.setSource(new AuditEventSourceComponent()
                .setObserver(new Reference().setType("Device").setIdentifier(identifier(DEVICES, observer))
                        .setDisplay(observer))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server")));

        if (!event.patientId().isEmpty()) {
            audit.addEntity().setWhat(new Reference().setType("Patient")
                    .setIdentifier(new Identifier().setValue(event.patientId())))
                    .setType(new Coding(OBJECT_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        for (String target : event.targets()) {
            audit.addEntity().setWhat(reference(target))
                    .setType(new Coding(OBJECT_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        }
        digestEntities(audit, event.inputDigests(), "input");
        digestEntities(audit, event.outputDigests(), "output");
        AuditEventEntityComponent chain = audit.addEntity()
                .setWhat(new Reference().setIdentifier(identifier(RECORDS, record.stream() + "/" + record.sequence())))
                .setType(new Coding(OBJECT_TYPE, "4", "Other"))
                .setName("audit record");
        chain.addDetail().setType("hash").setValue(new org.hl7.fhir.r4.model.StringType(record.hash()));
        chain.addDetail().setType("previous-hash")
                .setValue(new org.hl7.fhir.r4.model.StringType(record.previousHash()));
        if (!event.detail().isEmpty()) {
            chain.addDetail().setType("detail").setValue(new org.hl7.fhir.r4.model.StringType(event.detail()));
        }
        return audit;
    }

    /**
     * A Provenance when the record produced something: its targets are what was produced, the actor is
     * the author (a Device for a model, a Practitioner for a person), the inputs are the entities used.
     */
    public Optional<Provenance> provenance(SealedRecord record) {
        AuditEvent event = record.event();
        if (event.outputDigests().isEmpty() || event.outcome() != Outcome.SUCCESS) {
            return Optional.empty();
        }
        var provenance = new Provenance();
        provenance.setId(resourceId(record));
        event.targets().forEach(target -> provenance.addTarget(reference(target)));
        provenance.setRecordedElement(new InstantType(Date.from(event.recordedAt())));
        provenance.setActivity(new CodeableConcept(new Coding(ACTIONS, event.action(), null)));
        provenance.addAgent()
                .setType(new CodeableConcept(new Coding(PROVENANCE_AGENT_TYPE, "author", "Author")))
                .setWho(who(event.actor()));
        event.inputDigests().forEach((name, digest) -> provenance.addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(identifier("urn:consilium:digest", digest)).setDisplay(name)));
        if (!event.actor().weightsDigest().isEmpty()) {
            provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE)
                    .setWhat(new Reference().setIdentifier(identifier("urn:consilium:digest",
                            event.actor().weightsDigest())).setDisplay("model weights"));
        }
        provenance.addPolicy(RECORDS + ":" + record.stream() + "/" + record.sequence());
        return Optional.of(provenance);
    }

    private static Reference who(Actor actor) {
        return switch (actor.kind()) {
            case USER -> new Reference().setType("Practitioner").setIdentifier(identifier(USERS, actor.id()))
                    .setDisplay(actor.id());
            case SERVICE -> new Reference().setType("Device").setIdentifier(identifier(DEVICES, actor.id()))
                    .setDisplay(actor.id());
            case MODEL -> new Reference().setType("Device")
                    .setIdentifier(identifier(DEVICES, actor.id() + ":" + actor.modelVersion()))
                    .setDisplay(actor.id() + " " + actor.modelVersion() + " (weights " + actor.weightsDigest() + ")");
        };
    }

    private static void digestEntities(org.hl7.fhir.r4.model.AuditEvent audit, Map<String, String> digests,
            String direction) {
        digests.forEach((name, digest) -> audit.addEntity()
                .setWhat(new Reference().setIdentifier(identifier("urn:consilium:digest", digest)))
                .setType(new Coding(OBJECT_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, direction.equals("input") ? "3" : "20",
                        direction.equals("input") ? "Report" : "Job"))
                .setName(direction + ": " + name));
    }

    private static Reference reference(String target) {
        // FHIR-style "Type/id" targets become literal references; anything else is kept as an identifier.
        return target.matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}") ? new Reference(target)
                : new Reference().setIdentifier(identifier("urn:consilium:resource", target)).setDisplay(target);
    }

    private static Identifier identifier(String system, String value) {
        return new Identifier().setSystem(system).setValue(value);
    }

    private static String resourceId(SealedRecord record) {
        String id = (record.stream() + "-" + record.sequence()).replaceAll("[^A-Za-z0-9\\-.]", "-");
        return id.length() > 64 ? id.substring(id.length() - 64) : id;
    }
}
