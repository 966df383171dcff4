package io.consilium.dicom;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DICOM data element tag (group, element), written as {@code (gggg,eeee)} like DCMTK does. */
public record Tag(int group, int element) implements Comparable<Tag> {

    private static final Pattern TEXT = Pattern.compile("\\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\\)?");

    public static final Tag FILE_META_INFORMATION_GROUP_LENGTH = new Tag(0x0002, 0x0000);
    public static final Tag MEDIA_STORAGE_SOP_CLASS_UID = new Tag(0x0002, 0x0002);
    public static final Tag MEDIA_STORAGE_SOP_INSTANCE_UID = new Tag(0x0002, 0x0003);
    public static final Tag TRANSFER_SYNTAX_UID = new Tag(0x0002, 0x0010);
    public static final Tag ITEM = new Tag(0xFFFE, 0xE000);
    public static final Tag ITEM_DELIMITATION = new Tag(0xFFFE, 0xE00D);
    public static final Tag SEQUENCE_DELIMITATION = new Tag(0xFFFE, 0xE0DD);

    public Tag {
        if (group < 0 || group > 0xFFFF || element < 0 || element > 0xFFFF) {
            throw new IllegalArgumentException(
                    "Tag parts must be 16-bit, got group 0x" + Integer.toHexString(group)
                            + " element 0x" + Integer.toHexString(element));
        }
    }

    /** Parses {@code (0010,0010)}, {@code 0010,0010} or {@code 00100010}. */
    public static Tag parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a DICOM tag like (0010,0010)");
        }
        return new Tag(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16));
    }

    public static Tag of(int value) {
        return new Tag(value >>> 16, value & 0xFFFF);
    }

    public int value() {
        return (group << 16) | element;
    }

    /** Private tags live in odd groups (PS3.5 7.8); they are kept byte for byte, never interpreted. */
    public boolean isPrivate() {
        return (group & 1) == 1 && group > 0x0008;
    }

    public boolean isFileMeta() {
        return group == 0x0002;
    }

    @Override
    public int compareTo(Tag other) {
        return Integer.compareUnsigned(value(), other.value());
    }

    @Override
    public String toString() {
        // Dumps print a tag per element: plain hex digits rather than String.format, which costs more than parsing.
        char[] c = {'(', 0, 0, 0, 0, ',', 0, 0, 0, 0, ')'};
        for (int i = 0; i < 4; i++) {
            c[4 - i] = Character.forDigit(group >>> (4 * i) & 0xF, 16);
            c[9 - i] = Character.forDigit(element >>> (4 * i) & 0xF, 16);
        }
        return new String(c);
    }
}
