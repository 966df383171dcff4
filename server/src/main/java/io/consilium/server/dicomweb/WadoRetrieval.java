package io.consilium.server.dicomweb;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.web.ContentType;
import io.consilium.dicom.web.DicomJson;
import io.consilium.dicom.web.MultipartWriter;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * WADO-RS over the built-in archive (PS3.18 10.4): instances as {@code multipart/related;
 * type="application/dicom"} in the transfer syntax the Accept header asks for, metadata as DICOM JSON with
 * BulkDataURIs, frames and bulk data as {@code application/octet-stream} parts.
 */
@ApplicationScoped
class WadoRetrieval {

    /** PS3.18 8.7.3.5.2: what application/dicom and uncompressed bulk data mean without a transfer-syntax. */
    static final String DEFAULT_SYNTAX = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    static final String ANY_SYNTAX = "*";

    private static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);
    private static final Tag NUMBER_OF_FRAMES = new Tag(0x0028, 0x0008);
    private static final Tag ROWS = new Tag(0x0028, 0x0010);
    private static final Tag COLUMNS = new Tag(0x0028, 0x0011);
    private static final Tag SAMPLES_PER_PIXEL = new Tag(0x0028, 0x0002);
    private static final Tag BITS_ALLOCATED = new Tag(0x0028, 0x0100);
    /** Syntaxes we can produce from any stored instance whose pixel data we can decode. */
    private static final Set<String> NATIVE = Set.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
    /** Decoders exist for these encapsulated syntaxes (not for JPEG 2000). */
    private static final Set<TransferSyntax> DECODABLE = Set.of(TransferSyntax.JPEG_BASELINE,
            TransferSyntax.JPEG_EXTENDED, TransferSyntax.JPEG_LOSSLESS, TransferSyntax.JPEG_LOSSLESS_SV1,
            TransferSyntax.JPEG_LS_LOSSLESS, TransferSyntax.JPEG_LS_NEAR_LOSSLESS, TransferSyntax.RLE_LOSSLESS);

    private final DicomArchive archive;
    private final InstanceFiles files;
    private final JsonFactory json = new JsonFactory();

    WadoRetrieval(DicomArchive archive, InstanceFiles files) {
        this.archive = archive;
        this.files = files;
    }

    /**
     * The transfer syntax the Accept header asks for in parts of {@code partType}: a UID, {@code *}, or the
     * default. The first acceptable media range wins.
     */
    static String negotiate(String accept, String partType) {
        if (accept == null || accept.isBlank()) {
            return DEFAULT_SYNTAX;
        }
        List<ContentType> ranges;
        try {
            ranges = new ArrayList<>(ContentType.parseList(accept));
        } catch (IllegalArgumentException e) {
            throw DicomWebProblem.badRequest("unreadable Accept header: " + e.getMessage());
        }
        ranges.sort((a, b) -> Double.compare(b.quality(), a.quality()));
        for (ContentType range : ranges) {
            if (range.quality() <= 0) {
                continue;
            }
            String type = range.parameter("type");
            boolean fits = range.is("*/*") || range.is("multipart/*")
                    || range.is(ContentType.MULTIPART_RELATED) && (type == null || type.equalsIgnoreCase(partType));
            if (fits) {
                String syntax = range.parameter("transfer-syntax");
                return syntax == null ? DEFAULT_SYNTAX : syntax;
            }
        }
        throw DicomWebProblem.notAcceptable("this resource is served as multipart/related; type=\"" + partType
                + "\"; the Accept header asked for " + accept);
    }

    /** Refuses up front (406) when an instance cannot be delivered in the syntax asked for. */
    static void checkDeliverable(List<StoredInstance> instances, String syntax) {
        for (StoredInstance instance : instances) {
            if (!canDeliver(instance.transferSyntaxUid(), syntax)) {
                throw DicomWebProblem.notAcceptable("instance " + instance.sopInstanceUid() + " is held in "
                        + instance.transferSyntaxUid() + " and cannot be converted to " + syntax
                        + "; ask for transfer-syntax=* or " + instance.transferSyntaxUid());
            }
        }
    }

    private static boolean canDeliver(String stored, String syntax) {
        if (syntax.equals(ANY_SYNTAX) || syntax.equals(stored)) {
            return true;
        }
        if (!NATIVE.contains(syntax)) {
            return false;
        }
        TransferSyntax source = TransferSyntax.ofUid(stored);
        return !source.isEncapsulated() || DECODABLE.contains(source);
    }

    /** The instances, each as a Part 10 part, streamed one after the other. */
    StreamingOutput instances(List<StoredInstance> instances, String syntax, String boundary) {
        return response -> {
            var out = buffered(response);
            var multipart = new MultipartWriter(out, boundary);
            for (StoredInstance instance : instances) {
                String delivered = syntax.equals(ANY_SYNTAX) ? instance.transferSyntaxUid() : syntax;
                String type = ContentType.DICOM + "; transfer-syntax=" + delivered;
                if (delivered.equals(instance.transferSyntaxUid())) {
                    try (InputStream in = archive.open(instance.sopInstanceUid())) {
                        multipart.part(type, in);
                    }
                } else {
                    var converted = new ByteArrayOutputStream((int) Math.min(instance.sizeBytes() * 2, 1 << 30));
                    files.file(instance.sopInstanceUid()).transcode(TransferSyntax.ofUid(delivered)).write(converted);
                    multipart.part(type, converted.toByteArray());
                }
            }
            multipart.finish();
        };
    }

    /** DICOM JSON of the instances; pixel data and large binary values as BulkDataURIs. */
    StreamingOutput metadata(List<StoredInstance> instances, String baseUrl) {
        return response -> {
            try (JsonGenerator generator = json.createGenerator(buffered(response), JsonEncoding.UTF8)) {
                generator.writeStartArray();
                for (StoredInstance instance : instances) {
                    DicomFile file = files.file(instance.sopInstanceUid());
                    String url = instanceUrl(baseUrl, instance);
                    int frames = Math.max(1, file.dataset().intValue(NUMBER_OF_FRAMES, 1));
                    DicomJson.writeDataset(generator, file.dataset(), e -> !QidoSearch.isBulk(e) ? null
                            : e.isEncapsulated() ? url + "/frames/" + frameList(frames)
                            : url + "/bulkdata/" + String.format("%04X%04X", e.tag().group(), e.tag().element()));
                }
                generator.writeEndArray();
            }
        };
    }

    /** One top-level binary value, for a BulkDataURI of {@link #metadata}. */
    StreamingOutput bulkData(StoredInstance instance, Tag tag, String boundary) {
        DicomElement element = files.dataset(instance.sopInstanceUid()).get(tag);
        if (element == null || element.isSequence() || element.isEncapsulated()) {
            throw DicomWebProblem.notFound("instance " + instance.sopInstanceUid() + " has no bulk data at " + tag);
        }
        return response -> {
            var out = buffered(response);
            var multipart = new MultipartWriter(out, boundary);
            multipart.part(ContentType.OCTET_STREAM, element.bytes());
            multipart.finish();
        };
    }

    /**
     * Frames (1-based) as octet-stream parts: native pixels (little endian) unless {@code syntax} lets the
     * stored compressed frames through.
     */
    StreamingOutput frames(StoredInstance instance, List<Integer> numbers, String syntax, String boundary) {
        checkDeliverable(List.of(instance), syntax);
        DicomFile file = files.file(instance.sopInstanceUid());
        boolean asStored = syntax.equals(ANY_SYNTAX) || syntax.equals(instance.transferSyntaxUid());
        DicomFile source = asStored || !file.transferSyntax().isEncapsulated() ? file
                : file.transcode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        DicomElement pixels = source.dataset().get(PIXEL_DATA);
        if (pixels == null) {
            throw DicomWebProblem.notFound("instance " + instance.sopInstanceUid() + " has no pixel data");
        }
        int count = Math.max(1, source.dataset().intValue(NUMBER_OF_FRAMES, 1));
        for (int n : numbers) {
            if (n < 1 || n > count) {
                throw DicomWebProblem.notFound("instance " + instance.sopInstanceUid() + " has frames 1 to " + count
                        + ", not " + n);
            }
        }
        String delivered = source.transferSyntax().isEncapsulated() ? source.transferSyntax().uid()
                : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        List<byte[]> parts = new ArrayList<>();
        for (int n : numbers) {
            parts.add(pixels.isEncapsulated() ? compressedFrame(pixels, n, count) : nativeFrame(source.dataset(),
                    pixels, n, count));
        }
        return response -> {
            var out = buffered(response);
            var multipart = new MultipartWriter(out, boundary);
            for (byte[] frame : parts) {
                multipart.part(ContentType.OCTET_STREAM + "; transfer-syntax=" + delivered, frame);
            }
            multipart.finish();
        };
    }

    private static byte[] nativeFrame(Dataset dataset, DicomElement pixels, int n, int count) {
        long bits = (long) dataset.intValue(ROWS, 0) * dataset.intValue(COLUMNS, 0)
                * dataset.intValue(SAMPLES_PER_PIXEL, 1) * dataset.intValue(BITS_ALLOCATED, 16);
        if (bits % 8 != 0 && count > 1) {
            throw DicomWebProblem.notAcceptable("frames of packed 1-bit multi-frame pixel data are not offered");
        }
        int size = (int) ((bits + 7) / 8);
        ByteBuffer value = pixels.value();
        int start = (n - 1) * size;
        if (start + size > value.remaining()) {
            throw new IllegalStateException("pixel data is shorter than " + count + " frames of " + size + " bytes");
        }
        byte[] frame = new byte[size];
        value.position(start);
        value.get(frame);
        return frame;
    }

    /** PS3.5 A.4: one fragment per frame, one frame in all fragments, or the Basic Offset Table says where. */
    private static byte[] compressedFrame(DicomElement pixels, int n, int count) {
        List<ByteBuffer> fragments = pixels.fragments();
        List<ByteBuffer> data = fragments.subList(1, fragments.size());
        List<ByteBuffer> selected;
        if (count == 1) {
            selected = data;
        } else if (data.size() == count) {
            selected = List.of(data.get(n - 1));
        } else {
            ByteBuffer table = fragments.get(0).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (table.remaining() != count * 4) {
                throw new IllegalStateException("cannot locate frame " + n + ": " + data.size() + " fragments for "
                        + count + " frames and no Basic Offset Table");
            }
            long from = table.getInt((n - 1) * 4) & 0xFFFFFFFFL;
            long to = n == count ? Long.MAX_VALUE : table.getInt(n * 4) & 0xFFFFFFFFL;
            selected = new ArrayList<>();
            long offset = 0;
            for (ByteBuffer fragment : data) {
                if (offset >= from && offset < to) {
                    selected.add(fragment);
                }
                offset += 8 + fragment.remaining();
            }
        }
        var out = new ByteArrayOutputStream();
        for (ByteBuffer fragment : selected) {
            byte[] bytes = new byte[fragment.remaining()];
            fragment.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** The HTTP layer pays per write call; whole buffers keep a 50 MB series from costing thousands of them. */
    private static BufferedOutputStream buffered(OutputStream response) {
        return new BufferedOutputStream(response, 1 << 20);
    }

    static String instanceUrl(String baseUrl, StoredInstance instance) {
        return baseUrl + "/studies/" + instance.studyInstanceUid() + "/series/" + instance.seriesInstanceUid()
                + "/instances/" + instance.sopInstanceUid();
    }

    private static String frameList(int frames) {
        var list = new StringBuilder("1");
        for (int i = 2; i <= frames; i++) {
            list.append(',').append(i);
        }
        return list.toString();
    }
}
