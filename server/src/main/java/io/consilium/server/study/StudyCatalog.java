package io.consilium.server.study;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.server.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hibernate.Session;

/** The studies Consilium holds, newest first. */
@ApplicationScoped
public class StudyCatalog {

    /** PS3.5 UI: digits and dots, components without leading zeros, at most 64 characters. */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern MODALITY = Pattern.compile("[A-Z0-9_ ]{1,16}");

    private final Session session;
    private final AuditTrail audit;
    private final Clock clock;

    StudyCatalog(Session session, AuditTrail audit) {
        this.session = session;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /**
     * Records a newly received study; a UID already known is refused, never overwritten. The study is
     * stored only if its audit record is: a failed audit write rolls the registration back.
     */
    @Transactional
    public StudySummary register(String studyInstanceUid, String modality, String description) {
        if (studyInstanceUid == null || studyInstanceUid.length() > 64 || !UID.matcher(studyInstanceUid).matches()) {
            throw new InvalidStudyException("Study Instance UID '" + studyInstanceUid + "' is not a valid DICOM UID");
        }
        if (modality == null || !MODALITY.matcher(modality).matches()) {
            throw new InvalidStudyException("Modality '" + modality + "' is not a DICOM modality code");
        }
        if (find(studyInstanceUid).isPresent()) {
            throw new InvalidStudyException("Study " + studyInstanceUid + " is already registered");
        }
        Study study = new Study();
        study.studyInstanceUid = studyInstanceUid;
        study.modality = modality;
        study.description = description == null ? "" : description;
        study.status = StudyStatus.RECEIVED;
        study.receivedAt = clock.instant();
        session.persist(study);
        session.flush();
        audit.record(AuditEvent.of(Actor.service("consilium-server"), "study.register",
                "ImagingStudy/" + studyInstanceUid).at(study.receivedAt)
                .detail("{\"modality\":\"" + modality + "\"}").build());
        return study.summary();
    }

    /** Moves a study along the workflow; {@code resultId} (when not null) becomes its latest result. */
    @Transactional
    public void progress(String studyInstanceUid, StudyStatus status, String resultId) {
        Study study = session.createSelectionQuery("from Study where studyInstanceUid = :uid", Study.class)
                .setParameter("uid", studyInstanceUid).uniqueResultOptional()
                .orElseThrow(() -> new InvalidStudyException("Study " + studyInstanceUid + " is not registered"));
        study.status = status;
        if (resultId != null) {
            study.resultId = resultId;
        }
    }

    @Transactional
    public List<StudySummary> newestFirst(int limit) {
        return session.createSelectionQuery("from Study order by receivedAt desc, id desc", Study.class)
                .setMaxResults(limit)
                .getResultList().stream().map(Study::summary).toList();
    }

    @Transactional
    public Optional<StudySummary> find(String studyInstanceUid) {
        return session.createSelectionQuery("from Study where studyInstanceUid = :uid", Study.class)
                .setParameter("uid", studyInstanceUid)
                .uniqueResultOptional().map(Study::summary);
    }
}
