package io.consilium.server.fhir;

import io.consilium.server.archive.StoredInstance;
import io.consilium.server.platform.SearchConditions;
import io.consilium.server.study.StudyStatus;
import io.consilium.server.study.StudySummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
 * index: a read is one query, a search one for the page of studies and one for all their instances. They only
 * read, so they join a transaction where there is one and start none (a JTA transaction per FHIR read was a
 * tenth of its cost). Instances are read with plain JDBC on the session's connection: Hibernate's native-query
 * machinery (parsing the SQL, resolving each column's type from the result set's metadata, per execution) cost
 * more than the query itself, on the API's most frequent call.
 */
@ApplicationScoped
class ImagingStudyIndex {

    private static final String INSTANCE_COLUMNS = """
            i.sop_instance_uid, i.sop_class_uid, i.study_instance_uid, i.series_instance_uid, i.transfer_syntax_uid,
            i.modality, i.instance_number, i.series_number, i.series_description, i.body_part_examined, i.patient_id,
            i.study_date, i.accession_number, i.size_bytes, i.sha256, i.source, i.received_at""";
    private static final String INSTANCE_ORDER =
            " order by i.series_number, i.series_instance_uid, i.instance_number, i.sop_instance_uid";
    private static final String STUDY_WITH_INSTANCES = "select s.study_instance_uid, s.modality, s.description,"
            + " s.status, s.received_at, " + INSTANCE_COLUMNS + " from study s left join dicom_instance i"
            + " on i.study_instance_uid = s.study_instance_uid where s.study_instance_uid = ?" + INSTANCE_ORDER;

    private final Session session;
    private final AbutmentDesigns abutments;

    ImagingStudyIndex(Session session, AbutmentDesigns abutments) {
        this.session = session;
        this.abutments = abutments;
    }

    /** A study with the instances the archive holds of it, in series and instance order. */
    record StudyRecord(StudySummary study, List<StoredInstance> instances) {
    }

    /** One study with its instances (none when the archive holds none of it yet), in one query. */
    @Transactional(TxType.SUPPORTS)
    public Optional<StudyRecord> study(String studyInstanceUid) {
        return session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(STUDY_WITH_INSTANCES)) {
                statement.setString(1, studyInstanceUid);
                try (ResultSet rows = statement.executeQuery()) {
                    StudySummary study = null;
                    List<StoredInstance> instances = new ArrayList<>();
                    while (rows.next()) {
                        if (study == null) {
                            study = new StudySummary(rows.getString(1), rows.getString(2), rows.getString(3),
                                    StudyStatus.valueOf(rows.getString(4)), instant(rows, 5), null);
                        }
                        if (rows.getString(6) != null) {
                            instances.add(instance(rows, 6));
                        }
                    }
                    return study == null ? Optional.<StudyRecord>empty()
                            : Optional.of(new StudyRecord(study, instances));
                }
            }
        });
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
        String sql = "select " + INSTANCE_COLUMNS + " from dicom_instance i where i.study_instance_uid in ("
                + String.join(", ", Collections.nCopies(studies.size(), "?")) + ")" + INSTANCE_ORDER;
        return session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int parameter = 1;
                for (String study : studies) {
                    statement.setString(parameter++, study);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        StoredInstance instance = instance(rows, 1);
                        byStudy.computeIfAbsent(instance.studyInstanceUid(), uid -> new ArrayList<>()).add(instance);
                    }
                }
            }
            return byStudy;
        });
    }

    /** The instance whose {@link #INSTANCE_COLUMNS} start at column {@code first} of the current row. */
    private static StoredInstance instance(ResultSet row, int first) throws SQLException {
        return new StoredInstance(row.getString(first), row.getString(first + 1), row.getString(first + 2),
                row.getString(first + 3), row.getString(first + 4), row.getString(first + 5),
                row.getObject(first + 6, Integer.class), row.getObject(first + 7, Integer.class),
                row.getString(first + 8), row.getString(first + 9), row.getString(first + 10),
                row.getString(first + 11), row.getString(first + 12), row.getLong(first + 13),
                row.getString(first + 14), row.getString(first + 15), instant(row, first + 16));
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

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
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
