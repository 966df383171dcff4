package io.consilium.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened: who did what to which resource, when, and how it ended.
 *
 * @param actor    user, service or model+version that acted
 * @param action   what was done, e.g. {@code seg.infer}, {@code task.complete}
 * @param resource what it was done to, e.g. {@code ImagingStudy/1.2.3}
 * @param outcome  {@code success}, {@code failure: reason}, ...
 * @param detail   structured detail (JSON), may be empty
 */
public record AuditEvent(Instant recordedAt, String actor, String action, String resource, String outcome,
        String detail) {

    public AuditEvent {
        Objects.requireNonNull(recordedAt, "recordedAt");
        requireText(actor, "actor");
        requireText(action, "action");
        requireText(resource, "resource");
        requireText(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an audit event needs a " + name);
        }
    }
}
