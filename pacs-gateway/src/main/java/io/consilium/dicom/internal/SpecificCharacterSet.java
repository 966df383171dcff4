package io.consilium.dicom.internal;

import io.consilium.dicom.VR;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Specific Character Set (0008,0005) of PS3.3 C.12.1.1.2 and PS3.5 6.1: single-byte sets, UTF-8, GB18030/GBK,
 * and the ISO 2022 code extensions (Japanese, Korean, Chinese, ISO 8859 parts) switched by escape sequences.
 */
public final class SpecificCharacterSet {

    private static final byte ESC = 0x1B;
    private static final Charset JIS_X0201 = Charset.forName("JIS_X0201");
    private static final Charset EUC_JP = Charset.forName("EUC-JP");
    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final Charset GB2312 = Charset.forName("GB2312");

    /** Defined terms without code extensions: one charset for the whole value. */
    private static final Map<String, Charset> SINGLE = new HashMap<>();
    /** Defined terms with code extensions, by the G0/G1 code element they designate. */
    private static final Map<String, Code> EXTENDED = new HashMap<>();

    static {
        SINGLE.put("", StandardCharsets.US_ASCII);
        SINGLE.put("ISO_IR 6", StandardCharsets.US_ASCII);
        SINGLE.put("ISO_IR 100", StandardCharsets.ISO_8859_1);
        SINGLE.put("ISO_IR 101", Charset.forName("ISO-8859-2"));
        SINGLE.put("ISO_IR 109", Charset.forName("ISO-8859-3"));
        SINGLE.put("ISO_IR 110", Charset.forName("ISO-8859-4"));
        SINGLE.put("ISO_IR 144", Charset.forName("ISO-8859-5"));
        SINGLE.put("ISO_IR 127", Charset.forName("ISO-8859-6"));
        SINGLE.put("ISO_IR 126", Charset.forName("ISO-8859-7"));
        SINGLE.put("ISO_IR 138", Charset.forName("ISO-8859-8"));
        SINGLE.put("ISO_IR 148", Charset.forName("ISO-8859-9"));
        SINGLE.put("ISO_IR 203", Charset.forName("ISO-8859-15"));
        SINGLE.put("ISO_IR 13", Charset.forName("Shift_JIS"));
        SINGLE.put("ISO_IR 166", Charset.forName("TIS-620"));
        SINGLE.put("ISO_IR 192", StandardCharsets.UTF_8);
        SINGLE.put("GB18030", Charset.forName("GB18030"));
        SINGLE.put("GBK", Charset.forName("GBK"));
        for (String part : List.of("6", "100", "101", "109", "110", "144", "127", "126", "138", "148", "203", "13",
                "166")) {
            EXTENDED.put("ISO 2022 IR " + part, part.equals("6") ? Code.ASCII : part.equals("13") ? Code.KATAKANA
                    : new Code(false, 1, SINGLE.get("ISO_IR " + part), false));
        }
        EXTENDED.put("ISO 2022 IR 87", Code.JIS_X0208);
        EXTENDED.put("ISO 2022 IR 159", Code.JIS_X0212);
        EXTENDED.put("ISO 2022 IR 149", new Code(false, 2, EUC_KR, false));
        EXTENDED.put("ISO 2022 IR 58", new Code(false, 2, GB2312, false));
    }

    /** No (0008,0005): the default repertoire, ASCII. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[] {""});

    /**
     * A code element: bytes per character, the charset that decodes it, whether it sits in G0 (7-bit, high bit
     * added before decoding with the EUC charset) and, for JIS X 0212, the EUC-JP single-shift prefix.
     */
    private record Code(boolean g0, int width, Charset charset, boolean ss3) {
        static final Code ASCII = new Code(true, 1, StandardCharsets.US_ASCII, false);
        static final Code ROMAN = new Code(true, 1, JIS_X0201, false);
        static final Code KATAKANA = new Code(false, 1, JIS_X0201, false);
        static final Code JIS_X0208 = new Code(true, 2, EUC_JP, false);
        static final Code JIS_X0212 = new Code(true, 2, EUC_JP, true);
    }

    private final String[] terms;
    private final Charset single;

    private SpecificCharacterSet(String[] terms) {
        this.terms = terms;
        this.single = terms.length == 1 && !terms[0].startsWith("ISO 2022") ? SINGLE.get(terms[0]) : null;
    }

    /** The set for the values of (0008,0005); unknown terms fall back to ISO 8859-1 so no byte is lost. */
    public static SpecificCharacterSet of(String... values) {
        if (values.length == 0 || values.length == 1 && values[0].isEmpty()) {
            return DEFAULT;
        }
        return new SpecificCharacterSet(values.clone());
    }

    public String decode(byte[] bytes, int offset, int length, VR vr) {
        if (single != null) {
            return new String(bytes, offset, length, single);
        }
        if (terms.length == 1 && !EXTENDED.containsKey(terms[0])) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        return decodeIso2022(bytes, offset, length, vr);
    }

    private String decodeIso2022(byte[] bytes, int offset, int length, VR vr) {
        Code initialG0 = "ISO 2022 IR 13".equals(terms[0]) ? Code.ROMAN : Code.ASCII;
        Code initialG1 = initialG1();
        Code g0 = initialG0;
        Code g1 = initialG1;
        var out = new StringBuilder(length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b == ESC) {
                int consumed = escapeLength(bytes, i, end);
                Code designated = designated(bytes, i, consumed);
                if (designated == null) {
                    out.append(new String(bytes, i, consumed, StandardCharsets.ISO_8859_1));
                } else if (designated.g0()) {
                    g0 = designated;
                } else {
                    g1 = designated;
                }
                i += consumed;
                continue;
            }
            if (isDelimiter(b, vr)) {
                g0 = initialG0;
                g1 = initialG1;
                out.append((char) b);
                i++;
                continue;
            }
            Code code = b < 0x80 ? g0 : g1;
            int width = Math.min(code.width(), end - i);
            byte[] ch = new byte[width + (code.ss3() ? 1 : 0)];
            int at = 0;
            if (code.ss3()) {
                ch[at++] = (byte) 0x8F;
            }
            for (int k = 0; k < width; k++) {
                int v = bytes[i + k] & 0xFF;
                ch[at++] = (byte) (code.g0() && code.width() == 2 ? v | 0x80 : v);
            }
            out.append(decodeStrict(ch, code.charset()));
            i += width;
        }
        return out.toString();
    }

    private Code initialG1() {
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            String key = term.startsWith("ISO_IR ") ? "ISO 2022 IR " + term.substring(7) : term;
            Code code = EXTENDED.get(key);
            if (code != null && !code.g0()) {
                return code;
            }
            if (term.equals(terms[0])) {
                break;
            }
        }
        return new Code(false, 1, StandardCharsets.ISO_8859_1, false);
    }

    private static String decodeStrict(byte[] ch, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(ch)).toString();
        } catch (CharacterCodingException e) {
            return new String(ch, StandardCharsets.ISO_8859_1);
        }
    }

    /** Values and, for PN, components and groups, as well as text lines reset to the initial code elements. */
    private static boolean isDelimiter(int b, VR vr) {
        return b == '\\' || b == '\r' || b == '\n' || b == '\t' || b == '\f'
                || vr == VR.PN && (b == '^' || b == '=');
    }

    private static int escapeLength(byte[] bytes, int i, int end) {
        int n = 1;
        while (i + n < end && n < 4) {
            int b = bytes[i + n] & 0xFF;
            n++;
            if (b >= 0x30) {
                break;
            }
        }
        return n;
    }

    private static Code designated(byte[] bytes, int i, int n) {
        String seq = new String(bytes, i + 1, n - 1, StandardCharsets.ISO_8859_1);
        return switch (seq) {
            case "(B" -> Code.ASCII;
            case "(J" -> Code.ROMAN;
            case ")I" -> Code.KATAKANA;
            case "$B", "$@" -> Code.JIS_X0208;
            case "$(D" -> Code.JIS_X0212;
            case "$)C" -> EXTENDED.get("ISO 2022 IR 149");
            case "$)A" -> EXTENDED.get("ISO 2022 IR 58");
            case "-A" -> EXTENDED.get("ISO 2022 IR 100");
            case "-B" -> EXTENDED.get("ISO 2022 IR 101");
            case "-C" -> EXTENDED.get("ISO 2022 IR 109");
            case "-D" -> EXTENDED.get("ISO 2022 IR 110");
            case "-L" -> EXTENDED.get("ISO 2022 IR 144");
            case "-G" -> EXTENDED.get("ISO 2022 IR 127");
            case "-F" -> EXTENDED.get("ISO 2022 IR 126");
            case "-H" -> EXTENDED.get("ISO 2022 IR 138");
            case "-M" -> EXTENDED.get("ISO 2022 IR 148");
            case "-b" -> EXTENDED.get("ISO 2022 IR 203");
            case "-T" -> EXTENDED.get("ISO 2022 IR 166");
            default -> null;
        };
    }

    /**
     * Encodes text for writing. Single-byte sets, UTF-8 and GB18030 encode directly; with ISO 2022 IR 87,
     * runs of JIS X 0208 characters are wrapped in ESC $ B ... ESC ( B.
     */
    public byte[] encode(String text) {
        if (single != null) {
            return encodeStrict(text, single);
        }
        if (Arrays.asList(terms).contains("ISO 2022 IR 87")) {
            return encodeJapanese(text);
        }
        Charset first = SINGLE.getOrDefault(terms[0].replace("ISO 2022 IR ", "ISO_IR "), StandardCharsets.US_ASCII);
        return encodeStrict(text, first);
    }

    private static byte[] encodeJapanese(String text) {
        var out = new ByteArrayOutputStream();
        boolean kanji = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (kanji) {
                    out.writeBytes(new byte[] {ESC, '(', 'B'});
                    kanji = false;
                }
                out.write(c);
            } else {
                byte[] euc = encodeStrict(String.valueOf(c), EUC_JP);
                if (euc.length != 2) {
                    throw new IllegalArgumentException("'" + c + "' is not in JIS X 0208");
                }
                if (!kanji) {
                    out.writeBytes(new byte[] {ESC, '$', 'B'});
                    kanji = true;
                }
                out.write(euc[0] & 0x7F);
                out.write(euc[1] & 0x7F);
            }
            if (kanji && i + 1 < text.length() && "^=\\".indexOf(text.charAt(i + 1)) >= 0) {
                out.writeBytes(new byte[] {ESC, '(', 'B'});
                kanji = false;
            }
        }
        if (kanji) {
            out.writeBytes(new byte[] {ESC, '(', 'B'});
        }
        return out.toByteArray();
    }

    private static byte[] encodeStrict(String text, Charset charset) {
        try {
            ByteBuffer b = charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                    .onMalformedInput(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("'" + text + "' cannot be encoded in " + charset.name()
                    + "; set a Specific Character Set (0008,0005) that covers it, e.g. ISO_IR 192", e);
        }
    }
}
