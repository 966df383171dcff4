package io.consilium.dicom.web;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The DICOM JSON Model (PS3.18 F.2): data sets as {@code application/dicom+json}, the body of QIDO-RS
 * responses, WADO-RS metadata and STOW-RS responses. Person names carry their Alphabetic, Ideographic and
 * Phonetic groups; DS, IS and the binary numbers are JSON numbers; other binary values are InlineBinary
 * (Base64) or a BulkDataURI.
 */
public final class DicomJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] PN_GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};
    private static final String UTF_8 = "ISO_IR 192";

    /** Where a binary value of the top-level data set can be fetched instead of being inlined. */
    @FunctionalInterface
    public interface BulkDataUris {
        /** The URI for this element, or null to inline it. */
        String uri(DicomElement element);

        BulkDataUris NONE = element -> null;
    }

    /** Fetches the value a BulkDataURI names. */
    @FunctionalInterface
    public interface BulkDataLoader {
        /** The value bytes (little endian), or null when the caller asked to leave bulk data out. */
        byte[] load(String uri) throws IOException;

        /** For bodies that must be self-contained (QIDO-RS results, STOW-RS responses). */
        BulkDataLoader REFUSE = uri -> {
            throw new DicomWebException("a BulkDataURI (" + uri + ") appeared where no bulk data is expected");
        };

        /** Leaves every bulk data element out: only for callers that want the attributes without pixels. */
        BulkDataLoader OMIT = uri -> null;
    }

    private DicomJson() {
    }

    public static byte[] write(List<Dataset> datasets) {
        var out = new ByteArrayOutputStream();
        try {
            write(datasets, out, BulkDataUris.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One data set as a JSON object (a STOW-RS response is an object, not an array: PS3.18 10.5.3). */
    public static byte[] write(Dataset dataset) {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            writeDataset(json, dataset, BulkDataUris.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes a JSON array of data sets; {@code uris} decides per top-level binary element. */
    public static void write(List<Dataset> datasets, OutputStream out, BulkDataUris uris) throws IOException {
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartArray();
            for (Dataset dataset : datasets) {
                writeDataset(json, dataset, uris);
            }
            json.writeEndArray();
        }
    }

    /** Writes one data set as a JSON object (for streaming several through one generator). */
    public static void writeDataset(JsonGenerator json, Dataset dataset, BulkDataUris uris) throws IOException {
        json.writeStartObject();
        for (DicomElement e : dataset.elements()) {
            if (e.tag().group() == 0x0002 || e.tag().element() == 0 && !e.tag().isFileMeta()) {
                continue; // group lengths and file meta are not part of the JSON model
            }
            json.writeObjectFieldStart(String.format("%04X%04X", e.tag().group(), e.tag().element()));
            json.writeStringField("vr", e.vr().name());
            writeValue(json, dataset, e, uris);
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, Dataset dataset, DicomElement e, BulkDataUris uris)
            throws IOException {
        VR vr = e.vr();
        if (e.isSequence()) {
            if (!e.items().isEmpty()) {
                json.writeArrayFieldStart("Value");
                for (Dataset item : e.items()) {
                    writeDataset(json, item, BulkDataUris.NONE);
                }
                json.writeEndArray();
            }
            return;
        }
        if (isInlineBinary(vr) || e.isEncapsulated()) {
            String uri = uris.uri(e);
            if (uri != null) {
                json.writeStringField("BulkDataURI", uri);
            } else if (e.isEncapsulated()) {
                throw new IllegalArgumentException(e.tag() + ": encapsulated pixel data needs a BulkDataURI");
            } else if (e.length() > 0) {
                json.writeStringField("InlineBinary", Base64.getEncoder().encodeToString(e.bytes()));
            }
            return;
        }
        if (e.length() == 0) {
            return;
        }
        String[] values = dataset.strings(e.tag());
        json.writeArrayFieldStart("Value");
        for (String value : values) {
            if (value.isEmpty() && vr != VR.PN) {
                json.writeNull();
                continue;
            }
            switch (vr) {
                case PN -> writePersonName(json, value);
                case DS, IS -> writeDecimal(json, value);
                case FL, FD, SL, SS, UL, US, SV, UV -> json.writeNumber(new BigDecimal(value));
                case AT -> json.writeString(value.replaceAll("[(),]", "").toUpperCase(java.util.Locale.ROOT));
                default -> json.writeString(value);
            }
        }
        json.writeEndArray();
    }

    private static void writePersonName(JsonGenerator json, String value) throws IOException {
        if (value.isEmpty()) {
            json.writeNull();
            return;
        }
        String[] groups = value.split("=", -1);
        json.writeStartObject();
        for (int i = 0; i < groups.length && i < PN_GROUPS.length; i++) {
            if (!groups[i].isEmpty()) {
                json.writeStringField(PN_GROUPS[i], groups[i]);
            }
        }
        json.writeEndObject();
    }

    /** DS/IS as JSON numbers with the digits as written; a malformed one stays visible as a string. */
    private static void writeDecimal(JsonGenerator json, String value) throws IOException {
        try {
            json.writeNumber(new BigDecimal(value.strip().replaceFirst("^\\+", "")));
        } catch (NumberFormatException notANumber) {
            json.writeString(value);
        }
    }

    private static boolean isInlineBinary(VR vr) {
        return switch (vr) {
            case OB, OD, OF, OL, OV, OW, UN -> true;
            default -> false;
        };
    }

    public static List<Dataset> read(byte[] json) {
        try {
            return read(new java.io.ByteArrayInputStream(json), BulkDataLoader.REFUSE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a JSON array of data sets (or a single object).
     *
     * @throws DicomWebException when the body is not the DICOM JSON model, naming the offending attribute
     */
    public static List<Dataset> read(InputStream in, BulkDataLoader loader) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DicomWebException("the body is not JSON: " + e.getOriginalMessage());
        }
        List<Dataset> out = new ArrayList<>();
        if (root == null || root.isMissingNode()) {
            return out;
        }
        if (root.isObject()) {
            out.add(readDataset(root, loader, true));
        } else if (root.isArray()) {
            for (JsonNode node : root) {
                if (!node.isObject()) {
                    throw new DicomWebException("a DICOM JSON array holds objects, found " + node.getNodeType());
                }
                out.add(readDataset(node, loader, true));
            }
        } else {
            throw new DicomWebException("a DICOM JSON body is an array of objects, found " + root.getNodeType());
        }
        return out;
    }

    private static Dataset readDataset(JsonNode object, BulkDataLoader loader, boolean topLevel) throws IOException {
        var dataset = new Dataset();
        if (topLevel && hasNonAscii(object)) {
            // JSON text is Unicode: keep it exact by declaring UTF-8 before any text is encoded.
            dataset.putString(Dataset.SPECIFIC_CHARACTER_SET, VR.CS, UTF_8);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Tag tag;
            try {
                if (field.getKey().length() != 8) {
                    throw new NumberFormatException();
                }
                tag = Tag.of(Integer.parseUnsignedInt(field.getKey(), 16));
            } catch (NumberFormatException e) {
                throw new DicomWebException("'" + field.getKey() + "' is not a tag (8 hexadecimal digits)");
            }
            if (tag.equals(Dataset.SPECIFIC_CHARACTER_SET) && dataset.contains(tag)) {
                continue;
            }
            DicomElement element = readElement(tag, field.getValue(), dataset, loader);
            if (element != null) {
                dataset.put(element);
            }
        }
        return dataset;
    }

    private static DicomElement readElement(Tag tag, JsonNode node, Dataset dataset, BulkDataLoader loader)
            throws IOException {
        JsonNode vrNode = node.get("vr");
        if (vrNode == null || !vrNode.isTextual()) {
            throw new DicomWebException(tag + " has no \"vr\"");
        }
        VR vr;
        try {
            vr = VR.valueOf(vrNode.asText());
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(tag + " has an unknown VR '" + vrNode.asText() + "'");
        }
        if (node.has("BulkDataURI")) {
            byte[] bytes = loader.load(node.get("BulkDataURI").asText());
            return bytes == null ? null : DicomElement.of(tag, vr, bytes);
        }
        if (node.has("InlineBinary")) {
            try {
                return DicomElement.of(tag, vr, Base64.getDecoder().decode(node.get("InlineBinary").asText()));
            } catch (IllegalArgumentException e) {
                throw new DicomWebException(tag + " has InlineBinary that is not Base64");
            }
        }
        JsonNode values = node.get("Value");
        if (values != null && !values.isArray()) {
            throw new DicomWebException(tag + ": \"Value\" must be an array");
        }
        if (vr == VR.SQ) {
            List<Dataset> items = new ArrayList<>();
            if (values != null) {
                for (JsonNode item : values) {
                    items.add(readDataset(item, loader, false));
                }
            }
            return DicomElement.sequence(tag, items, true);
        }
        if (values == null || values.isEmpty()) {
            return DicomElement.of(tag, vr, new byte[0]);
        }
        if (vr.isText()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode value : values) {
                texts.add(vr == VR.PN ? personName(tag, value) : textOf(value));
            }
            // putString encodes with the data set's character set and pads to even length.
            var holder = new Dataset();
            if (dataset.contains(Dataset.SPECIFIC_CHARACTER_SET)) {
                holder.put(dataset.get(Dataset.SPECIFIC_CHARACTER_SET));
            }
            holder.putString(tag, vr, texts.toArray(String[]::new));
            return holder.get(tag);
        }
        return DicomElement.of(tag, vr, binary(tag, vr, values));
    }

    private static String textOf(JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        return value.isNumber() ? value.decimalValue().toString() : value.asText();
    }

    private static String personName(Tag tag, JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        if (!value.isObject()) {
            throw new DicomWebException(tag + ": a PN value is an object of Alphabetic/Ideographic/Phonetic");
        }
        String[] groups = new String[PN_GROUPS.length];
        int last = 0;
        for (int i = 0; i < PN_GROUPS.length; i++) {
            JsonNode group = value.get(PN_GROUPS[i]);
            groups[i] = group == null ? "" : group.asText();
            if (!groups[i].isEmpty()) {
                last = i;
            }
        }
        return String.join("=", java.util.Arrays.copyOf(groups, last + 1));
    }

    private static byte[] binary(Tag tag, VR vr, JsonNode values) {
        int unit = vr == VR.AT ? 4 : vr.unitSize();
        ByteBuffer b = ByteBuffer.allocate(values.size() * unit).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : values) {
            try {
                switch (vr) {
                    case US, SS -> b.putShort((short) value.asLong());
                    case UL, SL -> b.putInt((int) value.asLong());
                    case SV, UV -> b.putLong(value.isTextual() ? Long.parseUnsignedLong(value.asText())
                            : value.bigIntegerValue().longValue());
                    case FL -> b.putFloat((float) value.asDouble());
                    case FD -> b.putDouble(value.asDouble());
                    case AT -> {
                        int at = Integer.parseUnsignedInt(value.asText(), 16);
                        b.putShort((short) (at >>> 16)).putShort((short) at);
                    }
                    default -> throw new DicomWebException(tag + ": VR " + vr + " carries InlineBinary, not Value");
                }
            } catch (NumberFormatException e) {
                throw new DicomWebException(tag + ": '" + value.asText() + "' is not a " + vr + " value");
            }
            if (!value.isNumber() && vr != VR.AT && vr != VR.SV && vr != VR.UV) {
                throw new DicomWebException(tag + ": '" + value.asText() + "' is not a number");
            }
        }
        return b.array();
    }

    private static boolean hasNonAscii(JsonNode node) {
        if (node.isTextual()) {
            return !node.asText().chars().allMatch(c -> c < 0x80);
        }
        for (JsonNode child : node) {
            if (hasNonAscii(child)) {
                return true;
            }
        }
        return false;
    }
}
