package io.consilium.server.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** An expert's saved labels for one slice (deflated, one byte per pixel). */
@Entity
@Table(name = "review_draft")
@IdClass(ReviewDraftRow.Key.class)
class ReviewDraftRow {

    @Id
    @Column(name = "task_id", length = 36)
    String taskId;

    @Id
    @Column(name = "slice_index")
    int sliceIndex;

    @Column(nullable = false)
    byte[] labels;

    @Column(name = "region_pixels", nullable = false)
    long regionPixels;

    @Column(name = "saved_at", nullable = false)
    Instant savedAt;

    static final class Key implements Serializable {
        String taskId;
        int sliceIndex;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sliceIndex == sliceIndex && Objects.equals(k.taskId, taskId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(taskId, sliceIndex);
        }
    }
}
