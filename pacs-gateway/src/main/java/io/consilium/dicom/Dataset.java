package io.consilium.dicom;

import io.consilium.dicom.internal.SpecificCharacterSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A DICOM data set: elements in ascending tag order. Values are kept as read; the typed getters decode them
 * (text through the Specific Character Set, which items inherit from the data set that holds them).
 */
public final class Dataset {

    public static final Tag SPECIFIC_CHARACTER_SET = new Tag(0x0008, 0x0005);

    private final TreeMap<Tag, DicomElement> elements = new TreeMap<>();
    private Dataset parent;

    public DicomElement get(Tag tag) {
        return elements.get(tag);
    }

    public boolean contains(Tag tag) {
        return elements.containsKey(tag);
    }

    /** Adds or replaces an element; sequence items get this data set as parent (for the character set). */
    public Dataset put(DicomElement element) {
        elements.put(element.tag(), element);
        for (Dataset item : element.items()) {
            item.parent = this;
        }
        return this;
    }

    public DicomElement remove(Tag tag) {
        return elements.remove(tag);
    }

    /** The elements in ascending tag order, read-only. */
    public Collection<DicomElement> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** The character set in force here: this data set's (0008,0005), else the enclosing one's. */
    SpecificCharacterSet characterSet() {
        DicomElement own = elements.get(SPECIFIC_CHARACTER_SET);
        if (own != null) {
            return SpecificCharacterSet.of(asciiValues(own));
        }
        return parent == null ? SpecificCharacterSet.DEFAULT : parent.characterSet();
    }

    /** The whole value as text (all values, backslashes included), padding removed; null if absent. */
    public String text(Tag tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.isSequence() || e.isEncapsulated()) {
            return null;
        }
        if (!e.vr().isText()) {
            String[] values = strings(tag);
            return String.join("\\", values);
        }
        return decode(e);
    }

    /** The first value as text, or null when absent or empty. */
    public String string(Tag tag) {
        String[] values = strings(tag);
        return values.length == 0 || values[0].isEmpty() ? null : values[0];
    }

    /** Every value as text: text VRs split at backslashes, numbers formatted. */
    public String[] strings(Tag tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.isSequence() || e.isEncapsulated() || e.length() == 0) {
            return new String[0];
        }
        VR vr = e.vr();
        if (vr.isText()) {
            String text = decode(e);
            if (!vr.isMultiValuedText()) {
                return new String[] {text};
            }
            String[] parts = text.split("\\\\", -1);
            for (int i = 0; i < parts.length; i++) {
                parts[i] = parts[i].strip();
            }
            return parts;
        }
        return switch (vr) {
            case FL, FD, OF, OD -> Arrays.stream(doubles(tag)).mapToObj(Dataset::formatDouble).toArray(String[]::new);
            case AT -> atValues(e);
            default -> Arrays.stream(longs(e)).mapToObj(Long::toString).toArray(String[]::new);
        };
    }

    private static String formatDouble(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String[] atValues(DicomElement e) {
        ByteBuffer b = e.value();
        String[] out = new String[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Tag(b.getShort() & 0xFFFF, b.getShort() & 0xFFFF).toString();
        }
        return out;
    }

    public int intValue(Tag tag, int defaultValue) {
        long[] values = longs(tag);
        return values.length == 0 ? defaultValue : (int) values[0];
    }

    public double doubleValue(Tag tag, double defaultValue) {
        double[] values = doubles(tag);
        return values.length == 0 ? defaultValue : values[0];
    }

    /** Integer values of a binary integer VR (US, SS, UL, SL, SV, UV, OW, OB...) or of IS/DS text. */
    public long[] longs(Tag tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.isSequence() || e.isEncapsulated()) {
            return new long[0];
        }
        if (e.vr().isText()) {
            return Arrays.stream(doubles(tag)).mapToLong(Math::round).toArray();
        }
        return longs(e);
    }

    private static long[] longs(DicomElement e) {
        ByteBuffer b = e.value();
        int unit = Math.max(1, e.vr().unitSize());
        long[] out = new long[b.remaining() / unit];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (e.vr()) {
                case US, OW, AT -> b.getShort() & 0xFFFF;
                case SS -> b.getShort();
                case UL, OL -> b.getInt() & 0xFFFFFFFFL;
                case SL -> b.getInt();
                case SV, UV, OV -> b.getLong();
                case FL, OF -> (long) b.getFloat();
                case FD, OD -> (long) b.getDouble();
                default -> b.get() & 0xFF;
            };
        }
        return out;
    }

    /** Decimal values of FL/FD/OF/OD, of the integer VRs or of DS/IS text. */
    public double[] doubles(Tag tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.isSequence() || e.isEncapsulated()) {
            return new double[0];
        }
        VR vr = e.vr();
        if (vr.isText()) {
            try {
                return Arrays.stream(strings(tag)).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble)
                        .toArray();
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(tag + " holds '" + text(tag) + "', not numbers", ex);
            }
        }
        if (vr == VR.FL || vr == VR.OF) {
            ByteBuffer b = e.value();
            double[] out = new double[b.remaining() / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getFloat();
            }
            return out;
        }
        if (vr == VR.FD || vr == VR.OD) {
            ByteBuffer b = e.value();
            double[] out = new double[b.remaining() / 8];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getDouble();
            }
            return out;
        }
        return Arrays.stream(longs(e)).asDoubleStream().toArray();
    }

    /** The items of a sequence; empty when absent. */
    public List<Dataset> sequence(Tag tag) {
        DicomElement e = elements.get(tag);
        return e == null ? List.of() : e.items();
    }

    /** Sets text values, encoded with this data set's character set and padded to even length. */
    public Dataset putString(Tag tag, VR vr, String... values) {
        if (!vr.isText()) {
            throw new IllegalArgumentException(vr + " is not a text VR");
        }
        String joined = String.join("\\", values);
        byte[] bytes = vr.usesSpecificCharacterSet() ? characterSet().encode(joined)
                : joined.getBytes(StandardCharsets.US_ASCII);
        return put(DicomElement.of(tag, vr, pad(bytes, vr)));
    }

    public Dataset putInts(Tag tag, VR vr, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * vr.unitSize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            switch (vr) {
                case US, SS, OW -> b.putShort((short) v);
                case UL, SL, OL -> b.putInt(v);
                case SV, UV -> b.putLong(v);
                case OB -> b.put((byte) v);
                default -> throw new IllegalArgumentException(vr + " is not a binary integer VR");
            }
        }
        return put(DicomElement.of(tag, vr, b.array()));
    }

    public Dataset putDoubles(Tag tag, VR vr, double... values) {
        if (vr == VR.DS) {
            return putString(tag, vr, Arrays.stream(values).mapToObj(Dataset::formatDecimalString)
                    .toArray(String[]::new));
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * vr.unitSize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (vr) {
                case FL, OF -> b.putFloat((float) v);
                case FD, OD -> b.putDouble(v);
                default -> throw new IllegalArgumentException(vr + " is not a floating point VR");
            }
        }
        return put(DicomElement.of(tag, vr, b.array()));
    }

    /** DS allows 16 characters (PS3.5 6.2): the shortest representation that fits. */
    static String formatDecimalString(double v) {
        String s = formatDouble(v);
        if (s.length() <= 16) {
            return s;
        }
        for (int digits = 15; digits > 0; digits--) {
            s = String.format(java.util.Locale.ROOT, "%." + digits + "g", v).replaceAll("\\.?0+(e|$)", "$1");
            if (s.length() <= 16) {
                return s;
            }
        }
        return s;
    }

    public Dataset putSequence(Tag tag, List<Dataset> items) {
        return put(DicomElement.sequence(tag, items, true));
    }

    private static byte[] pad(byte[] bytes, VR vr) {
        if (bytes.length % 2 == 0) {
            return bytes;
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = vr.padding();
        return padded;
    }

    private String decode(DicomElement e) {
        byte[] bytes = e.bytes();
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) {
            end--;
        }
        VR vr = e.vr();
        String text = vr.usesSpecificCharacterSet() ? characterSet().decode(bytes, 0, end, vr)
                : new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        return vr == VR.LT || vr == VR.ST || vr == VR.UT ? text : text.stripLeading();
    }

    private static String[] asciiValues(DicomElement e) {
        String s = new String(e.bytes(), StandardCharsets.ISO_8859_1);
        String[] parts = s.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        return parts;
    }

    /** Same elements, compared as {@link DicomElement#equals}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && new ArrayList<>(elements.values()).equals(new ArrayList<>(d.elements.values()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(new ArrayList<>(elements.values()));
    }

    @Override
    public String toString() {
        return "Dataset" + elements.keySet();
    }
}
