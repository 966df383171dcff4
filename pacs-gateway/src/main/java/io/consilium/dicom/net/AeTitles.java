package io.consilium.dicom.net;

/** PS3.5 AE VR: 1 to 16 characters of the default repertoire without backslash or control characters. */
final class AeTitles {

    private AeTitles() {
    }

    static String check(String aeTitle) {
        if (aeTitle == null || aeTitle.isBlank() || aeTitle.strip().length() > 16) {
            throw new IllegalArgumentException("AE title '" + aeTitle + "' must have 1 to 16 characters");
        }
        for (char c : aeTitle.toCharArray()) {
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException("AE title '" + aeTitle + "' has a character AE titles forbid");
            }
        }
        return aeTitle.strip();
    }
}
