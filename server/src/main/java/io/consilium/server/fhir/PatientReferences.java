package io.consilium.server.fhir;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * Patients as references only: Consilium holds no demographics, the EHR owns the Patient. A reference carries
 * the DICOM Patient ID as a business identifier (what the EHR matches on) and a literal reference to a minimal
 * Patient (identifier only) whose id is a digest of the Patient ID, so that Patient IDs never appear in URLs,
 * access logs or next-page links, and {@code _include} can hand the EHR the identifier with the result.
 */
@Singleton
public class PatientReferences {

    private final String system;
    /** FHIR id -> Patient ID, for the ids this server has handed out or been asked about. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    @Inject
    PatientReferences(FhirConfig config) {
        this.system = config.patientIdentifierSystem();
    }

    public PatientReferences(String system) {
        this.system = system;
    }

    public String system() {
        return system;
    }

    /** The FHIR id of the Patient with this Patient ID. */
    public String id(String patientId) {
        String id = "p" + HexFormat.of().formatHex(sha256(system + "|" + patientId), 0, 20);
        known.putIfAbsent(id, patientId);
        return id;
    }

    /** The Patient ID behind a FHIR id this server handed out, if it still knows it. */
    Optional<String> patientId(String id) {
        return Optional.ofNullable(known.get(id));
    }

    /** The subject reference for results about this patient; a reference by display only when the ID is unknown. */
    public Reference reference(String patientId) {
        if (patientId == null || patientId.isBlank()) {
            return new Reference().setDisplay("patient not identified in the DICOM data");
        }
        Patient patient = patient(patientId);
        var reference = new Reference(patient);
        reference.setReference("Patient/" + patient.getIdPart());
        reference.setIdentifier(identifier(patientId));
        return reference;
    }

    public Patient patient(String patientId) {
        var patient = new Patient();
        patient.setId(id(patientId));
        patient.addIdentifier(identifier(patientId));
        return patient;
    }

    private Identifier identifier(String patientId) {
        return new Identifier().setSystem(system).setValue(patientId);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
