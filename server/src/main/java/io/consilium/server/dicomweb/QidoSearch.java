package io.consilium.server.dicomweb;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.web.QidoKeys;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.InstanceSelection;
import io.consilium.server.archive.StoredInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * QIDO-RS over the built-in archive (PS3.18 10.6, matching as PS3.4 C.2.2.2): single values, {@code *}/{@code ?}
 * wildcards, UID lists, date/time ranges, universal matching of empty keys, and fuzzy (case-insensitive, any
 * name component) person-name matching. Indexed attributes narrow the candidates in the database; the others
 * are matched against each candidate's file.
 */
@ApplicationScoped
public class QidoSearch {

    /** The most results one response holds; more are announced with a Warning header (PS3.18 8.3.4.4). */
    static final int MAX_RESULTS = 1000;

    static final Tag SPECIFIC_CHARACTER_SET = Dataset.SPECIFIC_CHARACTER_SET;
    static final Tag SOP_CLASS_UID = new Tag(0x0008, 0x0016);
    static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    static final Tag STUDY_DATE = new Tag(0x0008, 0x0020);
    static final Tag ACCESSION_NUMBER = new Tag(0x0008, 0x0050);
    static final Tag INSTANCE_AVAILABILITY = new Tag(0x0008, 0x0056);
    static final Tag MODALITIES_IN_STUDY = new Tag(0x0008, 0x0061);
    static final Tag MODALITY = new Tag(0x0008, 0x0060);
    static final Tag RETRIEVE_URL = new Tag(0x0008, 0x1190);
    static final Tag PATIENT_ID = new Tag(0x0010, 0x0020);
    static final Tag STUDY_INSTANCE_UID = new Tag(0x0020, 0x000D);
    static final Tag SERIES_INSTANCE_UID = new Tag(0x0020, 0x000E);
    static final Tag SERIES_NUMBER = new Tag(0x0020, 0x0011);
    static final Tag INSTANCE_NUMBER = new Tag(0x0020, 0x0013);
    static final Tag NUMBER_OF_STUDY_RELATED_SERIES = new Tag(0x0020, 0x1206);
    static final Tag NUMBER_OF_STUDY_RELATED_INSTANCES = new Tag(0x0020, 0x1208);
    static final Tag NUMBER_OF_SERIES_RELATED_INSTANCES = new Tag(0x0020, 0x1209);

    /** Default return attributes (PS3.18 Tables 10.6.3-3 to -5) read from the files. */
    private static final List<Tag> STUDY_ATTRIBUTES = tags(0x00080005, 0x00080020, 0x00080030, 0x00080050, 0x00080090,
            0x00080201, 0x00081030, 0x00100010, 0x00100020, 0x00100030, 0x00100040, 0x0020000D, 0x00200010);
    private static final List<Tag> SERIES_ATTRIBUTES = tags(0x00080005, 0x00080060, 0x0008103E, 0x0020000D,
            0x0020000E, 0x00200011, 0x00400244, 0x00400245, 0x00400275);
    private static final List<Tag> INSTANCE_ATTRIBUTES = tags(0x00080005, 0x00080016, 0x00080018, 0x0020000D,
            0x0020000E, 0x00200013, 0x00280008, 0x00280010, 0x00280011, 0x00280100);

    /** Indexed attributes: the level they belong to and how to read them from the index row. */
    private record Indexed(QidoLevel level, Function<StoredInstance, String> value) {
    }

    private static final Map<Tag, Indexed> INDEXED = Map.of(
            STUDY_INSTANCE_UID, new Indexed(QidoLevel.STUDY, StoredInstance::studyInstanceUid),
            PATIENT_ID, new Indexed(QidoLevel.STUDY, StoredInstance::patientId),
            ACCESSION_NUMBER, new Indexed(QidoLevel.STUDY, StoredInstance::accessionNumber),
            STUDY_DATE, new Indexed(QidoLevel.STUDY, StoredInstance::studyDate),
            SERIES_INSTANCE_UID, new Indexed(QidoLevel.SERIES, StoredInstance::seriesInstanceUid),
            MODALITY, new Indexed(QidoLevel.SERIES, StoredInstance::modality),
            SERIES_NUMBER, new Indexed(QidoLevel.SERIES, i -> i.seriesNumber() == null ? "" : i.seriesNumber().toString()),
            SOP_INSTANCE_UID, new Indexed(QidoLevel.INSTANCE, StoredInstance::sopInstanceUid),
            SOP_CLASS_UID, new Indexed(QidoLevel.INSTANCE, StoredInstance::sopClassUid),
            INSTANCE_NUMBER, new Indexed(QidoLevel.INSTANCE,
                    i -> i.instanceNumber() == null ? "" : i.instanceNumber().toString()));

    private final DicomArchive archive;
    private final InstanceFiles files;

    QidoSearch(DicomArchive archive, InstanceFiles files) {
        this.archive = archive;
        this.files = files;
    }

    /** The parsed query parameters of one search. */
    record Query(Map<Tag, String> keys, Set<Tag> includeFields, boolean includeAll, boolean fuzzy, int limit,
            int offset) {

        static Query parse(Map<String, List<String>> parameters) {
            Map<Tag, String> keys = new LinkedHashMap<>();
            Set<Tag> include = new LinkedHashSet<>();
            boolean all = false;
            boolean fuzzy = false;
            int limit = Integer.MAX_VALUE;
            int offset = 0;
            for (var entry : parameters.entrySet()) {
                String name = entry.getKey();
                List<String> values = entry.getValue();
                switch (name) {
                    case "limit" -> limit = number(name, values, 1);
                    case "offset" -> offset = number(name, values, 0);
                    case "fuzzymatching" -> fuzzy = Boolean.parseBoolean(values.get(0));
                    case "includefield" -> {
                        for (String value : values) {
                            for (String field : value.split(",")) {
                                if (field.strip().equals("all")) {
                                    all = true;
                                } else if (!field.isBlank()) {
                                    include.add(tag(field.strip()));
                                }
                            }
                        }
                    }
                    default -> {
                        if (values.size() > 1) {
                            throw DicomWebProblem.badRequest("matching key " + name + " is given more than once");
                        }
                        keys.put(tag(name), values.get(0));
                    }
                }
            }
            return new Query(keys, include, all, fuzzy, limit, offset);
        }

        private static Tag tag(String key) {
            try {
                return QidoKeys.tagOf(key);
            } catch (IllegalArgumentException e) {
                throw DicomWebProblem.badRequest("unknown query parameter: " + e.getMessage());
            }
        }

        private static int number(String name, List<String> values, int min) {
            try {
                int n = Integer.parseInt(values.get(0).strip());
                if (n < min) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw DicomWebProblem.badRequest(name + " must be an integer of at least " + min + ", was '"
                        + values.get(0) + "'");
            }
        }
    }

    /** One page of matches, and whether more matched than the page holds. */
    record Page(List<Dataset> matches, boolean more) {
    }

    Page search(QidoLevel level, String study, String series, Query query, String baseUrl) {
        for (Tag key : query.keys().keySet()) {
            Indexed indexed = INDEXED.get(key);
            if (indexed != null && indexed.level().compareTo(level) > 0) {
                throw DicomWebProblem.badRequest(key + " is not a " + level.name().toLowerCase(Locale.ROOT)
                        + "-level attribute");
            }
        }
        List<StoredInstance> candidates = archive.select(selection(level, study, series, query));
        Map<String, List<StoredInstance>> groups = candidates.stream().collect(Collectors.groupingBy(
                i -> switch (level) {
                    case STUDY -> i.studyInstanceUid();
                    case SERIES -> i.seriesInstanceUid();
                    case INSTANCE -> i.sopInstanceUid();
                }, LinkedHashMap::new, Collectors.toList()));
        // Study counts and modalities need every instance of the study, even when a key narrowed the series.
        List<Group> matched = new ArrayList<>();
        for (List<StoredInstance> members : groups.values()) {
            var group = new Group(members);
            if (matches(level, group, query)) {
                matched.add(group);
            }
        }
        int from = Math.min(query.offset(), matched.size());
        int to = (int) Math.min((long) from + Math.min(query.limit(), MAX_RESULTS), matched.size());
        List<Dataset> page = new ArrayList<>();
        for (Group group : matched.subList(from, to)) {
            page.add(result(level, study == null, group, query, baseUrl));
        }
        return new Page(page, to < matched.size() && query.limit() > MAX_RESULTS);
    }

    private static InstanceSelection selection(QidoLevel level, String study, String series, Query query) {
        Set<String> studies = uids(study, query.keys().get(STUDY_INSTANCE_UID));
        Set<String> seriesUids = uids(series, query.keys().get(SERIES_INSTANCE_UID));
        Set<String> sops = uids(null, query.keys().get(SOP_INSTANCE_UID));
        Set<String> classes = uids(null, query.keys().get(SOP_CLASS_UID));
        String date = query.keys().get(STUDY_DATE);
        String from = null;
        String to = null;
        if (date != null && !date.isEmpty() && !hasWildcard(date)) {
            int dash = date.indexOf('-');
            from = dash < 0 ? date : date.substring(0, dash).isEmpty() ? null : date.substring(0, dash);
            to = dash < 0 ? date : date.substring(dash + 1).isEmpty() ? null : date.substring(dash + 1);
        }
        return new InstanceSelection(studies, seriesUids, sops, classes, exact(query.keys().get(PATIENT_ID)),
                exact(query.keys().get(ACCESSION_NUMBER)),
                level == QidoLevel.STUDY ? null : exact(query.keys().get(MODALITY)), from, to);
    }

    private static Set<String> uids(String fromPath, String key) {
        Set<String> out = new TreeSet<>();
        if (key != null && !key.isEmpty() && !hasWildcard(key)) {
            out.addAll(List.of(key.split("\\\\")));
        }
        if (fromPath != null) {
            if (!out.isEmpty() && !out.contains(fromPath)) {
                out.clear();
                out.add(""); // contradicting path and key: nothing matches
            } else {
                out.clear();
                out.add(fromPath);
            }
        }
        return out;
    }

    private static String exact(String value) {
        return value == null || value.isEmpty() || hasWildcard(value) ? null : value;
    }

    private static boolean hasWildcard(String value) {
        return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
    }

    /** The instances a result stands for, with the representative file read at most once. */
    private final class Group {
        final List<StoredInstance> members;
        Dataset representative;

        Group(List<StoredInstance> members) {
            this.members = members;
        }

        StoredInstance first() {
            return members.get(0);
        }

        Dataset dataset() {
            if (representative == null) {
                representative = files.dataset(first().sopInstanceUid());
            }
            return representative;
        }
    }

    private boolean matches(QidoLevel level, Group group, Query query) {
        for (var key : query.keys().entrySet()) {
            Tag tag = key.getKey();
            String pattern = key.getValue();
            if (pattern.isEmpty()) {
                continue; // universal matching: the attribute is only returned
            }
            VR vr = QidoKeys.vrOf(tag);
            List<String> values;
            Indexed indexed = INDEXED.get(tag);
            if (tag.equals(MODALITIES_IN_STUDY) && level == QidoLevel.STUDY) {
                values = group.members.stream().map(StoredInstance::modality).distinct().toList();
            } else if (indexed != null) {
                values = List.of(indexed.value().apply(group.first()));
            } else {
                values = List.of(group.dataset().strings(tag));
            }
            if (values.stream().noneMatch(v -> Matching.matches(vr, pattern, v, query.fuzzy()))) {
                return false;
            }
        }
        return true;
    }

    private Dataset result(QidoLevel level, boolean acrossStudies, Group group, Query query, String baseUrl) {
        Dataset source = group.dataset();
        var out = new Dataset();
        if (source.contains(SPECIFIC_CHARACTER_SET)) {
            out.put(source.get(SPECIFIC_CHARACTER_SET));
        }
        List<Tag> wanted = new ArrayList<>();
        if (level == QidoLevel.STUDY || acrossStudies) {
            wanted.addAll(STUDY_ATTRIBUTES);
        }
        if (level == QidoLevel.SERIES || level == QidoLevel.INSTANCE && acrossStudies) {
            wanted.addAll(SERIES_ATTRIBUTES);
        }
        if (level == QidoLevel.INSTANCE) {
            wanted.addAll(INSTANCE_ATTRIBUTES);
            wanted.add(SERIES_INSTANCE_UID);
        }
        wanted.addAll(query.keys().keySet());
        wanted.addAll(query.includeFields());
        if (query.includeAll()) {
            source.elements().stream().filter(e -> !isBulk(e)).map(DicomElement::tag).forEach(wanted::add);
        }
        for (Tag tag : wanted) {
            if (tag.equals(MODALITIES_IN_STUDY) || isComputed(tag)) {
                continue;
            }
            DicomElement element = source.get(tag);
            out.put(element != null ? element : empty(tag));
        }
        StoredInstance first = group.first();
        out.putString(INSTANCE_AVAILABILITY, VR.CS, "ONLINE");
        switch (level) {
            case STUDY -> {
                out.putString(MODALITIES_IN_STUDY, VR.CS, group.members.stream().map(StoredInstance::modality)
                        .distinct().sorted().toArray(String[]::new));
                out.putString(NUMBER_OF_STUDY_RELATED_SERIES, VR.IS, Long.toString(group.members.stream()
                        .map(StoredInstance::seriesInstanceUid).distinct().count()));
                out.putString(NUMBER_OF_STUDY_RELATED_INSTANCES, VR.IS, Integer.toString(group.members.size()));
                out.putString(RETRIEVE_URL, VR.UR, baseUrl + "/studies/" + first.studyInstanceUid());
            }
            case SERIES -> {
                out.putString(NUMBER_OF_SERIES_RELATED_INSTANCES, VR.IS, Integer.toString(group.members.size()));
                out.putString(RETRIEVE_URL, VR.UR, baseUrl + "/studies/" + first.studyInstanceUid() + "/series/"
                        + first.seriesInstanceUid());
            }
            case INSTANCE -> out.putString(RETRIEVE_URL, VR.UR, baseUrl + "/studies/" + first.studyInstanceUid()
                    + "/series/" + first.seriesInstanceUid() + "/instances/" + first.sopInstanceUid());
        }
        return out;
    }

    /** A requested attribute the instance lacks: returned zero-length, as PS3.18 asks. */
    private static DicomElement empty(Tag tag) {
        VR vr = QidoKeys.vrOf(tag);
        return vr == VR.SQ ? DicomElement.sequence(tag, List.of(), false) : DicomElement.of(tag, vr, new byte[0]);
    }

    private static boolean isComputed(Tag tag) {
        return tag.equals(INSTANCE_AVAILABILITY) || tag.equals(RETRIEVE_URL)
                || tag.equals(NUMBER_OF_STUDY_RELATED_SERIES) || tag.equals(NUMBER_OF_STUDY_RELATED_INSTANCES)
                || tag.equals(NUMBER_OF_SERIES_RELATED_INSTANCES);
    }

    /** Pixel data and other large binary values stay out of search results; WADO-RS serves them. */
    static boolean isBulk(DicomElement e) {
        return e.isEncapsulated() || switch (e.vr()) {
            case OB, OD, OF, OL, OV, OW, UN -> e.length() > 1024 || e.tag().group() == 0x7FE0;
            default -> false;
        };
    }

    private static List<Tag> tags(int... values) {
        List<Tag> out = new ArrayList<>();
        for (int v : values) {
            out.add(Tag.of(v));
        }
        return out;
    }

    /** PS3.4 C.2.2.2 matching of one value against one key. */
    static final class Matching {

        private Matching() {
        }

        static boolean matches(VR vr, String key, String value, boolean fuzzy) {
            if (vr == VR.UI) {
                return List.of(key.split("\\\\")).contains(value);
            }
            if ((vr == VR.DA || vr == VR.TM || vr == VR.DT) && key.indexOf('-') >= 0 && !hasWildcard(key)) {
                return inRange(key, value.replace(":", ""));
            }
            if (key.indexOf('\\') >= 0) {
                return List.of(key.split("\\\\")).stream().anyMatch(k -> matches(vr, k, value, fuzzy));
            }
            boolean caseInsensitive = vr == VR.PN && fuzzy;
            Pattern pattern = wildcard(key, caseInsensitive);
            if (pattern.matcher(value).matches()) {
                return true;
            }
            if (vr == VR.PN && fuzzy) {
                // fuzzy: the key may match the start of any name component (family, given, middle...)
                Pattern start = wildcard(key.endsWith("*") ? key : key + "*", true);
                for (String component : value.split("[\\^=]")) {
                    if (start.matcher(component.strip()).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean inRange(String range, String value) {
            if (value.isEmpty()) {
                return false;
            }
            int dash = range.indexOf('-');
            String from = range.substring(0, dash).replace(":", "");
            String to = range.substring(dash + 1).replace(":", "");
            if (!from.isEmpty() && value.compareTo(from) < 0) {
                return false;
            }
            return to.isEmpty() || value.substring(0, Math.min(value.length(), to.length())).compareTo(to) <= 0;
        }

        private static Pattern wildcard(String key, boolean caseInsensitive) {
            var regex = new StringBuilder();
            for (char c : key.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), caseInsensitive
                    ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        }
    }
}
