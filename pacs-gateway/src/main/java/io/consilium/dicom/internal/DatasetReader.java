package io.consilium.dicom.internal;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a data set from a buffer holding the whole encoded stream. Every length is checked against the
 * bytes actually left before anything is allocated, and nesting is bounded, so hostile input ends in a
 * {@link DicomParseException} naming the offset and tag, never in an OutOfMemoryError or a hang.
 */
public final class DatasetReader {

    /** Deeper nesting than any real IOD needs; also bounds the recursion. */
    public static final int MAX_DEPTH = 64;
    /** Values larger than this are sliced from the source (possibly memory-mapped), not copied. */
    private static final int BULK_THRESHOLD = 1 << 16;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);
    private static final Tag PIXEL_REPRESENTATION = new Tag(0x0028, 0x0103);
    private static final Tag BITS_ALLOCATED = new Tag(0x0028, 0x0100);

    private final ByteBuffer in;
    private final long base;
    private boolean explicitVr;

    /**
     * @param in     the encoded bytes from its position to its limit
     * @param base   the file offset of {@code in}'s position 0, for error messages
     */
    public DatasetReader(ByteBuffer in, long base, boolean explicitVr, boolean bigEndian) {
        this.in = in.duplicate().order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        this.in.position(in.position());
        this.base = base;
        this.explicitVr = explicitVr;
    }

    public int position() {
        return in.position();
    }

    /** Reads elements up to the end of the buffer. */
    public Dataset readDataset() throws DicomParseException {
        return readDataset(in.limit(), false, 0);
    }

    /** Reads elements while their group is {@code group} (a file meta group without its length element). */
    public Dataset readGroup(int group, int end) throws DicomParseException {
        var ds = new Dataset();
        while (in.position() + 4 <= end && (in.getShort(in.position()) & 0xFFFF) == group) {
            DicomElement e = readElement(ds, end, 0);
            ds.put(e);
        }
        return ds;
    }

    private Dataset readDataset(int end, boolean delimited, int depth) throws DicomParseException {
        var ds = new Dataset();
        while (true) {
            if (in.position() >= end) {
                if (delimited) {
                    throw error("item of undefined length has no item delimitation before the end of its container",
                            in.position(), null);
                }
                return ds;
            }
            int start = in.position();
            Tag tag = peekTag(end);
            if (tag.equals(Tag.ITEM_DELIMITATION)) {
                requireAvailable(start, 8, end, tag);
                in.position(start + 8);
                if (delimited) {
                    return ds;
                }
                throw error("item delimitation outside an item", start, tag);
            }
            if (tag.equals(Tag.ITEM) || tag.equals(Tag.SEQUENCE_DELIMITATION)) {
                throw error("sequence item tag outside a sequence", start, tag);
            }
            DicomElement e = readElement(ds, end, depth);
            if (ds.contains(e.tag())) {
                throw error("element appears twice", start, e.tag());
            }
            ds.put(e);
        }
    }

    private Tag peekTag(int end) throws DicomParseException {
        int at = in.position();
        requireAvailable(at, 4, end, null);
        return new Tag(in.getShort(at) & 0xFFFF, in.getShort(at + 2) & 0xFFFF);
    }

    private DicomElement readElement(Dataset context, int end, int depth) throws DicomParseException {
        int start = in.position();
        Tag tag = peekTag(end);
        in.position(start + 4);
        VR vr;
        long length;
        if (explicitVr) {
            requireAvailable(start, 8, end, tag);
            int a = in.get() & 0xFF;
            int b = in.get() & 0xFF;
            try {
                vr = VR.fromCode(a, b);
            } catch (IllegalArgumentException ex) {
                throw error(ex.getMessage(), start + 4, tag);
            }
            if (vr.hasLongLength()) {
                requireAvailable(start, 12, end, tag);
                in.position(in.position() + 2);
                length = in.getInt() & UNDEFINED;
            } else {
                length = in.getShort() & 0xFFFF;
            }
        } else {
            requireAvailable(start, 8, end, tag);
            length = in.getInt() & UNDEFINED;
            vr = implicitVr(tag, context, length);
        }
        if (length == UNDEFINED) {
            return readUndefinedLength(tag, vr, end, depth, start);
        }
        int valueStart = in.position();
        if (length > end - valueStart) {
            throw error("value length " + length + " exceeds the " + (end - valueStart) + " bytes left", start, tag);
        }
        int valueEnd = valueStart + (int) length;
        if (vr == VR.SQ) {
            List<Dataset> items = readItems(valueEnd, false, depth, tag);
            if (in.position() != valueEnd) {
                throw error("sequence content does not fill its length " + length, in.position(), tag);
            }
            return DicomElement.sequence(tag, items, false);
        }
        ByteBuffer value = value(valueStart, (int) length, swapUnit(tag, vr, context));
        in.position(valueEnd);
        if (vr == VR.US && !explicitVr && isUsOrSs(tag) && context.intValue(PIXEL_REPRESENTATION, 0) == 1) {
            vr = VR.SS;
        }
        return DicomElement.of(tag, vr, value);
    }

    private DicomElement readUndefinedLength(Tag tag, VR vr, int end, int depth, int start) throws DicomParseException {
        if (tag.equals(PIXEL_DATA) && vr != VR.SQ && vr != VR.UN) {
            // Encapsulated pixel data is OB whatever the header says (PS3.5 A.4).
            return DicomElement.encapsulated(tag, VR.OB, readFragments(end, tag));
        }
        if (vr == VR.SQ) {
            return DicomElement.sequence(tag, readItems(end, true, depth, tag), true);
        }
        if (vr == VR.UN) {
            // CP-246: an unknown element of undefined length is a sequence encoded in Implicit VR Little Endian.
            boolean wasExplicit = explicitVr;
            ByteOrder order = in.order();
            explicitVr = false;
            in.order(ByteOrder.LITTLE_ENDIAN);
            try {
                return DicomElement.sequence(tag, readItems(end, true, depth, tag), true);
            } finally {
                explicitVr = wasExplicit;
                in.order(order);
            }
        }
        throw error("undefined length is allowed only for SQ, UN and pixel data, not " + vr, start, tag);
    }

    private List<Dataset> readItems(int end, boolean delimited, int depth, Tag sequence) throws DicomParseException {
        if (depth >= MAX_DEPTH) {
            throw error("sequences nested deeper than " + MAX_DEPTH + " levels", in.position(), sequence);
        }
        List<Dataset> items = new ArrayList<>();
        while (true) {
            if (in.position() >= end) {
                if (delimited) {
                    throw error("sequence of undefined length has no sequence delimitation", in.position(), sequence);
                }
                return items;
            }
            int start = in.position();
            requireAvailable(start, 8, end, sequence);
            Tag tag = new Tag(in.getShort() & 0xFFFF, in.getShort() & 0xFFFF);
            long length = in.getInt() & UNDEFINED;
            if (tag.equals(Tag.SEQUENCE_DELIMITATION)) {
                if (delimited) {
                    return items;
                }
                throw error("sequence delimitation in a sequence of defined length", start, sequence);
            }
            if (!tag.equals(Tag.ITEM)) {
                throw error("expected an item (fffe,e000) but found " + tag, start, sequence);
            }
            Dataset item;
            if (length == UNDEFINED) {
                item = readDataset(end, true, depth + 1);
            } else {
                if (length > end - in.position()) {
                    throw error("item length " + length + " exceeds the " + (end - in.position()) + " bytes left",
                            start, sequence);
                }
                int itemEnd = in.position() + (int) length;
                item = readDataset(itemEnd, false, depth + 1);
            }
            items.add(item);
        }
    }

    private List<ByteBuffer> readFragments(int end, Tag tag) throws DicomParseException {
        List<ByteBuffer> fragments = new ArrayList<>();
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (true) {
                int start = in.position();
                if (start >= end) {
                    throw error("encapsulated pixel data has no sequence delimitation", start, tag);
                }
                requireAvailable(start, 8, end, tag);
                Tag item = new Tag(in.getShort() & 0xFFFF, in.getShort() & 0xFFFF);
                long length = in.getInt() & UNDEFINED;
                if (item.equals(Tag.SEQUENCE_DELIMITATION)) {
                    if (fragments.isEmpty()) {
                        throw error("encapsulated pixel data lacks its Basic Offset Table item", start, tag);
                    }
                    return fragments;
                }
                if (!item.equals(Tag.ITEM)) {
                    throw error("expected a fragment item (fffe,e000) but found " + item, start, tag);
                }
                if (length > end - in.position()) {
                    throw error("fragment length " + length + " exceeds the " + (end - in.position()) + " bytes left",
                            start, tag);
                }
                fragments.add(value(in.position(), (int) length, 1));
                in.position(in.position() + (int) length);
            }
        } finally {
            in.order(order);
        }
    }

    /**
     * The size of the numbers a big-endian value is made of. Native OW pixel data holds cells of Bits Allocated
     * bits, each in big-endian order as pydicom and the files of its corpus have them: a 32-bit cell is one
     * 32-bit number (not two 16-bit words) and 1- or 8-bit cells are a plain byte stream.
     */
    private int swapUnit(Tag tag, VR vr, Dataset context) {
        if (in.order() != ByteOrder.BIG_ENDIAN) {
            return 1;
        }
        if (tag.equals(PIXEL_DATA) && vr == VR.OW) {
            int bits = context.intValue(BITS_ALLOCATED, 16);
            return bits <= 8 ? 1 : bits / 8;
        }
        return Math.max(1, vr.unitSize());
    }

    /** The value bytes in little-endian order: small ones copied, large ones sliced, big-endian ones swapped. */
    private ByteBuffer value(int at, int length, int swapUnit) {
        boolean swap = swapUnit > 1;
        if (!swap && length > BULK_THRESHOLD) {
            return in.duplicate().position(at).limit(at + length).slice();
        }
        byte[] bytes = new byte[length];
        in.get(at, bytes);
        if (swap) {
            for (int i = 0; i + swapUnit <= length; i += swapUnit) {
                for (int lo = i, hi = i + swapUnit - 1; lo < hi; lo++, hi--) {
                    byte t = bytes[lo];
                    bytes[lo] = bytes[hi];
                    bytes[hi] = t;
                }
            }
        }
        return ByteBuffer.wrap(bytes);
    }

    private VR implicitVr(Tag tag, Dataset context, long length) {
        Dictionary.Entry entry;
        if (tag.isPrivate() && tag.element() >= 0x1000) {
            entry = Dictionary.privateTag(tag, creator(context, tag));
        } else {
            entry = Dictionary.standard(tag);
        }
        if (entry == null) {
            return length == UNDEFINED ? VR.SQ : VR.UN;
        }
        if (entry.vr() != null) {
            return entry.vr();
        }
        return switch (entry.vrCode()) {
            case "xs" -> VR.US;
            case "up" -> VR.UL;
            case "px" -> length == UNDEFINED ? VR.OB : VR.OW;
            default -> length == UNDEFINED && !tag.equals(PIXEL_DATA) ? VR.SQ : VR.OW;
        };
    }

    private static boolean isUsOrSs(Tag tag) {
        Dictionary.Entry entry = Dictionary.standard(tag);
        return entry != null && "xs".equals(entry.vrCode());
    }

    private static String creator(Dataset context, Tag tag) {
        DicomElement e = context.get(new Tag(tag.group(), tag.element() >>> 8));
        if (e == null) {
            return null;
        }
        byte[] b = e.bytes();
        return new String(b, StandardCharsets.ISO_8859_1).strip();
    }

    private void requireAvailable(int at, int count, int end, Tag tag) throws DicomParseException {
        if (end - at < count) {
            throw error("data ends inside an element header (" + (end - at) + " of " + count + " bytes)", at, tag);
        }
    }

    private DicomParseException error(String message, int at, Tag tag) {
        return new DicomParseException(message, base + at, tag);
    }
}
