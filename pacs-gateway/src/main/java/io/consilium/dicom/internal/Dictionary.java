package io.consilium.dicom.internal;

import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data dictionary: keyword, VR and VM of every standard tag (PS3.6) and of the vendors' private tags
 * DCMTK knows, loaded from {@link DictionaryData}, which is generated, never edited by hand.
 */
public final class Dictionary {

    /** One dictionary entry. {@code vr} is null for "US or SS"-style entries resolved by context. */
    public record Entry(String keyword, VR vr, String vrCode, String vm) {
    }

    private record Range(int base, int mask, int parity, Entry entry) {
        boolean matches(int tag) {
            return (tag & mask) == base && (parity < 0 || ((tag >>> 16) & 1) == parity);
        }
    }

    private static final Map<Integer, Entry> STANDARD = new HashMap<>(8192);
    private static final List<Range> RANGES = new ArrayList<>();
    private static final Map<String, Entry> PRIVATE = new HashMap<>(4096);
    private static final Map<String, Integer> BY_KEYWORD = new HashMap<>(8192);

    static {
        for (String chunk : DictionaryData.STANDARD) {
            for (String line : chunk.split("\n")) {
                String[] f = line.split("\\|", -1);
                Entry entry = entry(f[1], f[2], f[3]);
                String[] groupElement = f[0].split(",");
                String group = groupElement[0];
                String element = groupElement[1];
                if (group.length() == 4 && element.length() == 4) {
                    int tag = Integer.parseUnsignedInt(group + element, 16);
                    STANDARD.put(tag, entry);
                    BY_KEYWORD.putIfAbsent(entry.keyword(), tag);
                } else {
                    RANGES.add(range(group, element, entry));
                }
            }
        }
        for (String chunk : DictionaryData.PRIVATE) {
            for (String line : chunk.split("\n")) {
                String[] f = line.split("\\|", -1);
                PRIVATE.put(privateKey(Integer.parseInt(f[0], 16), f[1], Integer.parseInt(f[2], 16)),
                        entry(f[3], f[4], f[5]));
            }
        }
    }

    private Dictionary() {
    }

    private static Entry entry(String vrCode, String vm, String keyword) {
        VR vr = null;
        if (Character.isUpperCase(vrCode.charAt(0))) {
            vr = VR.valueOf(vrCode);
        }
        return new Entry(keyword, vr, vrCode, vm);
    }

    private static Range range(String group, String element, Entry entry) {
        int parity = 0;
        String[] g = group.split("-");
        if (g.length == 3) {
            parity = "O".equals(g[1]) ? 1 : -1;
        }
        int[] gBaseMask = baseMask(g[0], g[g.length - 1]);
        String[] e = element.split("-");
        int[] eBaseMask = baseMask(e[0], e[e.length - 1]);
        return new Range(gBaseMask[0] << 16 | eBaseMask[0], gBaseMask[1] << 16 | eBaseMask[1], parity, entry);
    }

    /** (6000-60FF) becomes base 0x6000, mask 0xFF00: the hex digits that vary are the ones masked out. */
    private static int[] baseMask(String from, String to) {
        int low = Integer.parseInt(from, 16);
        int high = Integer.parseInt(to, 16);
        int varying = low ^ high;
        int mask = 0xFFFF;
        while (varying != 0) {
            mask <<= 4;
            varying >>>= 4;
        }
        mask &= 0xFFFF;
        return new int[] {low & mask, mask};
    }

    private static String privateKey(int group, String creator, int element) {
        return group + "|" + creator + "|" + element;
    }

    /** The standard entry for a tag, or null. Group lengths (gggg,0000) are UL everywhere. */
    public static Entry standard(Tag tag) {
        int value = tag.value();
        Entry entry = STANDARD.get(value);
        if (entry != null) {
            return entry;
        }
        if (tag.element() == 0) {
            return new Entry("GenericGroupLength", VR.UL, "UL", "1");
        }
        if (tag.isPrivate()) {
            if (tag.element() >= 0x0010 && tag.element() <= 0x00FF) {
                return new Entry("PrivateCreator", VR.LO, "LO", "1");
            }
            return null;
        }
        for (Range range : RANGES) {
            if (range.matches(value)) {
                return range.entry();
            }
        }
        return null;
    }

    /** A private tag's entry given the Private Creator that reserved its block, or null. */
    public static Entry privateTag(Tag tag, String creator) {
        if (creator == null) {
            return null;
        }
        return PRIVATE.get(privateKey(tag.group(), creator, tag.element() & 0xFF));
    }

    /** The tag of a standard keyword such as {@code PatientName}, or null. */
    public static Tag tagOf(String keyword) {
        Integer value = BY_KEYWORD.get(keyword);
        return value == null ? null : Tag.of(value);
    }

    /** Number of standard entries, exact and ranged (for tests and the dump's banner). */
    public static int standardSize() {
        return STANDARD.size() + RANGES.size();
    }
}
