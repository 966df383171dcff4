package io.consilium.dicom.web;

import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.internal.Dictionary;

/** The attribute names of QIDO-RS query parameters: a keyword ({@code PatientName}) or 8 hexadecimal digits. */
public final class QidoKeys {

    private QidoKeys() {
    }

    /** @throws IllegalArgumentException naming the key when it is neither a tag nor a standard keyword */
    public static Tag tagOf(String key) {
        if (key.matches("[0-9A-Fa-f]{8}")) {
            return Tag.of(Integer.parseUnsignedInt(key, 16));
        }
        Tag tag = Dictionary.tagOf(key);
        if (tag == null) {
            throw new IllegalArgumentException("'" + key + "' is neither a tag nor a DICOM keyword");
        }
        return tag;
    }

    /** The VR the standard gives the attribute; UN when the dictionary does not know it. */
    public static VR vrOf(Tag tag) {
        Dictionary.Entry entry = Dictionary.standard(tag);
        return entry == null || entry.vr() == null ? VR.UN : entry.vr();
    }
}
