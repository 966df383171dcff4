package io.consilium.dicom.net.internal;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.internal.DatasetReader;
import io.consilium.dicom.internal.DatasetWriter;
import io.consilium.dicom.net.DicomNetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The Part 10 envelope around a data set sent or received over the network. */
public final class Part10 {

    private static final int MAX_META = 1 << 20;
    private static final Tag SOURCE_AE = new Tag(0x0002, 0x0016);

    /** What the meta information of a file says, and where its data set starts. */
    public record Header(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, long dataSetOffset,
            long size) {
    }

    private Part10() {
    }

    public static Header read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, MAX_META)).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && channel.read(head) > 0) {
                // fill
            }
            head.flip();
            if (head.limit() < 144 || head.getInt(128) != 0x4D434944) {
                throw new DicomNetException(file.getFileName() + " is not a DICOM Part 10 file (no DICM prefix)");
            }
            head.position(132);
            var reader = new DatasetReader(head, 0, true, false);
            Dataset meta = reader.readGroup(2, head.limit());
            var fmi = new FileMetaInformation(meta);
            if (fmi.mediaStorageSopClassUid() == null || fmi.mediaStorageSopInstanceUid() == null
                    || fmi.transferSyntaxUid() == null) {
                throw new DicomNetException(file.getFileName() + ": meta information lacks SOP class, instance or "
                        + "transfer syntax UID");
            }
            return new Header(fmi.mediaStorageSopClassUid(), fmi.mediaStorageSopInstanceUid(), fmi.transferSyntaxUid(),
                    reader.position(), size);
        } catch (DicomParseException e) {
            throw new DicomNetException(file.getFileName() + ": unreadable meta information: " + e.getMessage(), e);
        }
    }

    /** Preamble, DICM and meta information for an instance received over the network. */
    public static byte[] header(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAe) {
        try {
            Dataset group = FileMetaInformation.create(sopClassUid, sopInstanceUid, transferSyntaxUid).group();
            var elements = new Dataset();
            group.elements().stream().filter(e -> e.tag().element() != 0).forEach(elements::put);
            elements.putString(SOURCE_AE, VR.AE, sourceAe);
            var body = new ByteArrayOutputStream(256);
            new DatasetWriter(body, true).write(elements);
            var length = new Dataset();
            length.putInts(Tag.FILE_META_INFORMATION_GROUP_LENGTH, VR.UL, body.size());
            var out = new ByteArrayOutputStream(body.size() + 144);
            out.write(new byte[128]);
            out.write(new byte[] {'D', 'I', 'C', 'M'});
            new DatasetWriter(out, true).write(length);
            body.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
