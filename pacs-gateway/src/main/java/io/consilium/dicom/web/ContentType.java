package io.consilium.dicom.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A media type with its parameters (RFC 9110 8.3.1), as DICOMweb uses them:
 * {@code multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1; boundary=...}.
 * Type and parameter names are case-insensitive (kept lower case); parameter values keep their case.
 */
public record ContentType(String type, Map<String, String> parameters) {

    public static final String DICOM = "application/dicom";
    public static final String DICOM_JSON = "application/dicom+json";
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String MULTIPART_RELATED = "multipart/related";

    public ContentType {
        type = type.toLowerCase(Locale.ROOT);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** @throws IllegalArgumentException when the text is not a media type */
    public static ContentType parse(String text) {
        List<String> pieces = split(text, ';');
        String type = pieces.get(0).strip();
        if (!type.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+*-]+|\\*/\\*")) {
            throw new IllegalArgumentException("'" + text + "' is not a media type");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String piece : pieces.subList(1, pieces.size())) {
            if (piece.isBlank()) {
                continue;
            }
            int eq = piece.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + piece.strip() + "' is not a media type parameter");
            }
            String value = piece.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            parameters.put(piece.substring(0, eq).strip().toLowerCase(Locale.ROOT), value);
        }
        return new ContentType(type, parameters);
    }

    /** The media ranges of an Accept header, in the order given. */
    public static List<ContentType> parseList(String header) {
        List<ContentType> out = new ArrayList<>();
        for (String range : split(header, ',')) {
            if (!range.isBlank()) {
                out.add(parse(range));
            }
        }
        return out;
    }

    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean is(String mediaType) {
        return type.equalsIgnoreCase(mediaType);
    }

    /** The quality value (RFC 9110 12.4.2); 1 when absent. */
    public double quality() {
        try {
            return Double.parseDouble(parameters.getOrDefault("q", "1"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        var text = new StringBuilder(type);
        parameters.forEach((name, value) -> text.append("; ").append(name).append('=')
                .append(value.matches("[A-Za-z0-9!#$&^_.+*-]+") ? value : '"' + value.replace("\"", "\\\"") + '"'));
        return text.toString();
    }

    /** Splits at a separator outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }
}
