package io.consilium.server.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One slice's layers, each deflated: AI mask (0/1), deferral (0 = AI, i+1 = expert i), confidence (0..255). */
@Entity
@Table(name = "seg_slice")
@IdClass(SegSliceRow.Key.class)
class SegSliceRow {

    @Id
    @Column(name = "result_id", length = 36)
    String resultId;

    @Id
    @Column(name = "slice_index")
    int sliceIndex;

    @Column(name = "sop_instance_uid", nullable = false, length = 64)
    String sopInstanceUid;

    @Column(name = "ai_mask", nullable = false)
    byte[] aiMask;

    @Column(nullable = false)
    byte[] deferral;

    @Column(nullable = false)
    byte[] confidence;

    byte[] merged;

    byte[] provenance;

    static final class Key implements Serializable {
        String resultId;
        int sliceIndex;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sliceIndex == sliceIndex && Objects.equals(k.resultId, resultId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(resultId, sliceIndex);
        }
    }
}
