package io.consilium.server.fhir;

import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * Abutment designs as FHIR R4, the way segmentation results are mapped: each implant's abutment is a
 * DocumentReference whose STL is a Binary ({@code preliminary} while the model's proposal awaits review,
 * {@code final} once a dentist approved it, {@code entered-in-error} when rejected), and each case has a
 * Provenance naming the model (Device) and the people: who submitted the case, who decided, who edited.
 * Pure functions of the views; no I/O.
 */
public final class AbutmentMapping {

    /** Cases are not FHIR resources: references name them by this identifier system. */
    static final String CASES = "urn:consilium:abutment-case";
    private static final String PREFIX = "abutment-";
    private static final String PROVENANCE_SUFFIX = "-provenance";

    private AbutmentMapping() {
    }

    /** The id of one implant's abutment document: {@code abutment-<case id>-<FDI tooth>}. */
    public static String documentId(String caseId, int tooth) {
        return PREFIX + caseId + "-" + tooth;
    }

    /** One implant of one case, as a document id names it. */
    record Implant(String caseId, int tooth) {
    }

    /** The case and tooth a document id names; empty when it is not an abutment document's id. */
    static Optional<Implant> implant(String documentId) {
        int dash = documentId.lastIndexOf('-');
        if (!documentId.startsWith(PREFIX) || dash <= PREFIX.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Implant(documentId.substring(PREFIX.length(), dash),
                    Integer.parseInt(documentId.substring(dash + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The id of a case's Provenance: {@code abutment-<case id>-provenance}. */
    public static String provenanceId(String caseId) {
        return PREFIX + caseId + PROVENANCE_SUFFIX;
    }

    /** The case a Provenance id names; empty when it is not an abutment case's Provenance. */
    static Optional<String> caseOfProvenance(String provenanceId) {
        if (!provenanceId.startsWith(PREFIX) || !provenanceId.endsWith(PROVENANCE_SUFFIX)) {
            return Optional.empty();
        }
        return Optional.of(provenanceId.substring(PREFIX.length(), provenanceId.length() - PROVENANCE_SUFFIX.length()));
    }

    /** The file of one implant's abutment, as the facade's documents are described. */
    public static ResultDocumentView document(AbutmentDesignView design, int tooth, byte[] stl) {
        return new ResultDocumentView(documentId(design.id(), tooth), ResultDocumentView.Kind.STL,
                "Abutment " + tooth + " (FDI), case " + design.caseId() + " (STL)", stl, design.updated(),
                design.patientId(), null, null, null, switch (design.status()) {
                    case PROPOSED -> ResultDocumentView.Status.PRELIMINARY;
                    case APPROVED -> ResultDocumentView.Status.FINAL;
                    case REJECTED -> ResultDocumentView.Status.REJECTED;
                });
    }

    public static DocumentReference documentReference(AbutmentDesignView design, int tooth, byte[] stl,
            PatientReferences patients, AiModel designer) {
        DocumentReference reference = ResultMapping.documentReference(document(design, tooth, stl), patients);
        reference.addAuthor(device(design, designer));
        if (design.status() == AbutmentDesignView.Status.APPROVED) {
            if (design.edited()) {
                reference.addAuthor(ResultMapping.practitioner(design.decidedBy()));
            }
            reference.setAuthenticator(ResultMapping.practitioner(design.decidedBy()));
        }
        reference.setDescription(description(design, tooth));
        reference.getContext().addRelated(new Reference().setIdentifier(new Identifier().setSystem(CASES)
                .setValue(design.id())).setDisplay("Abutment case " + design.caseId() + ", tooth " + tooth + " (FDI)"));
        return reference;
    }

    public static Binary binary(AbutmentDesignView design, int tooth, byte[] stl) {
        return ResultMapping.binary(document(design, tooth, stl));
    }

    /**
     * Who made the case's design: the model (author) and the person who submitted the case (enterer); after the
     * decision the dentist as verifier, and as an author too when they edited the design. Activity as for
     * segmentation results: create while proposed, revise when approved; nullify when rejected.
     *
     * @return empty when no implant of the case has an STL (nothing to be the target of)
     */
    public static Optional<Provenance> provenance(AbutmentDesignView design, AiModel designer) {
        if (design.teeth().isEmpty()) {
            return Optional.empty();
        }
        var provenance = new Provenance();
        provenance.setId(provenanceId(design.id()));
        design.teeth().forEach(tooth -> provenance.addTarget(
                new Reference("DocumentReference/" + documentId(design.id(), tooth))));
        var occurred = new Period().setStart(Date.from(design.createdAt()));
        if (design.decidedAt() != null) {
            occurred.setEnd(Date.from(design.decidedAt()));
        }
        provenance.setOccurred(occurred);
        provenance.setRecorded(Date.from(design.updated()));
        provenance.setActivity(new CodeableConcept(switch (design.status()) {
            case PROPOSED -> new Coding(ResultMapping.DATA_OPERATION, "CREATE", "create");
            case APPROVED -> new Coding(ResultMapping.DATA_OPERATION, "UPDATE", "revise");
            case REJECTED -> new Coding(ResultMapping.DATA_OPERATION, "NULLIFY", "nullify");
        }));
        provenance.addAgent().setType(ResultMapping.agentType("author", "Author")).setWho(device(design, designer));
        provenance.addAgent().setType(ResultMapping.agentType("enterer", "Enterer"))
                .setWho(ResultMapping.practitioner(design.createdBy()));
        if (design.decidedBy() != null) {
            if (design.edited() && design.status() == AbutmentDesignView.Status.APPROVED) {
                provenance.addAgent().setType(ResultMapping.agentType("author", "Author"))
                        .setWho(ResultMapping.practitioner(design.decidedBy()));
            }
            provenance.addAgent().setType(ResultMapping.agentType("verifier", "Verifier"))
                    .setWho(ResultMapping.practitioner(design.decidedBy()));
        }
        return Optional.of(provenance);
    }

    /**
     * The model that proposed the design: its Device when this installation still runs that version, else a
     * reference by the identifier audit records use.
     */
    static Reference device(AbutmentDesignView design, AiModel designer) {
        if (designer.version().equals(design.modelVersion())) {
            return DeviceMapping.reference(designer);
        }
        return new Reference().setType("Device").setIdentifier(new Identifier().setSystem(DeviceMapping.DEVICES)
                .setValue(designer.name() + ":" + design.modelVersion())).setDisplay(design.modelVersion());
    }

    private static String description(AbutmentDesignView design, int tooth) {
        String what = "Abutment for tooth " + tooth + " (FDI) of case " + design.caseId();
        return switch (design.status()) {
            case PROPOSED -> what + ": proposed by " + design.modelVersion() + ", awaiting review";
            case APPROVED -> what + ": approved by " + design.decidedBy()
                    + (design.edited() ? " (edited design)" : " (as proposed by " + design.modelVersion() + ")");
            case REJECTED -> what + ": rejected by " + design.decidedBy() + ": " + design.reason();
        };
    }
}
