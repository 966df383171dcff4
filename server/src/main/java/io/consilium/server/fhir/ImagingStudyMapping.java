package io.consilium.server.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.study.StudySummary;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudySeriesComponent;
import org.hl7.fhir.r4.model.Reference;

/**
 * A study of the built-in archive as an R4 ImagingStudy: identified by its Study Instance UID ({@code urn:dicom:uid}),
 * its series and instances as held, and an Endpoint (contained) to our WADO-RS service for the pixels.
 */
public final class ImagingStudyMapping {

    public static final String DICOM_UID = "urn:dicom:uid";
    public static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String URI = "urn:ietf:rfc:3986";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String CONNECTION_TYPE = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private ImagingStudyMapping() {
    }

    /**
     * @param dicomWeb the absolute base URL of our DICOMweb service (e.g. {@code https://host/dicomweb})
     */
    public static ImagingStudy imagingStudy(StudySummary study, List<StoredInstance> instances,
            PatientReferences patients, String dicomWeb) {
        var result = new ImagingStudy();
        result.setId(study.studyInstanceUid());
        result.getMeta().setLastUpdated(Date.from(study.receivedAt()));
        result.addIdentifier(studyIdentifier(study.studyInstanceUid()));
        result.setStatus(instances.isEmpty() ? ImagingStudy.ImagingStudyStatus.REGISTERED
                : ImagingStudy.ImagingStudyStatus.AVAILABLE);
        if (!study.description().isBlank()) {
            result.setDescription(study.description());
        }
        StoredInstance first = instances.isEmpty() ? null : instances.get(0);
        result.setSubject(patients.reference(first == null ? null : first.patientId()));
        if (first != null && !first.accessionNumber().isBlank()) {
            Identifier accession = accession(first.accessionNumber());
            result.addIdentifier(accession.copy());
            result.addBasedOn(new Reference().setType("ServiceRequest").setIdentifier(accession));
        }
        if (first != null) {
            started(first.studyDate(), result);
        }

        var endpoint = new Endpoint();
        endpoint.setId("dicomweb");
        endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
        endpoint.setConnectionType(new Coding(CONNECTION_TYPE, "dicom-wado-rs", "DICOM WADO-RS"));
        // No code system names a DICOMweb payload (DCM 110100 is an audit event); the FHIR specification's own
        // WADO-RS Endpoint says it in text, with the media type beside it.
        endpoint.addPayloadType(new CodeableConcept().setText("DICOM WADO-RS"));
        endpoint.addPayloadMimeType("application/dicom");
        endpoint.setAddress(dicomWeb);
        result.addContained(endpoint);
        result.addEndpoint(new Reference("#dicomweb"));

        Map<String, ImagingStudySeriesComponent> series = new LinkedHashMap<>();
        var modalities = new LinkedHashMap<String, Coding>();
        for (StoredInstance instance : instances) {
            ImagingStudySeriesComponent s = series.computeIfAbsent(instance.seriesInstanceUid(), uid -> {
                var component = new ImagingStudySeriesComponent();
                component.setUid(uid);
                component.setModality(modality(instance.modality()));
                if (instance.seriesNumber() != null && instance.seriesNumber() >= 0) {
                    component.setNumber(instance.seriesNumber());
                }
                if (!instance.seriesDescription().isBlank()) {
                    component.setDescription(instance.seriesDescription());
                }
                if (!instance.bodyPartExamined().isBlank()) {
                    // DICOM Body Part Examined is a defined term, not a SNOMED code: carried as text.
                    component.setBodySite(new Coding().setDisplay(instance.bodyPartExamined()));
                }
                return component;
            });
            modalities.putIfAbsent(instance.modality(), modality(instance.modality()));
            var component = s.addInstance().setUid(instance.sopInstanceUid())
                    .setSopClass(new Coding(URI, "urn:oid:" + instance.sopClassUid(), null));
            if (instance.instanceNumber() != null && instance.instanceNumber() >= 0) {
                component.setNumber(instance.instanceNumber());
            }
        }
        if (modalities.isEmpty()) {
            modalities.put(study.modality(), modality(study.modality()));
        }
        modalities.values().forEach(result::addModality);
        series.values().forEach(s -> s.setNumberOfInstances(s.getInstance().size()));
        series.values().forEach(result::addSeries);
        result.setNumberOfSeries(series.size());
        result.setNumberOfInstances(instances.size());
        return result;
    }

    /** The Study Instance UID as a FHIR identifier. */
    public static Identifier studyIdentifier(String studyInstanceUid) {
        return new Identifier().setSystem(DICOM_UID).setValue("urn:oid:" + studyInstanceUid);
    }

    /** The order (accession number) as a FHIR identifier of type ACSN. */
    public static Identifier accession(String accessionNumber) {
        return new Identifier()
                .setType(new CodeableConcept(new Coding(V2_0203, "ACSN", "Accession ID")))
                .setValue(accessionNumber);
    }

    private static Coding modality(String code) {
        return new Coding(DCM, code, null);
    }

    private static void started(String studyDate, ImagingStudy result) {
        // DICOM DA is YYYYMMDD; read by hand: DateTimeFormatter.parse was a twentieth of a FHIR read.
        if (studyDate == null || studyDate.length() != 8 || !studyDate.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(studyDate, 0, 4, 10),
                    Integer.parseInt(studyDate, 4, 6, 10), Integer.parseInt(studyDate, 6, 8, 10));
            result.setStartedElement(new DateTimeType(Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant()),
                    TemporalPrecisionEnum.DAY, UTC));
        } catch (DateTimeException e) {
            // A malformed Study Date is left out rather than guessed; the study stays findable by its UID.
        }
    }
}
