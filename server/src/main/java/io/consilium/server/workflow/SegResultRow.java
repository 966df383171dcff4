package io.consilium.server.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "seg_result")
class SegResultRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "study_instance_uid", nullable = false, length = 64)
    String studyInstanceUid;

    @Column(name = "series_instance_uid", nullable = false, length = 64)
    String seriesInstanceUid;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 24)
    ResultStatus status;

    @Column(name = "routing_task", nullable = false, length = 64)
    String routingTask;

    @Column(nullable = false, length = 200)
    String prompt;

    @Column(name = "rows_count", nullable = false)
    int rows;

    @Column(name = "columns_count", nullable = false)
    int columns;

    @Column(name = "slice_count", nullable = false)
    int sliceCount;

    /** Comma-separated user names, expert 0 first. */
    @Column(nullable = false, length = 1000)
    String experts;

    @Column(name = "voxel_ml", nullable = false)
    double voxelMl;

    @Column(name = "deferral_rate", nullable = false)
    double deferralRate;

    @Column(name = "ai_volume_ml", nullable = false)
    double aiVolumeMl;

    @Column(name = "volume_ml")
    Double volumeMl;

    /** Comma-separated share of all pixels per expert, expert 0 first. */
    @Column(name = "expert_share", nullable = false, length = 1000)
    String expertShare;

    @Column(name = "fallback_pixels")
    Long fallbackPixels;

    /** The model's identity ({@code io.consilium.seg.ModelIdentity}): name, version, weights digest. */
    @Column(name = "model_name", nullable = false, length = 200)
    String modelName;

    @Column(name = "model_version", nullable = false, length = 64)
    String modelVersion;

    /** {@code sha256:<hex>} of the weights that made the result; {@code unknown} for results made before V11. */
    @Column(name = "model_weights_digest", nullable = false, length = 80)
    String modelWeightsDigest;

    @Column(name = "seg_instance_uid", length = 64)
    String segInstanceUid;

    @Column(length = 2000)
    String failure;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "review_deadline")
    Instant reviewDeadline;

    @Column(name = "finalized_at")
    Instant finalizedAt;
}
