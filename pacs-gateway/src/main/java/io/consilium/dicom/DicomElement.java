package io.consilium.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * One data element: a tag, its VR and exactly one of a value (bytes in little-endian order, as read: private
 * and unknown values are kept byte for byte), a list of sequence items, or the fragments of encapsulated pixel
 * data (the first fragment is the Basic Offset Table). Large values may be backed by a memory-mapped file.
 */
public final class DicomElement {

    private final Tag tag;
    private final VR vr;
    private final ByteBuffer value;
    private final List<Dataset> items;
    private final List<ByteBuffer> fragments;
    private final boolean undefinedLength;

    private DicomElement(Tag tag, VR vr, ByteBuffer value, List<Dataset> items, List<ByteBuffer> fragments,
            boolean undefinedLength) {
        this.tag = Objects.requireNonNull(tag, "tag");
        this.vr = Objects.requireNonNull(vr, "vr");
        this.value = value;
        this.items = items;
        this.fragments = fragments;
        this.undefinedLength = undefinedLength;
    }

    /** A plain value; {@code bytes} is little-endian for binary VRs and not copied. */
    public static DicomElement of(Tag tag, VR vr, byte[] bytes) {
        return of(tag, vr, ByteBuffer.wrap(bytes));
    }

    /** A plain value backed by a buffer (for instance a slice of a memory-mapped file). */
    public static DicomElement of(Tag tag, VR vr, ByteBuffer bytes) {
        if (vr == VR.SQ) {
            throw new IllegalArgumentException(tag + ": a sequence holds items, not bytes");
        }
        return new DicomElement(tag, vr, bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer(), null,
                null, false);
    }

    public static DicomElement sequence(Tag tag, List<Dataset> items, boolean undefinedLength) {
        return new DicomElement(tag, VR.SQ, null, List.copyOf(items), null, undefinedLength);
    }

    /** Encapsulated pixel data; {@code fragments.get(0)} is the Basic Offset Table (possibly empty). */
    public static DicomElement encapsulated(Tag tag, VR vr, List<ByteBuffer> fragments) {
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException(tag + ": encapsulated data needs at least the offset table item");
        }
        return new DicomElement(tag, vr, null, null,
                fragments.stream().map(f -> f.slice().asReadOnlyBuffer()).toList(), true);
    }

    public Tag tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    public boolean isSequence() {
        return items != null;
    }

    public boolean isEncapsulated() {
        return fragments != null;
    }

    /** True when read with (or to be written with) undefined length and delimitation items. */
    public boolean hasUndefinedLength() {
        return undefinedLength;
    }

    /** The value bytes (little endian), read-only; empty for sequences and encapsulated data. */
    public ByteBuffer value() {
        return value == null ? ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN)
                : value.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the value bytes. */
    public byte[] bytes() {
        ByteBuffer v = value();
        byte[] copy = new byte[v.remaining()];
        v.get(copy);
        return copy;
    }

    /** Length of the value in bytes; for sequences and fragments, -1 (undefined). */
    public long length() {
        return value == null ? -1 : value.remaining();
    }

    public List<Dataset> items() {
        return items == null ? List.of() : items;
    }

    public List<ByteBuffer> fragments() {
        return fragments == null ? List.of() : fragments.stream().map(ByteBuffer::duplicate).toList();
    }

    /** Same tag, VR and content (values compared byte for byte, items recursively). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DicomElement e && tag.equals(e.tag) && vr == e.vr && sameContent(e);
    }

    /** Same tag and content regardless of VR: what survives a round trip through Implicit VR. */
    public boolean sameContent(DicomElement e) {
        return Objects.equals(value, e.value) && Objects.equals(items, e.items)
                && Objects.equals(fragments, e.fragments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, vr, value, items, fragments);
    }

    @Override
    public String toString() {
        return tag + " " + vr + (isSequence() ? " #items=" + items.size()
                : isEncapsulated() ? " #fragments=" + fragments.size() : " #" + length());
    }
}
