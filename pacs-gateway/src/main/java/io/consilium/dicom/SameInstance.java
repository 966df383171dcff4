package io.consilium.dicom;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;

/**
 * Whether two copies of one instance hold the same content: what a sender may change when it sends an instance
 * again (PS3.5 7.2 group lengths, 7.5 the Data Set Trailing Padding, the transfer syntax it negotiated) is left
 * out; everything else, pixels included, must match. Values are compared as decoded (binary values are held
 * little-endian whatever the syntax), encapsulated pixel data after decoding it, so a lossy re-compression differs;
 * bytes a sender left past the last frame of native Pixel Data are padding.
 */
public final class SameInstance {

    static final Tag TRAILING_PADDING = new Tag(0xFFFC, 0xFFFC);

    private SameInstance() {
    }

    /**
     * @throws UnsupportedTransferSyntaxException when one copy's pixels cannot be decoded to compare them
     */
    public static boolean content(DicomFile a, DicomFile b) {
        DicomFile first = a;
        DicomFile second = b;
        if (encapsulated(a) || encapsulated(b)) {
            if (a.transferSyntax() == b.transferSyntax() && a.dataset().equals(b.dataset())) {
                return true;
            }
            first = a.transcode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            second = b.transcode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        return same(first.dataset(), second.dataset(), pixelBytes(first.dataset()));
    }

    /** How many bytes of native Pixel Data hold the frames; bytes past them (padding) are not content. */
    private static long pixelBytes(Dataset dataset) {
        long bits = (long) dataset.intValue(PixelData.ROWS, 0) * dataset.intValue(PixelData.COLUMNS, 0)
                * dataset.intValue(PixelData.SAMPLES_PER_PIXEL, 1) * dataset.intValue(PixelData.BITS_ALLOCATED, 0)
                * Math.max(1, dataset.intValue(PixelData.NUMBER_OF_FRAMES, 1));
        return (bits + 7) / 8;
    }

    private static boolean encapsulated(DicomFile file) {
        DicomElement pixels = file.dataset().get(PixelData.PIXEL_DATA);
        return pixels != null && pixels.isEncapsulated();
    }

    private static boolean same(Dataset a, Dataset b, long pixelBytes) {
        Iterator<DicomElement> left = significant(a).iterator();
        Iterator<DicomElement> right = significant(b).iterator();
        while (left.hasNext() && right.hasNext()) {
            DicomElement x = left.next();
            DicomElement y = right.next();
            if (!x.tag().equals(y.tag())) {
                return false;
            }
            if (x.vr() == VR.SQ || y.vr() == VR.SQ) {
                if (!sameItems(x.items(), y.items())) {
                    return false;
                }
            } else if (x.tag().equals(PixelData.PIXEL_DATA) && !x.isEncapsulated() && !y.isEncapsulated()) {
                if (!samePixels(x.value(), y.value(), pixelBytes)) {
                    return false;
                }
            } else if (!x.sameContent(y)) {
                return false;
            }
        }
        return !left.hasNext() && !right.hasNext();
    }

    private static boolean sameItems(List<Dataset> a, List<Dataset> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i), 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean samePixels(ByteBuffer a, ByteBuffer b, long frames) {
        if (frames <= 0 || a.remaining() < frames || b.remaining() < frames) {
            return a.equals(b);
        }
        return a.slice(a.position(), (int) frames).equals(b.slice(b.position(), (int) frames));
    }

    /** The elements in tag order without group lengths and trailing padding. */
    private static List<DicomElement> significant(Dataset dataset) {
        return dataset.elements().stream()
                .filter(e -> e.tag().element() != 0x0000 && !e.tag().equals(TRAILING_PADDING))
                .sorted((x, y) -> x.tag().compareTo(y.tag()))
                .toList();
    }
}
