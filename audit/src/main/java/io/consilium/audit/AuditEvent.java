package io.consilium.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One thing that happened: who did what to which resources, when, from where, how it ended, and the
 * digests of the data that went in and came out.
 *
 * <p>The patient identifier is a protected field: it is stored and exported only through the audit trail
 * and is left out of {@link #toString()} so it never reaches an application log.
 *
 * @param recordedAt      when it happened (UTC, kept to the microsecond the databases store)
 * @param actor           who acted
 * @param action          what was done, e.g. {@code seg.infer}, {@code task.complete}, {@code study.read}
 * @param targets         what it was done to, e.g. {@code ImagingStudy/1.2.3} (at least one)
 * @param outcome         how it ended
 * @param outcomeText     why it failed, or a short note; may be empty
 * @param source          where the request came from: IP address or DICOM AE title; may be empty
 * @param patientId       the patient concerned (protected); may be empty
 * @param inputDigests    name to digest ({@code sha256:...}) of each input
 * @param outputDigests   name to digest of each output
 * @param detail          free structured detail (JSON); may be empty
 */
public record AuditEvent(Instant recordedAt, Actor actor, String action, List<String> targets, Outcome outcome,
        String outcomeText, String source, String patientId, SortedMap<String, String> inputDigests,
        SortedMap<String, String> outputDigests, String detail) {

    public AuditEvent {
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(actor, "actor");
        action = requireText(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("an audit event needs at least one target resource");
        }
        targets = List.copyOf(targets);
        targets.forEach(target -> requireLine(requireText(target, "target"), "target"));
        outcomeText = orEmpty(outcomeText);
        source = requireLine(orEmpty(source), "source");
        patientId = requireLine(orEmpty(patientId), "patient id");
        inputDigests = digests(inputDigests);
        outputDigests = digests(outputDigests);
        detail = orEmpty(detail);
    }

    /** Starts an event of {@code action} by {@code actor} on {@code target}, happening now. */
    public static Builder of(Actor actor, String action, String target) {
        return new Builder(actor, action, target);
    }

    @Override
    public String toString() {
        return "AuditEvent[" + action + " by " + actor.kind() + " " + actor.id() + " on " + targets + " -> " + outcome
                + (patientId.isEmpty() ? "" : ", patient <protected>") + "]";
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an audit event needs a " + name);
        }
        return value;
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String requireLine(String value, String name) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the " + name + " of an audit event must be one line");
        }
        return value;
    }

    private static SortedMap<String, String> digests(Map<String, String> digests) {
        var sorted = new TreeMap<String, String>();
        if (digests != null) {
            digests.forEach((name, digest) -> {
                if (name == null || name.isBlank() || name.contains("=") || name.contains("\n")) {
                    throw new IllegalArgumentException("digest name '" + name + "' must be one line without '='");
                }
                sorted.put(name, requireLine(requireText(digest, "digest of " + name), "digest of " + name));
            });
        }
        return java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** Collects the optional parts of an event. */
    public static final class Builder {
        private final Actor actor;
        private final String action;
        private final java.util.ArrayList<String> targets = new java.util.ArrayList<>();
        private Instant recordedAt = Instant.now();
        private Outcome outcome = Outcome.SUCCESS;
        private String outcomeText = "";
        private String source = "";
        private String patientId = "";
        private final TreeMap<String, String> inputs = new TreeMap<>();
        private final TreeMap<String, String> outputs = new TreeMap<>();
        private String detail = "";

        private Builder(Actor actor, String action, String target) {
            this.actor = actor;
            this.action = action;
            this.targets.add(target);
        }

        public Builder at(Instant instant) {
            this.recordedAt = instant;
            return this;
        }

        public Builder target(String target) {
            targets.add(target);
            return this;
        }

        public Builder outcome(Outcome value, String text) {
            this.outcome = value;
            this.outcomeText = text;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        public Builder patient(String value) {
            this.patientId = value;
            return this;
        }

        public Builder input(String name, String digest) {
            inputs.put(name, digest);
            return this;
        }

        public Builder output(String name, String digest) {
            outputs.put(name, digest);
            return this;
        }

        public Builder detail(String json) {
            this.detail = json;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(recordedAt, actor, action, targets, outcome, outcomeText, source, patientId,
                    inputs, outputs, detail);
        }
    }
}
