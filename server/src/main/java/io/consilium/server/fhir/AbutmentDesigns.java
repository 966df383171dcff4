package io.consilium.server.fhir;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Abutment cases as the FHIR facade reads them: each implant's abutment is a DocumentReference with its STL as a
 * Binary, and each case a Provenance. The abutment feature provides one bean implementing this.
 */
public interface AbutmentDesigns {

    Optional<AbutmentDesignView> design(String id);

    /**
     * Designs matching every given criterion (null: any), newest change first; patient and dates are those of
     * {@link ClinicalResults.Criteria} (dates compare with {@link AbutmentDesignView#updated()}), and a criterion
     * on a study or an order matches no design.
     *
     * @param statuses the states wanted, empty for any
     */
    List<AbutmentDesignView> designs(ClinicalResults.Criteria criteria, Set<AbutmentDesignView.Status> statuses);

    /** The STL of each implant's abutment in the case's current design, by FDI tooth number. */
    Map<Integer, byte[]> stls(String id);

    /** The STL of one implant's abutment in the case's current design; empty when the design has no such implant. */
    Optional<byte[]> stl(String id, int tooth);

    /** Whether any case names this Patient ID. */
    boolean patientKnown(String patientId);

    /** Every distinct Patient ID that cases name. */
    List<String> patientIds();
}
