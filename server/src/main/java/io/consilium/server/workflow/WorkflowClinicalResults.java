package io.consilium.server.workflow;

import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.fhir.AiModel;
import io.consilium.server.fhir.AiModels;
import io.consilium.server.fhir.AiResultView;
import io.consilium.server.fhir.ClinicalResults;
import io.consilium.server.fhir.ResultDocumentView;
import io.consilium.server.fhir.ReviewTaskView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The workflow's results as the FHIR facade reads them: each segmentation result is a DiagnosticReport with its
 * Observations, each review Task a Task, each DICOM SEG a DocumentReference/Binary. Patient ID and accession
 * number come from the study's instances in the archive (they are not copied into the workflow's tables).
 */
@ApplicationScoped
class WorkflowClinicalResults implements ClinicalResults {

    private final Session session;
    private final ResultStore results;
    private final DicomArchive archive;
    private final AiModels models;

    WorkflowClinicalResults(Session session, ResultStore results, DicomArchive archive, AiModels models) {
        this.session = session;
        this.results = results;
        this.archive = archive;
        this.models = models;
    }

    /** Patient ID and accession number of a study, read once per call. */
    private record Order(String patientId, String accessionNumber) {
    }

    @Override
    @Transactional
    public Optional<AiResultView> result(String id) {
        return Optional.ofNullable(session.find(SegResultRow.class, id)).map(row -> view(row, new HashMap<>()));
    }

    @Override
    @Transactional
    public List<AiResultView> results(Criteria criteria) {
        Map<String, Order> orders = new HashMap<>();
        return rows(criteria).stream().map(row -> view(row, orders))
                .filter(v -> matches(criteria, v.patientId(), v.accessionNumber())).toList();
    }

    @Override
    @Transactional
    public Optional<ReviewTaskView> task(String id) {
        return Optional.ofNullable(session.find(ReviewTaskRow.class, id)).map(row -> task(row, new HashMap<>()));
    }

    @Override
    @Transactional
    public List<ReviewTaskView> tasks(Criteria criteria, String resultId, String expert) {
        Map<String, Order> orders = new HashMap<>();
        return session.createSelectionQuery("from ReviewTaskRow order by createdAt desc, id", ReviewTaskRow.class)
                .getResultList().stream()
                .filter(row -> resultId == null || row.resultId.equals(resultId))
                .filter(row -> expert == null || row.expert.equals(expert))
                .filter(row -> within(criteria, row.createdAt))
                .map(row -> task(row, orders))
                .filter(v -> criteria.studyInstanceUid() == null
                        || criteria.studyInstanceUid().equals(v.studyInstanceUid()))
                .filter(v -> matches(criteria, v.patientId(), v.accessionNumber())).toList();
    }

    @Override
    @Transactional
    public Optional<ResultDocumentView> document(String id) {
        return session.createSelectionQuery("from SegResultRow where segInstanceUid = :uid", SegResultRow.class)
                .setParameter("uid", id).uniqueResultOptional().map(row -> document(row, new HashMap<>()));
    }

    @Override
    @Transactional
    public List<ResultDocumentView> documents(Criteria criteria, String relatedResource) {
        Map<String, Order> orders = new HashMap<>();
        return rows(criteria).stream().filter(row -> row.segInstanceUid != null)
                .filter(row -> relatedResource == null || relatedResource.equals("DiagnosticReport/" + row.id))
                .map(row -> document(row, orders))
                .filter(d -> matches(criteria, d.patientId(), order(d.studyInstanceUid(), orders).accessionNumber()))
                .toList();
    }

    private List<SegResultRow> rows(Criteria criteria) {
        return session.createSelectionQuery("from SegResultRow where (:study is null or studyInstanceUid = :study)"
                        + " order by createdAt desc, id", SegResultRow.class)
                .setParameter("study", criteria.studyInstanceUid())
                .getResultList().stream().filter(row -> within(criteria, row.createdAt)).toList();
    }

    private AiResultView view(SegResultRow row, Map<String, Order> orders) {
        Views.Result r = results.view(row);
        Order order = order(row.studyInstanceUid, orders);
        // Results are labelled with the model this installation runs, as its Device resource names it.
        AiModel model = models.segmentor();
        return new AiResultView(r.id(), r.studyInstanceUid(), r.seriesInstanceUid(), order.patientId(),
                order.accessionNumber(), AiResultView.Status.valueOf(r.status().name()), r.createdAt(),
                r.finalizedAt(), model.name(), model.version(), r.task(),
                r.experts(), r.deferralRate(), r.expertShare(), r.volumeMl(), null, r.segInstanceUid());
    }

    private ReviewTaskView task(ReviewTaskRow row, Map<String, Order> orders) {
        SegResultRow result = session.find(SegResultRow.class, row.resultId);
        Order order = order(result.studyInstanceUid, orders);
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
                order(row.studyInstanceUid, orders).patientId(), row.studyInstanceUid, "DiagnosticReport/" + row.id,
                row.segInstanceUid, row.status == ResultStatus.FINAL ? ResultDocumentView.Status.FINAL
                        : ResultDocumentView.Status.PRELIMINARY);
    }

    private Order order(String studyInstanceUid, Map<String, Order> orders) {
        return orders.computeIfAbsent(studyInstanceUid, uid -> {
            List<StoredInstance> instances = archive.study(uid);
            return instances.isEmpty() ? new Order("", "")
                    : new Order(instances.get(0).patientId(), instances.get(0).accessionNumber());
        });
    }

    private static boolean within(Criteria criteria, Instant at) {
        return (criteria.from() == null || !at.isBefore(criteria.from()))
                && (criteria.to() == null || at.isBefore(criteria.to()));
    }

    private static boolean matches(Criteria criteria, String patientId, String accessionNumber) {
        return (criteria.patientId() == null || Objects.equals(criteria.patientId(), patientId))
                && (criteria.accessionNumber() == null || Objects.equals(criteria.accessionNumber(), accessionNumber));
    }
}
