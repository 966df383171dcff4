package io.consilium.dicom;

import io.consilium.dicom.internal.DatasetReader;
import io.consilium.dicom.internal.DatasetWriter;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

/**
 * A DICOM instance as stored: the File Meta Information (absent for a bare data set) and the data set, read in
 * any transfer syntax of {@link TransferSyntax} and written in the little-endian ones.
 */
public final class DicomFile {

    private static final int PREAMBLE = 128;
    /** Above this size a file is memory-mapped so large pixel data stays off the heap. */
    private static final long MAP_THRESHOLD = 256L << 10;
    /** A deflated data set may expand to at most this many bytes (bounds decompression bombs). */
    private static final long MAX_INFLATED = 1L << 30;

    private final FileMetaInformation meta;
    private final Dataset dataset;
    private final TransferSyntax transferSyntax;

    public DicomFile(FileMetaInformation meta, Dataset dataset, TransferSyntax transferSyntax) {
        this.meta = meta;
        this.dataset = dataset;
        this.transferSyntax = transferSyntax;
    }

    /** The meta information, or null for a bare data set. */
    public FileMetaInformation meta() {
        return meta;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The syntax the data set was read in (or will be written in). */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    public static DicomFile read(Path path) throws IOException, DicomParseException {
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE) {
            throw new DicomParseException("files over 2 GiB are not supported (" + size + " bytes)", 0, null);
        }
        if (size < MAP_THRESHOLD) {
            return read(Files.readAllBytes(path));
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    public static DicomFile read(byte[] bytes) throws DicomParseException {
        return read(ByteBuffer.wrap(bytes));
    }

    /**
     * Reads a Part 10 file, or a bare data set whose transfer syntax is recognised from its first element.
     *
     * @throws DicomParseException naming offset and tag when the bytes are not valid DICOM
     * @throws UnsupportedTransferSyntaxException when the meta information names a syntax not in {@link TransferSyntax}
     */
    public static DicomFile read(ByteBuffer bytes) throws DicomParseException {
        ByteBuffer in = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        in.position(0);
        int start = 0;
        if (in.limit() >= PREAMBLE + 4 && in.getInt(PREAMBLE) == 0x4D434944) {
            start = PREAMBLE + 4;
        } else if (in.limit() >= 8 && in.getShort(0) == 2 && isVr(in, 4)) {
            start = 0;
        } else {
            return readBare(in);
        }
        if (!(in.limit() >= start + 8 && in.getShort(start) == 2)) {
            throw new DicomParseException("'DICM' is not followed by the file meta group (0002,xxxx)", start, null);
        }
        in.position(start);
        var metaReader = new DatasetReader(in, 0, true, false);
        Dataset group;
        if (in.getInt(start) == 0x00000002 && in.limit() >= start + 12 && in.get(start + 4) == 'U'
                && in.get(start + 5) == 'L') {
            long length = in.getInt(start + 8) & 0xFFFFFFFFL;
            int end = start + 12 + (int) Math.min(length, Integer.MAX_VALUE);
            if (length > in.limit() - start - 12) {
                throw new DicomParseException("file meta group length " + length + " exceeds the file",
                        start + 8, Tag.FILE_META_INFORMATION_GROUP_LENGTH);
            }
            group = metaReader.readGroup(2, in.limit());
            if (metaReader.position() < end) {
                throw new DicomParseException("file meta group is shorter than its length " + length,
                        metaReader.position(), Tag.FILE_META_INFORMATION_GROUP_LENGTH);
            }
        } else {
            group = metaReader.readGroup(2, in.limit());
        }
        var meta = new FileMetaInformation(group);
        int datasetStart = metaReader.position();
        String uid = meta.transferSyntaxUid();
        TransferSyntax syntax = uid == null ? detect(in, datasetStart) : TransferSyntax.ofUid(uid);
        in.position(datasetStart);
        return new DicomFile(meta, readDataset(in, datasetStart, syntax), syntax);
    }

    private static DicomFile readBare(ByteBuffer in) throws DicomParseException {
        if (in.limit() < 8) {
            throw new DicomParseException("not DICOM: " + in.limit() + " bytes are too few for a data element", 0,
                    null);
        }
        TransferSyntax syntax = detect(in, 0);
        int group = syntax.isBigEndian() ? Short.toUnsignedInt(Short.reverseBytes(in.getShort(0)))
                : Short.toUnsignedInt(in.getShort(0));
        long implicitLength = in.getInt(4) & 0xFFFFFFFFL;
        boolean implausibleLength = !syntax.isExplicitVr() && implicitLength != 0xFFFFFFFFL
                && implicitLength > in.limit() - 8;
        if (group == 0 || group > 0x7FE0 && group != 0xFFFC || (group & 1) == 1 && group < 8 || implausibleLength) {
            throw new DicomParseException(String.format("not DICOM: no 'DICM' prefix and the first bytes are not "
                    + "a plausible data element (group %04x)", group), 0, null);
        }
        in.position(0);
        return new DicomFile(null, readDataset(in, 0, syntax), syntax);
    }

    /** Recognises the syntax of a data set from its first element header, as DCMTK does. */
    private static TransferSyntax detect(ByteBuffer in, int at) {
        if (in.limit() - at < 8) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        boolean explicit = isVr(in, at + 4);
        int littleGroup = Short.toUnsignedInt(in.getShort(at));
        int bigGroup = Short.toUnsignedInt(Short.reverseBytes(in.getShort(at)));
        boolean bigEndian = explicit && bigGroup < littleGroup && bigGroup != 0;
        if (bigEndian) {
            return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
        return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }

    private static boolean isVr(ByteBuffer in, int at) {
        try {
            VR.fromCode(in.get(at), in.get(at + 1));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Dataset readDataset(ByteBuffer in, int start, TransferSyntax syntax) throws DicomParseException {
        if (syntax.isDeflated()) {
            byte[] inflated = inflate(in, start);
            return new DatasetReader(ByteBuffer.wrap(inflated), start, true, false).readDataset();
        }
        ByteBuffer view = in.duplicate();
        view.position(start);
        return new DatasetReader(view, 0, syntax.isExplicitVr(), syntax.isBigEndian()).readDataset();
    }

    private static byte[] inflate(ByteBuffer in, int start) throws DicomParseException {
        var inflater = new Inflater(true);
        try {
            ByteBuffer source = in.duplicate();
            source.position(start);
            inflater.setInput(source);
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new DicomParseException("deflated data set expands beyond " + MAX_INFLATED + " bytes",
                            start, null);
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new DicomParseException("deflated data set is corrupt: " + e.getMessage(), start, null);
        } finally {
            inflater.end();
        }
    }

    /** Writes a Part 10 file (preamble, meta information, data set) in this file's transfer syntax. */
    public void write(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(out);
        }
    }

    public void write(OutputStream out) throws IOException {
        if (transferSyntax.isBigEndian()) {
            throw new UnsupportedTransferSyntaxException(transferSyntax.uid() + " (writing big endian is retired)");
        }
        FileMetaInformation fileMeta = meta != null ? meta.withTransferSyntax(transferSyntax)
                : FileMetaInformation.create(dataset.string(new Tag(0x0008, 0x0016)),
                        dataset.string(new Tag(0x0008, 0x0018)), transferSyntax.uid());
        out.write(new byte[PREAMBLE]);
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        var group = new ByteArrayOutputStream();
        Dataset metaGroup = new Dataset();
        fileMeta.group().elements().stream().filter(e -> e.tag().element() != 0).forEach(metaGroup::put);
        new DatasetWriter(group, true).write(metaGroup);
        var length = new Dataset();
        length.putInts(Tag.FILE_META_INFORMATION_GROUP_LENGTH, VR.UL, group.size());
        new DatasetWriter(out, true).write(length);
        group.writeTo(out);
        if (transferSyntax.isDeflated()) {
            var deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            var deflated = new DeflaterOutputStream(out, deflater, 1 << 16);
            new DatasetWriter(deflated, true).write(dataset);
            deflated.finish();
            deflater.end();
        } else {
            new DatasetWriter(out, transferSyntax.isExplicitVr()).write(dataset);
        }
        out.flush();
    }

    /**
     * This instance in another syntax. Encapsulated pixel data is decoded into native pixels when the target is
     * native (YBR_FULL_422 becomes YBR_FULL, planar configuration 0); compressing is not offered.
     *
     * @throws UnsupportedTransferSyntaxException when the target is encapsulated and the source is not, or the
     *                                            source's codec cannot be decoded
     */
    public DicomFile transcode(TransferSyntax target) {
        DicomElement pixels = dataset.get(PixelData.PIXEL_DATA);
        if (pixels == null || pixels.isEncapsulated() == target.isEncapsulated()) {
            if (pixels != null && pixels.isEncapsulated() && target != transferSyntax) {
                throw new UnsupportedTransferSyntaxException(target.uid() + " (recompressing " + transferSyntax.title()
                        + " data is not supported; transcode to a native syntax)");
            }
            return new DicomFile(meta, dataset, target);
        }
        if (target.isEncapsulated()) {
            throw new UnsupportedTransferSyntaxException(target.uid() + " (" + target.title()
                    + ": Consilium does not compress pixel data)");
        }
        PixelData decoded = PixelData.of(this);
        int bits = dataset.intValue(PixelData.BITS_ALLOCATED, 8);
        int bytesPerSample = bits / 8;
        int perFrame = decoded.rows() * decoded.columns() * decoded.samplesPerPixel();
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(perFrame * bytesPerSample, decoded.frames()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < decoded.frames(); f++) {
            for (int v : decoded.storedValues(f)) {
                switch (bytesPerSample) {
                    case 1 -> out.put((byte) v);
                    case 2 -> out.putShort((short) v);
                    default -> out.putInt(v);
                }
            }
        }
        var copy = new Dataset();
        dataset.elements().forEach(copy::put);
        copy.put(DicomElement.of(PixelData.PIXEL_DATA, bits > 8 ? VR.OW : VR.OB, out.array()));
        if (decoded.samplesPerPixel() > 1) {
            copy.putInts(PixelData.PLANAR_CONFIGURATION, VR.US, 0);
        }
        if ("YBR_FULL_422".equals(decoded.photometricInterpretation())) {
            copy.putString(PixelData.PHOTOMETRIC, VR.CS, "YBR_FULL");
        }
        return new DicomFile(meta, copy, target);
    }
}
