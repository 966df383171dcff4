package io.consilium.server.fhir;

import io.consilium.server.archive.StoredInstance;
import io.consilium.server.platform.SearchConditions;
import io.consilium.server.study.StudyStatus;
import io.consilium.server.study.StudySummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/**
 * Read-only queries behind the ImagingStudy and Patient providers, over the study catalogue and the archive's
 * index: one query for the page of studies, one for all their instances. They only read, so they join a
 * transaction where there is one and start none (a JTA transaction per FHIR read was a tenth of its cost).
 */
@ApplicationScoped
class ImagingStudyIndex {

    private static final String INSTANCE_COLUMNS = """
            sop_instance_uid, sop_class_uid, study_instance_uid, series_instance_uid, transfer_syntax_uid, modality,
            instance_number, series_number, series_description, body_part_examined, patient_id, study_date,
            accession_number, size_bytes, sha256, source, received_at""";

    private final Session session;
    private final AbutmentDesigns abutments;

    ImagingStudyIndex(Session session, AbutmentDesigns abutments) {
        this.session = session;
        this.abutments = abutments;
    }

    /** A study with the instances the archive holds of it, in series and instance order. */
    record StudyRecord(StudySummary study, List<StoredInstance> instances) {
    }

    @Transactional(TxType.SUPPORTS)
    public long count(StudySearch search) {
        SearchConditions conditions = conditions(search);
        return conditions.bind(session.createNativeQuery("select count(*) from study s" + conditions.where(),
                Long.class)).getSingleResult();
    }

    /** One page of matching studies, newest first. */
    @Transactional(TxType.SUPPORTS)
    public List<StudyRecord> find(StudySearch search, int offset, int limit) {
        SearchConditions conditions = conditions(search);
        NativeQuery<Object[]> query = conditions.bind(session.createNativeQuery("""
                select s.study_instance_uid, s.modality, s.description, s.status, s.received_at from study s"""
                + conditions.where() + " order by s.received_at desc, s.id desc", Object[].class));
        List<Object[]> rows = query.setFirstResult(offset).setMaxResults(limit).getResultList();
        var studies = new LinkedHashMap<String, StudySummary>();
        for (Object[] row : rows) {
            studies.put((String) row[0], new StudySummary((String) row[0], (String) row[1], (String) row[2],
                    StudyStatus.valueOf((String) row[3]), instant(row[4]), null));
        }
        Map<String, List<StoredInstance>> instances = instances(studies.keySet());
        return studies.values().stream()
                .map(study -> new StudyRecord(study, instances.getOrDefault(study.studyInstanceUid(), List.of())))
                .toList();
    }

    /** Whether any stored instance or abutment case carries this Patient ID. */
    @Transactional(TxType.SUPPORTS)
    public boolean patientKnown(String patientId) {
        return !session.createNativeQuery("select 1 from dicom_instance where patient_id = :pid", Integer.class)
                .setParameter("pid", patientId).setMaxResults(1).getResultList().isEmpty()
                || abutments.patientKnown(patientId);
    }

    /**
     * Every distinct Patient ID in the archive and the abutment cases (to resolve a Patient id this server no
     * longer remembers).
     */
    @Transactional(TxType.SUPPORTS)
    public List<String> patientIds() {
        var ids = new LinkedHashSet<>(session.createNativeQuery(
                "select distinct patient_id from dicom_instance where patient_id <> ''", String.class).getResultList());
        ids.addAll(abutments.patientIds());
        return List.copyOf(ids);
    }

    /** The Patient ID behind a Patient id this server handed out (remembered, else found in the archive). */
    Optional<String> patientIdFor(String fhirId, PatientReferences patients) {
        return patients.patientId(fhirId)
                .or(() -> patientIds().stream().filter(pid -> patients.id(pid).equals(fhirId)).findFirst());
    }

    private Map<String, List<StoredInstance>> instances(Collection<String> studies) {
        var byStudy = new HashMap<String, List<StoredInstance>>();
        if (studies.isEmpty()) {
            return byStudy;
        }
        List<Object[]> rows = session.createNativeQuery("select " + INSTANCE_COLUMNS + """
                         from dicom_instance where study_instance_uid in (:studies)
                        order by series_number, series_instance_uid, instance_number, sop_instance_uid""",
                        Object[].class)
                .setParameter("studies", studies).getResultList();
        for (Object[] r : rows) {
            var instance = new StoredInstance((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                    (String) r[4], (String) r[5], integer(r[6]), integer(r[7]), (String) r[8], (String) r[9],
                    (String) r[10], (String) r[11], (String) r[12], ((Number) r[13]).longValue(), (String) r[14],
                    (String) r[15], instant(r[16]));
            byStudy.computeIfAbsent(instance.studyInstanceUid(), uid -> new ArrayList<>()).add(instance);
        }
        return byStudy;
    }

    private static SearchConditions conditions(StudySearch search) {
        var instance = new SearchConditions()
                .and("i.patient_id = :pid", "pid", search.patientId())
                .and("i.study_date <> '' and i.study_date >= :dateFrom", "dateFrom", search.dateFrom())
                .and("i.study_date <> '' and i.study_date <= :dateTo", "dateTo", search.dateTo())
                .and("i.modality in (:modalities)", "modalities", search.modalities())
                .and("i.accession_number = :accession", "accession", search.accessionNumber());
        String withInstances = " (select 1 from dicom_instance a where a.study_instance_uid = s.study_instance_uid)";
        return new SearchConditions()
                .and("s.study_instance_uid in (:uids)", "uids", search.studyInstanceUids())
                // IN (subquery), not a correlated EXISTS: the database starts from the instance indexes (patient,
                // accession) instead of testing every study of the archive.
                .and(instance, conditions -> "s.study_instance_uid in (select i.study_instance_uid"
                        + " from dicom_instance i where " + conditions + ")")
                .and(Boolean.TRUE.equals(search.withInstances()), "exists" + withInstances)
                .and(Boolean.FALSE.equals(search.withInstances()), "not exists" + withInstances);
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }
}
