package io.consilium.server.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The workflow's results as the FHIR facade reads them. The workflow provides one bean implementing this; the
 * DiagnosticReport, Observation, Task, DocumentReference and Binary endpoints are served while one exists.
 * Lists other than pages are what one patient or study has: small enough to page in memory.
 */
public interface ClinicalResults {

    Optional<AiResultView> result(String id);

    /** Results matching every given criterion (null: any), newest first. */
    List<AiResultView> results(Criteria criteria);

    /** How many results the search matches. */
    long countResults(ReportSearch search);

    /** One page of the results the search matches, in its order. */
    List<AiResultView> results(ReportSearch search, int offset, int limit);

    Optional<ReviewTaskView> task(String id);

    /** Tasks matching every given criterion; {@code resultId} narrows to one result's tasks. */
    List<ReviewTaskView> tasks(Criteria criteria, String resultId, String expert);

    Optional<ResultDocumentView> document(String id);

    /**
     * The segmentation models behind results, one per version: every one that made a stored result (with its
     * stored identity) and every one the workflow is configured to run now (with its card), without duplicates.
     */
    List<AiModel> segmentationModels();

    /** Documents about a patient and/or of one result (a {@code DiagnosticReport/ID} reference). */
    List<ResultDocumentView> documents(Criteria criteria, String relatedResource);

    /**
     * @param patientId       the DICOM Patient ID
     * @param studyInstanceUid one study
     * @param accessionNumber one order
     * @param from            made at or after
     * @param to              made before
     */
    /**
     * A search for reports (DiagnosticReport): results that match the criteria, have one of the statuses and one of
     * the ids (empty: any), newest first unless {@code oldestFirst}.
     */
    record ReportSearch(Criteria criteria, Set<AiResultView.Status> statuses, Set<String> ids, boolean oldestFirst) {
    }

    record Criteria(String patientId, String studyInstanceUid, String accessionNumber, Instant from, Instant to) {
        public static final Criteria ANY = new Criteria(null, null, null, null, null);
    }
}
