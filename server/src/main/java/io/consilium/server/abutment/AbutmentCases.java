package io.consilium.server.abutment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.abutment.AbutmentCase;
import io.consilium.abutment.AbutmentDesigner;
import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.AbutmentProposal;
import io.consilium.abutment.InvalidCaseException;
import io.consilium.abutment.MeshCheckException;
import io.consilium.abutment.StlExport;
import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.server.audit.AuditTrail;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.LockMode;
import org.hibernate.Session;

/**
 * Abutment cases through their review: the model proposes, a person checks edits against the constraints,
 * then approves (possibly an edited design) or rejects with a reason. Every step is audited.
 */
@ApplicationScoped
public class AbutmentCases {

    /** A case as the UI shows it. */
    public record CaseView(String id, String caseId, String status, String patientId, Object abutmentCase,
            Object proposal, Object design, String modelVersion, String reason, String createdBy, Instant createdAt,
            String decidedBy, Instant decidedAt) {
    }

    /** A case in the list a dentist picks it from: whose, how many implants, where it stands. */
    public record CaseSummary(String id, String caseId, String status, String patientId, int implants,
            String createdBy, Instant createdAt, Instant decidedAt) {
    }

    /** A refused decision (already decided, or an approved design that breaks a constraint). */
    public static class DecisionRefused extends RuntimeException {
        private final boolean conflict;

        DecisionRefused(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    /** The longest Patient ID (DICOM LO). */
    private static final int PATIENT_ID_LENGTH = 64;

    private final Session session;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private AbutmentDesigner designer;

    AbutmentCases(Session session, AuditTrail audit, ObjectMapper json) {
        this.session = session;
        this.audit = audit;
        this.json = json;
    }

    /**
     * Proposes a design for a case (JSON as abutment-case.schema.json); invalid cases throw InvalidCaseException.
     *
     * @param patientId the DICOM Patient ID the case is for, null (or blank) when not given
     */
    @Transactional
    public CaseView propose(String caseJson, String patientId, String user) {
        String patient = patientId(patientId);
        AbutmentCase abutmentCase = AbutmentJson.readCase(caseJson);
        AbutmentProposal proposal = designer().propose(abutmentCase);
        AbutmentCaseRow row = new AbutmentCaseRow();
        row.id = UUID.randomUUID().toString();
        row.caseId = abutmentCase.caseId() == null ? row.id : abutmentCase.caseId();
        row.status = "PROPOSED";
        row.patientId = patient;
        row.caseJson = AbutmentJson.write(abutmentCase);
        row.proposalJson = AbutmentJson.write(proposal);
        row.modelVersion = proposal.model();
        row.createdBy = user;
        row.createdAt = clock.instant();
        session.persist(row);
        session.flush();
        audit.record(AuditEvent.of(Actor.user(user, "dentist"), "abutment.propose", "AbutmentCase/" + row.id)
                .patient(row.patientId)
                .detail(write(Map.of("model", proposal.model(), "implants", proposal.abutments().size(),
                        "infeasible", proposal.abutments().stream().filter(a -> !a.feasible()).count())))
                .at(row.createdAt).build());
        return view(row);
    }

    @Transactional
    public Optional<CaseView> find(String id) {
        return Optional.ofNullable(session.find(AbutmentCaseRow.class, id)).map(this::view);
    }

    /**
     * Cases newest first, at most {@code limit}.
     *
     * @param status PROPOSED, APPROVED or REJECTED; all when null
     * @param search a case id or Patient ID, or the start of one (case-insensitive); all when null
     */
    @Transactional
    public List<CaseSummary> list(String status, String search, int limit) {
        String pattern = search == null || search.isBlank() ? null
                : search.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%";
        return session.createSelectionQuery("from AbutmentCaseRow r where (:status is null or r.status = :status)"
                        + " and (:pattern is null or lower(r.caseId) like :pattern escape '\\'"
                        + " or lower(r.patientId) like :pattern escape '\\') order by r.createdAt desc, r.id",
                        AbutmentCaseRow.class)
                .setParameter("status", status).setParameter("pattern", pattern).setMaxResults(limit)
                .getResultStream()
                .map(row -> new CaseSummary(row.id, row.caseId, row.status, row.patientId,
                        AbutmentJson.readCase(row.caseJson).sites().size(), row.createdBy, row.createdAt,
                        row.decidedAt))
                .toList();
    }

    /** Checks an edited design; the case is not changed. */
    @Transactional
    public List<AbutmentDesigner.DesignCheck> check(String id, AbutmentProposal edited) {
        AbutmentCaseRow row = require(id);
        return designer().check(AbutmentJson.readCase(row.caseJson), edited);
    }

    /**
     * Approves (the given edited design, or the proposal as it stands) or rejects with a reason.
     *
     * @throws DecisionRefused when already decided (conflict), a rejection has no reason, or the approved design
     *                         breaks a constraint
     */
    @Transactional
    public CaseView decide(String id, boolean approve, String reason, AbutmentProposal design, String user) {
        AbutmentCaseRow row = session.find(AbutmentCaseRow.class, id, LockMode.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new NoSuchElementException("no abutment case " + id);
        }
        if (!"PROPOSED".equals(row.status)) {
            throw new DecisionRefused("case " + id + " was already " + row.status.toLowerCase() + " by "
                    + row.decidedBy + " at " + row.decidedAt, true);
        }
        if (!approve && (reason == null || reason.isBlank())) {
            throw new DecisionRefused("a rejection needs a reason", false);
        }
        AbutmentProposal decided = design != null ? design : read(row.proposalJson);
        boolean edited = design != null;
        if (approve) {
            var problems = designer().check(AbutmentJson.readCase(row.caseJson), decided).stream()
                    .filter(c -> !c.acceptable()).toList();
            if (!problems.isEmpty()) {
                throw new DecisionRefused("the design breaks constraints and cannot be approved: " + write(problems),
                        false);
            }
        }
        row.status = approve ? "APPROVED" : "REJECTED";
        row.reason = reason == null ? null : reason.strip();
        row.designJson = AbutmentJson.write(decided);
        row.decidedBy = user;
        row.decidedAt = clock.instant();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("edited", edited);
        detail.put("model", row.modelVersion);
        if (row.reason != null) {
            detail.put("reason", row.reason);
        }
        audit.record(AuditEvent.of(Actor.user(user, "dentist"), approve ? "abutment.approve" : "abutment.reject",
                "AbutmentCase/" + row.id).patient(row.patientId).detail(write(detail)).at(row.decidedAt).build());
        return view(row);
    }

    /** The STL of one implant's abutment, from the decided design (else the proposal); empty if none. */
    @Transactional
    public Optional<byte[]> stl(String id, int tooth) {
        AbutmentCaseRow row = require(id);
        return stl(row, currentDesign(row), tooth);
    }

    /** The STL of one implant's abutment in an edited design, for the preview; the case is not changed. */
    @Transactional
    public Optional<byte[]> stl(String id, int tooth, AbutmentProposal edited) {
        return stl(require(id), edited, tooth);
    }

    private static Optional<byte[]> stl(AbutmentCaseRow row, AbutmentProposal design, int tooth) {
        var abutment = design.abutments().stream().filter(a -> a.tooth() == tooth).findFirst();
        if (abutment.isEmpty()) {
            return Optional.empty();
        }
        if (!abutment.get().feasible()) {
            throw new DecisionRefused("no STL for tooth " + tooth + ": infeasible: "
                    + String.join("; ", abutment.get().infeasibleReasons()), false);
        }
        return Optional.of(checkedStl(row, design, tooth));
    }

    /** The STL of every feasible implant's abutment, from the decided design (else the proposal), by tooth. */
    @Transactional
    public Map<Integer, byte[]> stls(String id) {
        AbutmentCaseRow row = require(id);
        AbutmentProposal design = currentDesign(row);
        var stls = new LinkedHashMap<Integer, byte[]>();
        design.abutments().stream().filter(AbutmentProposal.Abutment::feasible)
                .forEach(a -> stls.put(a.tooth(), checkedStl(row, design, a.tooth())));
        return stls;
    }

    private static byte[] checkedStl(AbutmentCaseRow row, AbutmentProposal design, int tooth) {
        try {
            return StlExport.stl(AbutmentJson.readCase(row.caseJson), design, tooth).stl();
        } catch (MeshCheckException e) {
            // The solid failed its own check (thin wall): a design problem, not a server fault.
            throw new DecisionRefused(e.getMessage(), false);
        }
    }

    /** The decided design, else the proposal. */
    AbutmentProposal currentDesign(AbutmentCaseRow row) {
        return read(row.designJson != null ? row.designJson : row.proposalJson);
    }

    /** Whether the decided design differs from the model's proposal (compared as JSON values, not as text). */
    boolean edited(AbutmentCaseRow row) {
        try {
            return row.designJson != null && !json.readTree(row.designJson).equals(json.readTree(row.proposalJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored abutment case " + row.id + " is not valid JSON", e);
        }
    }

    /** A Patient ID as given, stripped; null when absent. Refused (never echoed) when it cannot be one. */
    private static String patientId(String patientId) {
        if (patientId == null || patientId.isBlank()) {
            return null;
        }
        String id = patientId.strip();
        if (id.length() > PATIENT_ID_LENGTH || id.indexOf('\\') >= 0 || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidCaseException("patientId", "not a DICOM Patient ID (at most " + PATIENT_ID_LENGTH
                    + " characters, no backslash or control characters)");
        }
        return id;
    }

    private AbutmentCaseRow require(String id) {
        AbutmentCaseRow row = session.find(AbutmentCaseRow.class, id);
        if (row == null) {
            throw new NoSuchElementException("no abutment case " + id);
        }
        return row;
    }

    private CaseView view(AbutmentCaseRow row) {
        try {
            return new CaseView(row.id, row.caseId, row.status, row.patientId, json.readTree(row.caseJson),
                    json.readTree(row.proposalJson), row.designJson == null ? null : json.readTree(row.designJson),
                    row.modelVersion, row.reason, row.createdBy, row.createdAt, row.decidedBy, row.decidedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored abutment case " + row.id + " is not valid JSON", e);
        }
    }

    private AbutmentProposal read(String proposalJson) {
        try {
            return json.readValue(proposalJson, AbutmentProposal.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored design is not valid JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized AbutmentDesigner designer() {
        if (designer == null) {
            designer = AbutmentDesigner.bundled();
        }
        return designer;
    }

    @PreDestroy
    synchronized void close() {
        if (designer != null) {
            designer.close();
        }
    }
}
