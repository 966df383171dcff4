package io.consilium.dicom;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The File Meta Information of a DICOM Part 10 file (PS3.10 7.1): 128-byte preamble, "DICM", then
 * group 0002 in Explicit VR Little Endian, whose length (0002,0000) bounds everything read here.
 */
public record FileMetaInformation(String mediaStorageSopClassUid, String mediaStorageSopInstanceUid,
        String transferSyntaxUid, Map<Tag, byte[]> elements) {

    private static final int PREAMBLE_LENGTH = 128;
    /** Generous upper bound; real groups are a few hundred bytes. Stops absurd lengths early. */
    private static final long MAX_GROUP_LENGTH = 1 << 16;

    public FileMetaInformation {
        elements = Map.copyOf(elements);
    }

    /** The syntax of the dataset that follows the meta information. */
    public TransferSyntax transferSyntax() {
        return TransferSyntax.ofUid(transferSyntaxUid);
    }

    /**
     * Reads the meta information and leaves {@code in} at the first byte of the dataset.
     *
     * @throws DicomParseException when the stream is not a Part 10 file or its meta group is malformed
     */
    public static FileMetaInformation read(InputStream in) throws DicomParseException, IOException {
        var reader = new CountingReader(in);
        reader.skip(PREAMBLE_LENGTH, "preamble");
        byte[] magic = reader.bytes(4, "DICM prefix", null);
        if (!"DICM".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new DicomParseException("not a DICOM Part 10 file: no 'DICM' prefix", PREAMBLE_LENGTH, null);
        }
        Tag first = reader.tag();
        if (!first.equals(Tag.FILE_META_INFORMATION_GROUP_LENGTH)) {
            throw new DicomParseException("file meta group must start with its length (0002,0000)",
                    reader.offset - 4, first);
        }
        byte[] vrAndLength = reader.bytes(4, "header", first);
        if (VR.fromCode(vrAndLength[0], vrAndLength[1]) != VR.UL || le16(vrAndLength, 2) != 4) {
            throw new DicomParseException("(0002,0000) must be UL of length 4", reader.offset - 4, first);
        }
        long groupLength = Integer.toUnsignedLong(le32(reader.bytes(4, "value", first), 0));
        if (groupLength > MAX_GROUP_LENGTH) {
            throw new DicomParseException("file meta group length " + groupLength + " is absurd",
                    reader.offset - 4, first);
        }
        long end = reader.offset + groupLength;
        Map<Tag, byte[]> elements = new TreeMap<>();
        while (reader.offset < end) {
            long elementStart = reader.offset;
            Tag tag = reader.tag();
            if (!tag.isFileMeta()) {
                throw new DicomParseException("element outside group 0002 inside the file meta group",
                        elementStart, tag);
            }
            byte[] header = reader.bytes(4, "header", tag);
            VR vr;
            try {
                vr = VR.fromCode(header[0], header[1]);
            } catch (IllegalArgumentException e) {
                throw new DicomParseException(e.getMessage(), elementStart + 4, tag);
            }
            long length = vr.hasLongLength()
                    ? Integer.toUnsignedLong(le32(reader.bytes(4, "length", tag), 0))
                    : le16(header, 2);
            if (reader.offset + length > end) {
                throw new DicomParseException("value length " + length + " runs past the file meta group",
                        elementStart, tag);
            }
            elements.put(tag, reader.bytes((int) length, "value", tag));
        }
        return new FileMetaInformation(uid(elements, Tag.MEDIA_STORAGE_SOP_CLASS_UID, reader),
                uid(elements, Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, reader),
                uid(elements, Tag.TRANSFER_SYNTAX_UID, reader), elements);
    }

    private static String uid(Map<Tag, byte[]> elements, Tag tag, CountingReader reader) throws DicomParseException {
        byte[] value = elements.get(tag);
        if (value == null) {
            throw new DicomParseException("required file meta element missing", reader.offset, tag);
        }
        int length = value.length;
        while (length > 0 && (value[length - 1] == 0 || value[length - 1] == ' ')) {
            length--;
        }
        return new String(value, 0, length, StandardCharsets.US_ASCII);
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int le32(byte[] b, int at) {
        return le16(b, at) | le16(b, at + 2) << 16;
    }

    /** Tracks the offset so every error can say where it happened. */
    private static final class CountingReader {
        private final DataInputStream in;
        long offset;

        CountingReader(InputStream in) {
            this.in = new DataInputStream(in);
        }

        void skip(int n, String what) throws IOException, DicomParseException {
            bytes(n, what, null);
        }

        Tag tag() throws IOException, DicomParseException {
            byte[] b = bytes(4, "tag", null);
            return new Tag(le16(b, 0), le16(b, 2));
        }

        byte[] bytes(int n, String what, Tag tag) throws IOException, DicomParseException {
            byte[] b = new byte[n];
            try {
                in.readFully(b);
            } catch (EOFException e) {
                throw new DicomParseException("file ends inside the " + what, offset, tag);
            }
            offset += n;
            return b;
        }
    }
}
