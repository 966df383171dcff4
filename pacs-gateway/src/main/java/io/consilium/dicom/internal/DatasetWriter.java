package io.consilium.dicom.internal;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes a data set in Explicit or Implicit VR Little Endian. Sequences, items and encapsulated pixel data are
 * written with undefined length and delimitation items, so nothing has to be measured twice; values keep
 * their bytes (odd lengths are padded to even with the VR's padding byte, as PS3.5 7.1.1 requires).
 */
public final class DatasetWriter {

    private static final int UNDEFINED = 0xFFFFFFFF;
    private static final int CHUNK = 1 << 16;

    private final OutputStream out;
    private final boolean explicitVr;
    private final byte[] header = new byte[12];
    private final byte[] chunk = new byte[CHUNK];

    public DatasetWriter(OutputStream out, boolean explicitVr) {
        this.out = out;
        this.explicitVr = explicitVr;
    }

    public void write(Dataset dataset) throws IOException {
        for (DicomElement e : dataset.elements()) {
            write(e);
        }
    }

    private void write(DicomElement e) throws IOException {
        Tag tag = e.tag();
        if (e.isSequence()) {
            header(tag, VR.SQ, UNDEFINED);
            for (Dataset item : e.items()) {
                itemHeader(Tag.ITEM, UNDEFINED);
                write(item);
                itemHeader(Tag.ITEM_DELIMITATION, 0);
            }
            itemHeader(Tag.SEQUENCE_DELIMITATION, 0);
            return;
        }
        if (e.isEncapsulated()) {
            header(tag, e.vr(), UNDEFINED);
            for (ByteBuffer fragment : e.fragments()) {
                int length = fragment.remaining();
                itemHeader(Tag.ITEM, length + (length & 1));
                bytes(fragment);
                if ((length & 1) == 1) {
                    out.write(0);
                }
            }
            itemHeader(Tag.SEQUENCE_DELIMITATION, 0);
            return;
        }
        ByteBuffer value = e.value();
        long length = value.remaining();
        if (length + (length & 1) > 0xFFFFFFFEL) {
            throw new IOException(tag + ": value of " + length + " bytes is too long for DICOM");
        }
        VR vr = e.vr();
        if (explicitVr && !vr.hasLongLength() && length > 0xFFFE) {
            vr = VR.UN;
        }
        header(tag, vr, (int) (length + (length & 1)));
        bytes(value);
        if ((length & 1) == 1) {
            out.write(e.vr().padding());
        }
    }

    private void header(Tag tag, VR vr, int length) throws IOException {
        le16(0, tag.group());
        le16(2, tag.element());
        if (!explicitVr) {
            le32(4, length);
            out.write(header, 0, 8);
            return;
        }
        String code = vr.name();
        header[4] = (byte) code.charAt(0);
        header[5] = (byte) code.charAt(1);
        if (vr.hasLongLength()) {
            header[6] = 0;
            header[7] = 0;
            le32(8, length);
            out.write(header, 0, 12);
        } else {
            le16(6, length);
            out.write(header, 0, 8);
        }
    }

    private void itemHeader(Tag tag, int length) throws IOException {
        le16(0, tag.group());
        le16(2, tag.element());
        le32(4, length);
        out.write(header, 0, 8);
    }

    private void bytes(ByteBuffer value) throws IOException {
        if (value.hasArray()) {
            out.write(value.array(), value.arrayOffset() + value.position(), value.remaining());
            return;
        }
        while (value.hasRemaining()) {
            int n = Math.min(chunk.length, value.remaining());
            value.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    private void le16(int at, int v) {
        header[at] = (byte) v;
        header[at + 1] = (byte) (v >>> 8);
    }

    private void le32(int at, int v) {
        le16(at, v);
        le16(at + 2, v >>> 16);
    }
}
