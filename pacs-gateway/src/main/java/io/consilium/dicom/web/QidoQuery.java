package io.consilium.dicom.web;

import io.consilium.dicom.Tag;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The query part of a QIDO-RS search (PS3.18 8.3.4): matching keys (single value, wildcard {@code *} and
 * {@code ?}, UID lists, {@code from-to} date ranges), {@code fuzzymatching}, {@code includefield},
 * {@code limit} and {@code offset}. Keys are written as 8 hexadecimal digits, which every server accepts.
 */
public final class QidoQuery {

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final Map<String, String> matches = new LinkedHashMap<>();
    private final List<String> includeFields = new ArrayList<>();
    private boolean fuzzy;
    private Integer limit;
    private Integer offset;

    public static QidoQuery create() {
        return new QidoQuery();
    }

    /** Matches an attribute: the value may hold {@code *}/{@code ?} wildcards or a backslash-separated UID list. */
    public QidoQuery match(Tag tag, String value) {
        matches.put(hex(tag), value);
        return this;
    }

    /** An inclusive date range; either end may be null (open). */
    public QidoQuery dateRange(Tag tag, LocalDate from, LocalDate to) {
        if (from == null && to == null) {
            throw new IllegalArgumentException("a date range needs at least one end");
        }
        return match(tag, (from == null ? "" : DA.format(from)) + "-" + (to == null ? "" : DA.format(to)));
    }

    /** Person names match fuzzily (server-defined, e.g. case-insensitive, phonetic) where the server offers it. */
    public QidoQuery fuzzy() {
        fuzzy = true;
        return this;
    }

    public QidoQuery includeField(Tag tag) {
        includeFields.add(hex(tag));
        return this;
    }

    public QidoQuery includeAllFields() {
        includeFields.add("all");
        return this;
    }

    public QidoQuery limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
        return this;
    }

    public QidoQuery offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        this.offset = offset;
        return this;
    }

    /** The query string, without the leading '?'; empty when there is nothing to send. */
    public String toQueryString() {
        var query = new StringJoiner("&");
        matches.forEach((key, value) -> query.add(key + "=" + encode(value)));
        // One parameter per field: some servers (Orthanc 1.10) ignore all but the first of a comma list.
        includeFields.forEach(field -> query.add("includefield=" + field));
        if (fuzzy) {
            query.add("fuzzymatching=true");
        }
        if (limit != null) {
            query.add("limit=" + limit);
        }
        if (offset != null) {
            query.add("offset=" + offset);
        }
        return query.toString();
    }

    private static String hex(Tag tag) {
        return String.format("%04X%04X", tag.group(), tag.element());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
