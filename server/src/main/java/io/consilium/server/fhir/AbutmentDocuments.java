package io.consilium.server.fhir;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Provenance;

/** The abutment designs behind the DocumentReference, Binary and Provenance providers. */
@Singleton
class AbutmentDocuments {

    private final AbutmentDesigns designs;
    private final PatientReferences patients;
    private final AiModels models;

    AbutmentDocuments(AbutmentDesigns designs, PatientReferences patients, AiModels models) {
        this.designs = designs;
        this.patients = patients;
        this.models = models;
    }

    /** The DocumentReference with this id; empty when the id names no abutment design's implant with an STL. */
    Optional<DocumentReference> documentReference(String id) {
        return implant(id).map(found -> AbutmentMapping.documentReference(found.design(), found.tooth(), found.stl(),
                patients, models.abutmentDesigner()));
    }

    Optional<Binary> binary(String id) {
        return implant(id).map(found -> AbutmentMapping.binary(found.design(), found.tooth(), found.stl()));
    }

    /** Every implant's DocumentReference of the matching designs, newest change first. */
    List<DocumentReference> documentReferences(ClinicalResults.Criteria criteria,
            Set<AbutmentDesignView.Status> statuses) {
        var references = new ArrayList<DocumentReference>();
        for (AbutmentDesignView design : designs.designs(criteria, statuses)) {
            Map<Integer, byte[]> stls = designs.stls(design.id());
            for (int tooth : design.teeth()) {
                byte[] stl = stls.get(tooth);
                if (stl == null) {
                    throw new IllegalStateException("abutment case " + design.id() + " has no STL for tooth " + tooth);
                }
                references.add(AbutmentMapping.documentReference(design, tooth, stl, patients,
                        models.abutmentDesigner()));
            }
        }
        return references;
    }

    /** The Provenance with this id ({@code abutment-<case>-provenance}). */
    Optional<Provenance> provenance(String id) {
        return AbutmentMapping.caseOfProvenance(id).flatMap(designs::design)
                .flatMap(design -> AbutmentMapping.provenance(design, models.abutmentDesigner()));
    }

    /** The Provenance of the case whose implant this DocumentReference id names. */
    Optional<Provenance> provenanceOfDocument(String documentId) {
        return AbutmentMapping.implant(documentId).flatMap(this::designWith)
                .flatMap(design -> AbutmentMapping.provenance(design, models.abutmentDesigner()));
    }

    private record Found(AbutmentDesignView design, int tooth, byte[] stl) {
    }

    private Optional<Found> implant(String id) {
        return AbutmentMapping.implant(id).flatMap(implant -> designWith(implant)
                .flatMap(design -> designs.stl(design.id(), implant.tooth())
                        .map(stl -> new Found(design, implant.tooth(), stl))));
    }

    /** The case's design, when it has an STL for the implant. */
    private Optional<AbutmentDesignView> designWith(AbutmentMapping.Implant implant) {
        return designs.design(implant.caseId()).filter(design -> design.teeth().contains(implant.tooth()));
    }
}
