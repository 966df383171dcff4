package io.consilium.server.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;

@Entity
@Table(name = "review_task")
class ReviewTaskRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "result_id", nullable = false, length = 36)
    String resultId;

    @Column(nullable = false, length = 64)
    String expert;

    @Column(name = "expert_index", nullable = false)
    int expertIndex;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    TaskStatus status;

    @Column(nullable = false, length = 16)
    String priority;

    @Column(name = "region_pixels", nullable = false)
    long regionPixels;

    @Column(name = "done_pixels", nullable = false)
    long donePixels;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    Instant deadline;

    @Column(name = "completed_at")
    Instant completedAt;

    /** A result's Tasks still open (ready or in progress), locked for the caller's transaction to close them. */
    static List<ReviewTaskRow> lockOpen(Session session, String resultId) {
        return session.createSelectionQuery("""
                        from ReviewTaskRow where resultId = :r and status in (READY, IN_PROGRESS)""",
                        ReviewTaskRow.class).setParameter("r", resultId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }
}
