package io.consilium.server.archive;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact values of indexed attributes that archived instances must have (see {@link DicomArchive#select}); every
 * field is optional. UID lists match any of their UIDs; the study date range is inclusive (YYYYMMDD).
 */
public record InstanceSelection(
        Collection<String> studyInstanceUids,
        Collection<String> seriesInstanceUids,
        Collection<String> sopInstanceUids,
        Collection<String> sopClassUids,
        String patientId,
        String accessionNumber,
        String modality,
        String studyDateFrom,
        String studyDateTo) {

    public static InstanceSelection all() {
        return new InstanceSelection(null, null, null, null, null, null, null, null, null);
    }

    /** Entity field to the values it may take. */
    Map<String, Collection<String>> conditions() {
        Map<String, Collection<String>> out = new LinkedHashMap<>();
        put(out, "studyInstanceUid", studyInstanceUids);
        put(out, "seriesInstanceUid", seriesInstanceUids);
        put(out, "sopInstanceUid", sopInstanceUids);
        put(out, "sopClassUid", sopClassUids);
        put(out, "patientId", patientId == null ? null : List.of(patientId));
        put(out, "accessionNumber", accessionNumber == null ? null : List.of(accessionNumber));
        put(out, "modality", modality == null ? null : List.of(modality));
        return out;
    }

    private static void put(Map<String, Collection<String>> out, String field, Collection<String> values) {
        if (values != null && !values.isEmpty()) {
            out.put(field, values);
        }
    }
}
