package io.consilium.server.workflow;

import io.consilium.server.archive.DicomArchive;
import io.consilium.server.fhir.AiModel;
import io.consilium.server.fhir.AiResultView;
import io.consilium.server.fhir.ClinicalResults;
import io.consilium.server.fhir.ResultDocumentView;
import io.consilium.server.fhir.ReviewTaskView;
import io.consilium.server.jobs.JobFailure;
import io.consilium.server.platform.SearchConditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;
import org.jboss.logging.Logger;

/**
 * The workflow's results as the FHIR facade reads them: each segmentation result is a DiagnosticReport with its
 * Observations, each review Task a Task, each DICOM SEG a DocumentReference/Binary. Patient ID and accession
 * number come from the study's instances in the archive (they are not copied into the workflow's tables): searches
 * filter and page in the database, and read them for the matching studies in one query.
 */
@ApplicationScoped
class WorkflowClinicalResults implements ClinicalResults {

    /** The study's first instance (series, then instance order), the one whose Patient ID and accession count. */
    private static final String FIRST_INSTANCES = """
            select study_instance_uid, patient_id, accession_number from (
              select study_instance_uid, patient_id, accession_number, row_number() over (
                  partition by study_instance_uid
                  order by series_number, series_instance_uid, instance_number, sop_instance_uid) as rank_in_study
                from dicom_instance where study_instance_uid in (:studies)) first_instance
            where rank_in_study = 1""";
    /** Bounds the IN list of one query. */
    private static final int STUDIES_PER_QUERY = 500;
    private static final Logger LOG = Logger.getLogger(WorkflowClinicalResults.class);

    private final Session session;
    private final ResultStore results;
    private final DicomArchive archive;
    private final RoutingRules routing;
    private final SegmentationModels models;

    WorkflowClinicalResults(Session session, ResultStore results, DicomArchive archive, RoutingRules routing,
            SegmentationModels models) {
        this.session = session;
        this.results = results;
        this.archive = archive;
        this.routing = routing;
        this.models = models;
    }

    /** Patient ID and accession number of a study. */
    private record Order(String patientId, String accessionNumber) {
        static final Order NONE = new Order("", "");
    }

    @Override
    @Transactional
    public Optional<AiResultView> result(String id) {
        return Optional.ofNullable(session.find(SegResultRow.class, id))
                .map(row -> view(row, orders(List.of(row.studyInstanceUid))));
    }

    @Override
    @Transactional
    public List<AiResultView> results(Criteria criteria) {
        return views(resultQuery(new ReportSearch(criteria, Set.of(), Set.of(), false)).getResultList());
    }

    @Override
    @Transactional
    public long countResults(ReportSearch search) {
        return resultQuery(search).getResultCount();
    }

    @Override
    @Transactional
    public List<AiResultView> results(ReportSearch search, int offset, int limit) {
        return views(resultQuery(search).setFirstResult(offset).setMaxResults(limit).getResultList());
    }

    @Override
    @Transactional
    public Optional<ReviewTaskView> task(String id) {
        return Optional.ofNullable(session.find(ReviewTaskRow.class, id)).map(row -> {
            SegResultRow result = session.find(SegResultRow.class, row.resultId);
            return task(row, result, orders(List.of(result.studyInstanceUid)));
        });
    }

    @Override
    @Transactional
    public List<ReviewTaskView> tasks(Criteria criteria, String resultId, String expert) {
        var conditions = conditions(criteria, "t.createdAt")
                .and("t.resultId = :resultId", "resultId", resultId)
                .and("t.expert = :expert", "expert", expert);
        SelectionQuery<Object[]> query = conditions.bind(session.createSelectionQuery("select t, r from ReviewTaskRow t,"
                + " SegResultRow r where r.id = t.resultId" + conditions.andAll() + " order by t.createdAt desc, t.id",
                Object[].class));
        List<Object[]> rows = query.getResultList();
        Map<String, Order> orders = orders(rows.stream().map(r -> ((SegResultRow) r[1]).studyInstanceUid).toList());
        return rows.stream().map(r -> task((ReviewTaskRow) r[0], (SegResultRow) r[1], orders)).toList();
    }

    @Override
    @Transactional
    public Optional<ResultDocumentView> document(String id) {
        return session.createSelectionQuery("from SegResultRow where segInstanceUid = :uid", SegResultRow.class)
                .setParameter("uid", id).uniqueResultOptional()
                .map(row -> document(row, orders(List.of(row.studyInstanceUid))));
    }

    @Override
    @Transactional
    public List<ResultDocumentView> documents(Criteria criteria, String relatedResource) {
        String relatedResult = null;
        if (relatedResource != null) {
            if (!relatedResource.startsWith("DiagnosticReport/")) {
                return List.of();
            }
            relatedResult = relatedResource.substring("DiagnosticReport/".length());
        }
        List<SegResultRow> rows = resultQuery(new ReportSearch(criteria, Set.of(),
                relatedResult == null ? Set.of() : Set.of(relatedResult), false)).getResultList().stream()
                .filter(row -> row.segInstanceUid != null).toList();
        Map<String, Order> orders = orders(rows.stream().map(row -> row.studyInstanceUid).toList());
        return rows.stream().map(row -> document(row, orders)).toList();
    }

    @Override
    @Transactional
    public List<AiModel> segmentationModels() {
        var byDevice = new LinkedHashMap<String, AiModel>();
        for (RoutingRules.Route route : routing.routes()) {
            try {
                AiModel model = AiModel.segmentor(models.identity(route));
                byDevice.putIfAbsent(model.deviceId(), model);
            } catch (JobFailure e) {
                // Its SEGMENT jobs fail with the same reason; the Devices of what was made stay readable.
                LOG.warnf("routing rule %s: its model is not described as a Device: %s", route.task(), e.getMessage());
            }
        }
        List<Object[]> stored = session.createSelectionQuery("""
                        select distinct r.modelName, r.modelVersion, r.modelWeightsDigest from SegResultRow r
                        order by r.modelName, r.modelVersion""", Object[].class).getResultList();
        for (Object[] row : stored) {
            AiModel model = AiModel.segmentor((String) row[0], (String) row[1], (String) row[2]);
            byDevice.putIfAbsent(model.deviceId(), model);
        }
        return List.copyOf(byDevice.values());
    }

    /** Results the search matches, in its order. */
    private SelectionQuery<SegResultRow> resultQuery(ReportSearch search) {
        var conditions = conditions(search.criteria(), "r.createdAt")
                .and("r.status in :statuses", "statuses",
                        search.statuses().stream().map(status -> ResultStatus.valueOf(status.name())).toList())
                .and("r.id in :ids", "ids", search.ids());
        return conditions.bind(session.createSelectionQuery("from SegResultRow r" + conditions.where()
                + (search.oldestFirst() ? " order by r.createdAt, r.id" : " order by r.createdAt desc, r.id"),
                SegResultRow.class));
    }

    /**
     * The criteria as HQL conditions on a result {@code r}; {@code made} is the instant the date criteria apply to.
     * Patient ID and accession number are those of the study's instances.
     */
    private static SearchConditions conditions(Criteria criteria, String made) {
        return new SearchConditions()
                .and("r.studyInstanceUid = :study", "study", criteria.studyInstanceUid())
                .and(made + " >= :from", "from", criteria.from())
                .and(made + " < :to", "to", criteria.to())
                .and("exists (select 1 from ArchivedInstance i where i.studyInstanceUid = r.studyInstanceUid"
                        + " and i.patientId = :patient)", "patient", criteria.patientId())
                .and("exists (select 1 from ArchivedInstance i where i.studyInstanceUid = r.studyInstanceUid"
                        + " and i.accessionNumber = :accession)", "accession", criteria.accessionNumber());
    }

    private List<AiResultView> views(List<SegResultRow> rows) {
        Map<String, Order> orders = orders(rows.stream().map(row -> row.studyInstanceUid).toList());
        return rows.stream().map(row -> view(row, orders)).toList();
    }

    private AiResultView view(SegResultRow row, Map<String, Order> orders) {
        Views.Result r = results.view(row);
        Order order = orders.getOrDefault(row.studyInstanceUid, Order.NONE);
        return new AiResultView(r.id(), r.studyInstanceUid(), r.seriesInstanceUid(), order.patientId(),
                order.accessionNumber(), AiResultView.Status.valueOf(r.status().name()), r.createdAt(),
                r.finalizedAt(), r.model().name(), r.model().version(), r.model().weightsDigest(), r.task(),
                r.experts(), r.deferralRate(), r.expertShare(), r.volumeMl(), null, r.segInstanceUid(),
                r.status() == ResultStatus.WITHDRAWN ? r.failure() : null);
    }

    private ReviewTaskView task(ReviewTaskRow row, SegResultRow result, Map<String, Order> orders) {
        Order order = orders.getOrDefault(result.studyInstanceUid, Order.NONE);
        Instant modified = row.completedAt != null ? row.completedAt : row.createdAt;
        return new ReviewTaskView(row.id, row.resultId, result.studyInstanceUid, order.patientId(),
                order.accessionNumber(), row.expert, row.expertIndex, ReviewTaskView.Status.valueOf(row.status.name()),
                "urgent".equalsIgnoreCase(row.priority) ? ReviewTaskView.Priority.URGENT
                        : ReviewTaskView.Priority.ROUTINE,
                row.createdAt, modified, row.deadline, row.regionPixels, row.donePixels);
    }

    private ResultDocumentView document(SegResultRow row, Map<String, Order> orders) {
        byte[] content;
        try (InputStream in = archive.open(row.segInstanceUid)) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the DICOM SEG of result " + row.id + " cannot be read", e);
        }
        return new ResultDocumentView(row.segInstanceUid, ResultDocumentView.Kind.DICOM_SEG,
                "DICOM SEG: " + row.routingTask, content,
                row.finalizedAt != null ? row.finalizedAt : row.createdAt,
                orders.getOrDefault(row.studyInstanceUid, Order.NONE).patientId(), row.studyInstanceUid,
                "DiagnosticReport/" + row.id, row.segInstanceUid, row.status == ResultStatus.FINAL
                        ? ResultDocumentView.Status.FINAL : ResultDocumentView.Status.PRELIMINARY);
    }

    /** Patient ID and accession number of each study (from its first instance), in one query per 500 studies. */
    private Map<String, Order> orders(Collection<String> studies) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(studies));
        var orders = new HashMap<String, Order>();
        for (int from = 0; from < distinct.size(); from += STUDIES_PER_QUERY) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + STUDIES_PER_QUERY));
            List<Object[]> rows = session.createNativeQuery(FIRST_INSTANCES, Object[].class)
                    .setParameter("studies", chunk).getResultList();
            for (Object[] row : rows) {
                orders.put((String) row[0], new Order((String) row[1], (String) row[2]));
            }
        }
        return orders;
    }
}
