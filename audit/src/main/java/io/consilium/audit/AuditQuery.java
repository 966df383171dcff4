package io.consilium.audit;

import java.time.Instant;

/**
 * A search of the trail; empty criteria match everything. Results come newest first, one page at a time.
 *
 * @param patientId records about this patient
 * @param actorId   records by this user, service or model
 * @param action    records of this action
 * @param from      recorded at or after (inclusive), or null
 * @param to        recorded before (exclusive), or null
 * @param page      page number from 0
 * @param size      records per page, 1 to 1000
 */
public record AuditQuery(String patientId, String actorId, String action, Instant from, Instant to, int page,
        int size) {

    public static final int MAX_PAGE_SIZE = 1000;

    public AuditQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
    }
}
