package io.consilium.server.fhir;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The workflow's side of {@link ClinicalResults} until the workflow's own store is merged: results a test
 * records, filtered as the contract says. Enabled only by {@link FhirTestProfile}.
 */
@Alternative
@Singleton
public class RecordedResults implements ClinicalResults {

    private final Map<String, AiResultView> results = new ConcurrentHashMap<>();
    private final Map<String, ReviewTaskView> tasks = new ConcurrentHashMap<>();
    private final Map<String, ResultDocumentView> documents = new ConcurrentHashMap<>();

    void put(AiResultView result) {
        results.put(result.id(), result);
    }

    void put(ReviewTaskView task) {
        tasks.put(task.id(), task);
    }

    void put(ResultDocumentView document) {
        documents.put(document.id(), document);
    }

    @Override
    public Optional<AiResultView> result(String id) {
        return Optional.ofNullable(results.get(id));
    }

    @Override
    public List<AiResultView> results(Criteria criteria) {
        return results.values().stream()
                .filter(matches(criteria, AiResultView::patientId, AiResultView::studyInstanceUid,
                        AiResultView::accessionNumber))
                .filter(r -> criteria.from() == null || !r.createdAt().isBefore(criteria.from()))
                .filter(r -> criteria.to() == null || r.createdAt().isBefore(criteria.to()))
                .sorted(Comparator.comparing(AiResultView::createdAt).reversed()).toList();
    }

    @Override
    public Optional<ReviewTaskView> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public List<ReviewTaskView> tasks(Criteria criteria, String resultId, String expert) {
        return tasks.values().stream()
                .filter(matches(criteria, ReviewTaskView::patientId, ReviewTaskView::studyInstanceUid,
                        ReviewTaskView::accessionNumber))
                .filter(t -> resultId == null || t.resultId().equals(resultId))
                .filter(t -> expert == null || t.expert().equals(expert))
                .sorted(Comparator.comparing(ReviewTaskView::id)).toList();
    }

    @Override
    public Optional<ResultDocumentView> document(String id) {
        return Optional.ofNullable(documents.get(id));
    }

    @Override
    public List<ResultDocumentView> documents(Criteria criteria, String relatedResource) {
        return documents.values().stream()
                .filter(matches(criteria, ResultDocumentView::patientId, ResultDocumentView::studyInstanceUid,
                        d -> null))
                .filter(d -> relatedResource == null || relatedResource.equals(d.relatedResource()))
                .sorted(Comparator.comparing(ResultDocumentView::id)).toList();
    }

    private static <T> Predicate<T> matches(Criteria criteria, java.util.function.Function<T, String> patient,
            java.util.function.Function<T, String> study, java.util.function.Function<T, String> accession) {
        return item -> (criteria.patientId() == null || criteria.patientId().equals(patient.apply(item)))
                && (criteria.studyInstanceUid() == null || criteria.studyInstanceUid().equals(study.apply(item)))
                && (criteria.accessionNumber() == null || criteria.accessionNumber().equals(accession.apply(item)));
    }
}
