package io.consilium.dicom;

/** Input that is not valid DICOM, with the byte offset (and tag, when known) where reading stopped. */
public class DicomParseException extends Exception {

    private final long offset;
    private final Tag tag;

    public DicomParseException(String message, long offset, Tag tag) {
        super(message + " at offset " + offset + (tag == null ? "" : " in " + tag));
        this.offset = offset;
        this.tag = tag;
    }

    public long offset() {
        return offset;
    }

    /** The element being read, or null when the failure is outside any element. */
    public Tag tag() {
        return tag;
    }
}
