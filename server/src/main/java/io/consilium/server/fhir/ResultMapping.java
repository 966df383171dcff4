package io.consilium.server.fhir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UnsignedIntType;

/**
 * AI results, review work and produced files as FHIR R4, following IHE AI Results (AIR) where it fits: the
 * report is a DiagnosticReport whose results are Observations, each derived from the ImagingStudy and made by
 * the model's Device; a Provenance names the model (Device) and the experts (Practitioner references) as
 * authors. Pure functions of the views; no I/O.
 *
 * <p>Experts are referenced logically ({@code urn:consilium:user|rad1}): the identity provider, not this
 * server, holds practitioners. Review Tasks have no ServiceRequest of ours to be based on (studies come from
 * the PACS, not from orders we hold): {@code basedOn} names the order by accession number when there is one.
 */
public final class ResultMapping {

    static final String USERS = "urn:consilium:user";
    static final String RESULT_CODES = "urn:consilium:result";
    static final String OBSERVATION_CODES = "urn:consilium:observation";
    static final String TASK_CODES = "urn:consilium:task";
    static final String DOCUMENT_CODES = "urn:consilium:document";
    static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String PROVENANCE_AGENT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";
    static final String VOLUME = "volume";
    static final String DEFERRAL_RATE = "deferral-rate";
    static final String EXPERT_SHARE = "expert-share";
    static final String DICE = "dice";

    private ResultMapping() {
    }

    public static DiagnosticReport diagnosticReport(AiResultView result, PatientReferences patients) {
        var report = new DiagnosticReport();
        report.setId(result.id());
        report.getMeta().setLastUpdated(Date.from(updated(result)));
        report.addIdentifier(new Identifier().setSystem(RESULT_CODES).setValue(result.id()));
        report.setStatus(reportStatus(result.status()));
        report.addCategory(new CodeableConcept(new Coding(V2_0074, "RAD", "Radiology")));
        report.setCode(new CodeableConcept(new Coding(RESULT_CODES, "ai-segmentation",
                "AI segmentation with expert deferral")).setText("AI segmentation of " + result.structure()));
        report.setSubject(patients.reference(result.patientId()));
        basedOn(result.accessionNumber()).ifPresent(report::addBasedOn);
        report.setEffective(new DateTimeType(Date.from(result.createdAt())));
        report.setIssuedElement(new InstantType(Date.from(updated(result))));
        report.addImagingStudy(new Reference("ImagingStudy/" + result.studyInstanceUid()));
        if (result.status() == AiResultView.Status.FINAL) {
            reviewers(result).forEach(expert -> report.addResultsInterpreter(practitioner(expert)));
        }
        for (Observation observation : observations(result, patients)) {
            var reference = new Reference("Observation/" + observation.getIdElement().getIdPart());
            reference.setResource(observation);
            report.addResult(reference);
        }
        report.setConclusion(conclusion(result));
        return report;
    }

    static DiagnosticReport.DiagnosticReportStatus reportStatus(AiResultView.Status status) {
        return switch (status) {
            case AWAITING_REVIEW -> DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;
            case FINAL -> DiagnosticReport.DiagnosticReportStatus.FINAL;
            case SUPERSEDED, WITHDRAWN -> DiagnosticReport.DiagnosticReportStatus.CANCELLED;
        };
    }

    /** The measurements of a result: volume, deferral rate, per-expert share, Dice (those that are known). */
    public static List<Observation> observations(AiResultView result, PatientReferences patients) {
        var observations = new ArrayList<Observation>();
        if (result.volumeMl() != null) {
            observations.add(observation(result, patients, VOLUME, "Volume of the segmented " + result.structure())
                    .setValue(quantity(result.volumeMl(), 2, "mL", "mL")));
        }
        observations.add(observation(result, patients, DEFERRAL_RATE, "Share of pixels deferred to experts")
                .setValue(percent(result.deferralRate())));
        var share = observation(result, patients, EXPERT_SHARE, "Share of pixels deferred to each expert");
        for (String expert : result.experts()) {
            share.addComponent()
                    .setCode(new CodeableConcept(new Coding(USERS, expert, expert)).setText("deferred to " + expert))
                    .setValue(percent(result.expertShare().getOrDefault(expert, 0.0)));
        }
        observations.add(share);
        if (result.dice() != null) {
            observations.add(observation(result, patients, DICE, "Dice overlap with the reference segmentation")
                    .setValue(quantity(result.dice(), 4, "1", "1")));
        }
        return observations;
    }

    /** The id of one of a result's observations: {@code <result id>-<kind>}. */
    public static String observationId(String resultId, String kind) {
        return resultId + "-" + kind;
    }

    /** Who made the result: the model (Device) and, once final, the experts who reviewed their pixels. */
    public static Provenance provenance(AiResultView result, PatientReferences patients) {
        var provenance = new Provenance();
        provenance.setId(result.id() + "-provenance");
        provenance.addTarget(new Reference("DiagnosticReport/" + result.id()));
        observations(result, patients).forEach(o -> provenance.addTarget(
                new Reference("Observation/" + o.getIdElement().getIdPart())));
        provenance.setRecorded(Date.from(updated(result)));
        provenance.setActivity(new CodeableConcept(result.status() == AiResultView.Status.FINAL
                ? new Coding(DATA_OPERATION, "UPDATE", "revise") : new Coding(DATA_OPERATION, "CREATE", "create")));
        provenance.addAgent().setType(agentType("author", "Author")).setWho(device(result));
        if (result.status() == AiResultView.Status.FINAL) {
            reviewers(result).forEach(expert -> provenance.addAgent().setType(agentType("author", "Author"))
                    .setWho(practitioner(expert)));
        }
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference("ImagingStudy/" + result.studyInstanceUid()));
        return provenance;
    }

    public static Task reviewTask(ReviewTaskView task, PatientReferences patients) {
        var fhir = new Task();
        fhir.setId(task.id());
        fhir.getMeta().setLastUpdated(Date.from(task.lastModified()));
        fhir.addIdentifier(new Identifier().setSystem(TASK_CODES).setValue(task.id()));
        fhir.setStatus(switch (task.status()) {
            case READY -> Task.TaskStatus.READY;
            case IN_PROGRESS -> Task.TaskStatus.INPROGRESS;
            case COMPLETED -> Task.TaskStatus.COMPLETED;
            case EXPIRED, CANCELLED -> Task.TaskStatus.CANCELLED;
        });
        if (task.status() == ReviewTaskView.Status.EXPIRED) {
            fhir.setStatusReason(new CodeableConcept().setText(
                    "deadline passed: the configured fallback decided the pixels not reviewed"));
        } else if (task.status() == ReviewTaskView.Status.CANCELLED) {
            fhir.setStatusReason(new CodeableConcept().setText(
                    "its result was withdrawn before the review was done (superseded by a newer result of the series, "
                            + "or the series could not be segmented again): see its DiagnosticReport"));
        }
        fhir.setIntent(Task.TaskIntent.ORDER);
        fhir.setPriority(task.priority() == ReviewTaskView.Priority.URGENT ? Task.TaskPriority.URGENT
                : Task.TaskPriority.ROUTINE);
        fhir.setCode(new CodeableConcept(new Coding(TASK_CODES, "review-deferred-pixels",
                "Review the pixels the AI deferred to you")));
        fhir.setDescription("Label the " + task.regionPixels() + " pixels of the AI segmentation deferred to "
                + task.expert());
        fhir.setFocus(new Reference("DiagnosticReport/" + task.resultId()));
        fhir.setFor(patients.reference(task.patientId()));
        basedOn(task.accessionNumber()).ifPresent(fhir::addBasedOn);
        fhir.setOwner(practitioner(task.expert()));
        fhir.setAuthoredOn(Date.from(task.createdAt()));
        fhir.setLastModified(Date.from(task.lastModified()));
        if (task.deadline() != null) {
            fhir.getRestriction().setPeriod(new Period().setEnd(Date.from(task.deadline())));
        }
        fhir.addInput().setType(new CodeableConcept(new Coding(TASK_CODES, "region-pixels", "pixels deferred")))
                .setValue(new UnsignedIntType(clampInt(task.regionPixels())));
        fhir.addInput().setType(new CodeableConcept(new Coding(TASK_CODES, "imaging-study", "images to review")))
                .setValue(new Reference("ImagingStudy/" + task.studyInstanceUid()));
        fhir.addOutput().setType(new CodeableConcept(new Coding(TASK_CODES, "done-pixels", "pixels labelled")))
                .setValue(new UnsignedIntType(clampInt(task.donePixels())));
        return fhir;
    }

    public static DocumentReference documentReference(ResultDocumentView document, PatientReferences patients) {
        var reference = new DocumentReference();
        reference.setId(document.id());
        reference.getMeta().setLastUpdated(Date.from(document.createdAt()));
        if (document.dicomInstanceUid() != null) {
            reference.setMasterIdentifier(ImagingStudyMapping.studyIdentifier(document.dicomInstanceUid()));
        }
        // Base R4 has no "rejected" for a document: entered-in-error is the status that tells every consumer not to
        // use it (superseded would claim a replacement). Its docStatus stays preliminary: it was never signed off.
        reference.setStatus(document.status() == ResultDocumentView.Status.REJECTED
                ? Enumerations.DocumentReferenceStatus.ENTEREDINERROR : Enumerations.DocumentReferenceStatus.CURRENT);
        reference.setDocStatus(document.status() == ResultDocumentView.Status.FINAL
                ? DocumentReference.ReferredDocumentStatus.FINAL
                : DocumentReference.ReferredDocumentStatus.PRELIMINARY);
        reference.setType(switch (document.kind()) {
            case DICOM_SEG -> new CodeableConcept(new Coding(DOCUMENT_CODES, "dicom-seg", "DICOM Segmentation"));
            case STL -> new CodeableConcept(new Coding(DOCUMENT_CODES, "abutment-stl", "Abutment design (STL)"));
        });
        if (document.patientId() != null) {
            reference.setSubject(patients.reference(document.patientId()));
        }
        reference.setDate(Date.from(document.createdAt()));
        reference.setDescription(document.title());
        var attachment = new Attachment().setContentType(document.kind().contentType)
                .setUrl("Binary/" + document.id()).setSize(document.content().length)
                .setHash(sha1(document.content())).setTitle(document.title());
        attachment.setCreation(Date.from(document.createdAt()));
        var content = reference.addContent().setAttachment(attachment);
        if (document.kind() == ResultDocumentView.Kind.DICOM_SEG) {
            content.setFormat(new Coding(ImagingStudyMapping.URI, "urn:oid:" + SEG_SOP_CLASS, "DICOM Segmentation"));
        }
        if (document.relatedResource() != null) {
            reference.getContext().addRelated(new Reference(document.relatedResource()));
        }
        if (document.studyInstanceUid() != null) {
            reference.getContext().addRelated(new Reference("ImagingStudy/" + document.studyInstanceUid()));
        }
        return reference;
    }

    public static Binary binary(ResultDocumentView document) {
        var binary = new Binary();
        binary.setId(document.id());
        binary.setContentType(document.kind().contentType);
        binary.setSecurityContext(new Reference("DocumentReference/" + document.id()));
        binary.setData(document.content());
        return binary;
    }

    private static Observation observation(AiResultView result, PatientReferences patients, String kind,
            String display) {
        var observation = new Observation();
        observation.setId(observationId(result.id(), kind));
        observation.getMeta().setLastUpdated(Date.from(updated(result)));
        observation.setStatus(switch (result.status()) {
            case AWAITING_REVIEW -> Observation.ObservationStatus.PRELIMINARY;
            case FINAL -> Observation.ObservationStatus.FINAL;
            case SUPERSEDED, WITHDRAWN -> Observation.ObservationStatus.CANCELLED;
        });
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "imaging", "Imaging")));
        observation.setCode(new CodeableConcept(new Coding(OBSERVATION_CODES, kind, display)));
        observation.setSubject(patients.reference(result.patientId()));
        observation.setEffective(new DateTimeType(Date.from(result.createdAt())));
        observation.setIssued(Date.from(updated(result)));
        observation.addDerivedFrom(new Reference("ImagingStudy/" + result.studyInstanceUid()));
        observation.setDevice(device(result));
        if (result.status() == AiResultView.Status.FINAL) {
            reviewers(result).forEach(expert -> observation.addPerformer(practitioner(expert)));
        }
        return observation;
    }

    private static String conclusion(AiResultView result) {
        var text = new StringBuilder("AI segmentation of ").append(result.structure());
        if (result.volumeMl() != null) {
            text.append(": ").append(String.format(Locale.ROOT, "%.1f mL", result.volumeMl()));
        }
        text.append(String.format(Locale.ROOT, "; %.1f %% of pixels deferred to experts", 100 * result.deferralRate()));
        switch (result.status()) {
            case AWAITING_REVIEW -> text.append("; awaiting expert review (preliminary)");
            case FINAL -> text.append("; merged with the review of ").append(String.join(", ", reviewers(result)));
            case SUPERSEDED -> text.append("; withdrawn before review: the series gained instances, and a newer "
                    + "report of the series replaces this one");
            case WITHDRAWN -> text.append("; withdrawn before review, do not use: ").append(result.withdrawnBecause());
        }
        return text.toString();
    }

    /** Experts with pixels deferred to them, in expert order. */
    private static List<String> reviewers(AiResultView result) {
        Map<String, Double> share = result.expertShare();
        return result.experts().stream().filter(expert -> share.getOrDefault(expert, 0.0) > 0).toList();
    }

    private static java.time.Instant updated(AiResultView result) {
        return result.finalizedAt() != null ? result.finalizedAt() : result.createdAt();
    }

    /** The Device of the model that made this result, as stored with it: never simply the model configured now. */
    private static Reference device(AiResultView result) {
        return DeviceMapping.reference(result.modelName(), result.modelVersion());
    }

    static Reference practitioner(String user) {
        return new Reference().setType("Practitioner").setIdentifier(new Identifier().setSystem(USERS).setValue(user))
                .setDisplay(user);
    }

    private static java.util.Optional<Reference> basedOn(String accessionNumber) {
        if (accessionNumber == null || accessionNumber.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Reference().setType("ServiceRequest")
                .setIdentifier(ImagingStudyMapping.accession(accessionNumber)));
    }

    static CodeableConcept agentType(String code, String display) {
        return new CodeableConcept(new Coding(PROVENANCE_AGENT_TYPE, code, display));
    }

    private static Quantity quantity(double value, int scale, String unit, String code) {
        return new Quantity().setValue(BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP))
                .setUnit(unit).setSystem(UCUM).setCode(code);
    }

    private static Quantity percent(double fraction) {
        return quantity(100 * fraction, 2, "%", "%");
    }

    private static int clampInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }

    private static byte[] sha1(byte[] content) {
        try {
            // FHIR R4 defines Attachment.hash as SHA-1.
            return MessageDigest.getInstance("SHA-1").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }
}
