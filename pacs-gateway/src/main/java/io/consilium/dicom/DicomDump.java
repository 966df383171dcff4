package io.consilium.dicom;

import io.consilium.dicom.internal.Dictionary;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a DICOM file the way DCMTK's {@code dcmdump} does: one line per element with tag, VR, value,
 * length, value multiplicity and keyword, nested items indented. UIDs are printed as numbers (dcmdump -Un).
 */
public final class DicomDump {

    /** Limit for printed floating point values (dcmdump +L prints them whole). */
    private static final int MAX_VALUE_CHARS = 64;
    /** dcmdump (without +L) shortens text and bulk values longer than this many characters. */
    private static final int LINE_LIMIT = 70;
    private static final String UNKNOWN = "Unknown Tag & Data";
    private static final int VALUE_COLUMN = 40;

    private final boolean printAll;
    private final StringBuilder out = new StringBuilder();

    private DicomDump(boolean printAll) {
        this.printAll = printAll;
    }

    /** The whole dump: meta information header and data set. */
    public static String of(DicomFile file, boolean printAll) {
        var dump = new DicomDump(printAll);
        dump.out.append("\n# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n# Used TransferSyntax: ")
                .append(file.meta() == null ? "Unknown Transfer Syntax" : "Little Endian Explicit").append('\n');
        if (file.meta() != null) {
            dump.dataset(file.meta().group(), 0, true);
        }
        dump.out.append("\n# Dicom-Data-Set\n# Used TransferSyntax: ").append(file.transferSyntax().title())
                .append('\n');
        dump.dataset(file.dataset(), 0, file.transferSyntax().isExplicitVr());
        return dump.out.toString();
    }

    /** One line per top-level element (tag, VR, value), as dcmdump would print it with {@code +L}. */
    public static List<String> topLevelLines(Dataset dataset, boolean explicitVr) {
        var dump = new DicomDump(true);
        List<String> lines = new ArrayList<>();
        for (DicomElement e : dataset.elements()) {
            dump.out.setLength(0);
            dump.element(dataset, e, 0, explicitVr);
            lines.add(dump.out.toString().lines().findFirst().orElseThrow());
        }
        return lines;
    }

    private void dataset(Dataset ds, int level, boolean explicitVr) {
        for (DicomElement e : ds.elements()) {
            element(ds, e, level, explicitVr);
        }
    }

    private void element(Dataset ds, DicomElement e, int level, boolean explicitVr) {
        String name = keyword(ds, e.tag());
        if (e.isSequence()) {
            boolean undefined = e.hasUndefinedLength();
            line(level, e.tag().toString(), "SQ", "(Sequence with " + (undefined ? "undefined" : "explicit")
                    + " length #=" + e.items().size() + ")", undefined ? -1 : length(e, explicitVr), 1, name);
            for (Dataset item : e.items()) {
                line(level + 1, Tag.ITEM.toString(), "na", "(Item with " + (undefined ? "undefined" : "explicit")
                        + " length #=" + item.size() + ")", undefined ? -1 : length(item, explicitVr), 1, "Item");
                dataset(item, level + 2, explicitVr);
                line(level + 1, Tag.ITEM_DELIMITATION.toString(), "na", undefined ? "(ItemDelimitationItem)"
                        : "(ItemDelimitationItem for re-encoding)", 0, 0, "ItemDelimitationItem");
            }
            line(level, Tag.SEQUENCE_DELIMITATION.toString(), "na", undefined ? "(SequenceDelimitationItem)"
                    : "(SequenceDelimitationItem for re-encod.)", 0, 0, "SequenceDelimitationItem");
            return;
        }
        if (e.isEncapsulated()) {
            List<ByteBuffer> fragments = e.fragments();
            line(level, e.tag().toString(), e.vr().name(), "(PixelSequence #=" + fragments.size() + ")", -1, 1, name);
            for (ByteBuffer fragment : fragments) {
                int length = fragment.remaining();
                line(level + 1, Tag.ITEM.toString(), "pi", length == 0 ? "(no value available)" : hex(fragment, 1),
                        length, 1, "Item");
            }
            line(level, Tag.SEQUENCE_DELIMITATION.toString(), "na", "(SequenceDelimitationItem)", 0, 0,
                    "SequenceDelimitationItem");
            return;
        }
        String value;
        int vm;
        VR vr = e.vr();
        boolean bulk = switch (vr) {
            case OB, OW, OL, OV, OF, OD, UN -> true;
            default -> false;
        };
        if (e.length() == 0) {
            // dcmdump counts an empty bulk value as one value, an empty text or number as none.
            value = "(no value available)";
            vm = bulk ? 1 : 0;
        } else if (vr.isText()) {
            String text = ds.text(e.tag());
            value = "[" + text + "]";
            vm = vr.isMultiValuedText() ? ds.strings(e.tag()).length : 1;
        } else {
            switch (vr) {
                case OB, UN -> {
                    value = hex(e.value(), 1);
                    vm = 1;
                }
                case OW -> {
                    value = hex(e.value(), 2);
                    vm = 1;
                }
                case OL, OV -> {
                    value = hex(e.value(), vr.unitSize());
                    vm = 1;
                }
                case FL, FD, OF, OD -> {
                    value = floats(ds.doubles(e.tag()), vr == VR.FL || vr == VR.OF);
                    vm = vr == VR.OF || vr == VR.OD ? 1 : ds.strings(e.tag()).length;
                }
                default -> {
                    // Only numbers and tags reach here: bulk OB/OW values are never turned into strings.
                    String[] values = ds.strings(e.tag());
                    value = String.join("\\", values);
                    vm = values.length;
                }
            }
        }
        // Read without VRs, a tag no dictionary knows has no VR: dcmdump says "??" where we keep UN.
        boolean unknown = !explicitVr && vr == VR.UN && name.equals(UNKNOWN);
        line(level, e.tag().toString(), unknown ? "??" : vr.name(), value, e.length(), vm, name);
    }

    private String floats(double[] values, boolean single) {
        var parts = new ArrayList<String>();
        for (double v : values) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                parts.add(Double.toString(v));
                continue;
            }
            parts.add(general(single ? (float) v : v, single ? 9 : 17));
        }
        return truncate(String.join("\\", parts));
    }

    /** C's {@code %.<precision>g}, which DCMTK uses for FL (9 digits) and FD (17 digits). */
    static String general(double v, int precision) {
        if (v == 0) {
            return "0";
        }
        var rounded = new BigDecimal(v).round(new java.math.MathContext(precision));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        String plain = rounded.toPlainString();
        return plain.contains(".") ? plain.replaceAll("0+$", "").replaceAll("\\.$", "") : plain;
    }

    private String hex(ByteBuffer value, int unit) {
        var b = new StringBuilder();
        int count = value.remaining() / unit;
        // dcmdump prints a value whole when it fits its 70-character line, else as many as fit in 67, and "...".
        int width = 2 * unit + 1;
        int shown = printAll || (long) count * width - 1 <= LINE_LIMIT ? count
                : Math.min(count, (LINE_LIMIT - 3) / width);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                b.append('\\');
            }
            long v = switch (unit) {
                case 1 -> value.get() & 0xFF;
                case 2 -> value.getShort() & 0xFFFF;
                case 4 -> value.getInt() & 0xFFFFFFFFL;
                default -> value.getLong();
            };
            String h = Long.toHexString(v);
            b.append("0".repeat(Math.max(0, 2 * unit - h.length()))).append(h);
        }
        if (shown < count) {
            b.append("...");
        }
        return b.toString();
    }

    private String truncate(String value) {
        if (printAll || value.length() <= MAX_VALUE_CHARS) {
            return value;
        }
        return value.substring(0, MAX_VALUE_CHARS - 3) + "...";
    }

    private void line(int level, String tag, String vr, String value, long length, int vm, String name) {
        String shown = value.startsWith("[") ? truncateText(value) : value;
        out.append("  ".repeat(level)).append(tag).append(' ').append(vr).append(' ').append(shown);
        out.append(" ".repeat(Math.max(0, VALUE_COLUMN - shown.length())));
        out.append(" # ");
        padded(length < 0 ? "u/l" : Long.toString(length), 3);
        out.append(',');
        padded(Integer.toString(vm), 2);
        out.append(' ').append(name).append('\n');
    }

    /** Right-aligned in {@code width} characters, as C's {@code %3d} (String.format is too slow per element). */
    private void padded(String number, int width) {
        out.append(" ".repeat(Math.max(0, width - number.length()))).append(number);
    }

    /** dcmdump cuts a text value longer than its 70-character line limit to 67 characters and "...". */
    private String truncateText(String bracketed) {
        if (printAll || bracketed.length() <= LINE_LIMIT) {
            return bracketed;
        }
        return bracketed.substring(0, LINE_LIMIT - 3) + "...";
    }

    private static String keyword(Dataset ds, Tag tag) {
        Dictionary.Entry entry = tag.isPrivate() && tag.element() >= 0x1000
                ? Dictionary.privateTag(tag, ds.string(new Tag(tag.group(), tag.element() >>> 8)))
                : Dictionary.standard(tag);
        return entry == null ? UNKNOWN : entry.keyword();
    }

    /** The encoded length of a sequence with defined lengths, as it was (or would be) written. */
    private static long length(DicomElement e, boolean explicitVr) {
        long total = 0;
        for (Dataset item : e.items()) {
            total += 8 + length(item, explicitVr);
        }
        return total;
    }

    private static long length(Dataset ds, boolean explicitVr) {
        long total = 0;
        for (DicomElement e : ds.elements()) {
            long header = !explicitVr ? 8 : e.vr().hasLongLength() ? 12 : 8;
            long value;
            if (e.isSequence()) {
                value = length(e, explicitVr) + (e.hasUndefinedLength() ? 8 + 8L * e.items().size() : 0);
            } else if (e.isEncapsulated()) {
                value = 8 + e.fragments().stream().mapToLong(f -> 8 + f.remaining()).sum();
            } else {
                value = e.length();
            }
            total += header + value;
        }
        return total;
    }
}
