package io.consilium.server.dicomweb;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.web.ContentType;
import io.consilium.dicom.web.DicomWebException;
import io.consilium.dicom.web.MultipartReader;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.InstanceConflictException;
import io.consilium.server.archive.InvalidInstanceException;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.platform.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * STOW-RS into the built-in archive (PS3.18 10.5). The whole body is first received into spool files, part by
 * part: a malformed or truncated body is refused (400) before anything is stored. Then each instance is stored
 * on its own and its outcome reported in the Referenced or Failed SOP Sequence.
 */
@ApplicationScoped
class StowReceiver {

    private static final Logger LOG = Logger.getLogger(StowReceiver.class);

    static final Tag RETRIEVE_URL = new Tag(0x0008, 0x1190);
    static final Tag FAILURE_REASON = new Tag(0x0008, 0x1197);
    static final Tag FAILED_SOP_SEQUENCE = new Tag(0x0008, 0x1198);
    static final Tag REFERENCED_SOP_SEQUENCE = new Tag(0x0008, 0x1199);
    static final Tag REFERENCED_SOP_CLASS_UID = new Tag(0x0008, 0x1150);
    static final Tag REFERENCED_SOP_INSTANCE_UID = new Tag(0x0008, 0x1155);
    private static final Tag SOP_CLASS_UID = new Tag(0x0008, 0x0016);
    private static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    private static final Tag STUDY_INSTANCE_UID = new Tag(0x0020, 0x000D);

    /** Failure reasons (PS3.18 Table 10.5.3-3 refers to the C-STORE statuses of PS3.4 B.2.3 and PS3.7 C). */
    static final int PROCESSING_FAILURE = 0x0110;
    static final int DUPLICATE_WITH_OTHER_CONTENT = 0x0111;
    static final int DATA_SET_DOES_NOT_MATCH = 0xA900;
    static final int CANNOT_UNDERSTAND = 0xC000;

    private final DicomArchive archive;
    private final Path spool;

    StowReceiver(DicomArchive archive, DataDirectory dataDirectory) {
        this.archive = archive;
        this.spool = dataDirectory.root().resolve("stow-spool");
    }

    /** The response body and its status: 200 all stored, 202 some failed, 409 none stored. */
    record Outcome(int status, Dataset response) {
    }

    Outcome receive(String contentTypeHeader, InputStream body, String expectedStudy, String baseUrl) {
        ContentType contentType = requestType(contentTypeHeader);
        Path dir;
        try {
            Files.createDirectories(spool);
            dir = Files.createTempDirectory(spool, "stow-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the STOW-RS spool under " + spool, e);
        }
        try {
            List<Path> parts = spoolParts(contentType, body, dir);
            return store(parts, expectedStudy, baseUrl);
        } finally {
            deleteTree(dir);
        }
    }

    private static ContentType requestType(String header) {
        if (header == null || header.isBlank()) {
            throw DicomWebProblem.unsupportedMediaType("STOW-RS needs Content-Type: multipart/related; "
                    + "type=\"application/dicom\"; boundary=...");
        }
        ContentType type;
        try {
            type = ContentType.parse(header);
        } catch (IllegalArgumentException e) {
            throw DicomWebProblem.badRequest("unreadable Content-Type: " + e.getMessage());
        }
        if (!type.is(ContentType.MULTIPART_RELATED)) {
            throw DicomWebProblem.unsupportedMediaType("STOW-RS accepts multipart/related; type=\"application/dicom\","
                    + " not " + type.type());
        }
        String partType = type.parameter("type");
        if (partType != null && !partType.equalsIgnoreCase(ContentType.DICOM)) {
            throw DicomWebProblem.unsupportedMediaType("this server stores application/dicom parts, not " + partType);
        }
        if (type.parameter("boundary") == null) {
            throw DicomWebProblem.badRequest("the multipart/related Content-Type has no boundary parameter");
        }
        return type;
    }

    private static List<Path> spoolParts(ContentType contentType, InputStream body, Path dir) {
        List<Path> parts = new ArrayList<>();
        try {
            MultipartReader reader = new MultipartReader(body, contentType.parameter("boundary"));
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                ContentType partType = part.contentType();
                if (partType != null && !partType.is(ContentType.DICOM)) {
                    throw DicomWebProblem.unsupportedMediaType("part " + (parts.size() + 1) + " is " + partType.type()
                            + "; this server stores application/dicom parts");
                }
                Path file = dir.resolve(parts.size() + ".dcm");
                try (OutputStream out = Files.newOutputStream(file)) {
                    part.body().transferTo(out);
                }
                parts.add(file);
            }
        } catch (DicomWebException | IllegalArgumentException e) {
            throw DicomWebProblem.badRequest("malformed multipart body, nothing stored: " + e.getMessage());
        } catch (IOException e) {
            throw DicomWebProblem.badRequest("the request body could not be read, nothing stored: " + e.getMessage());
        }
        if (parts.isEmpty()) {
            throw DicomWebProblem.badRequest("the multipart body holds no instance");
        }
        return parts;
    }

    private Outcome store(List<Path> parts, String expectedStudy, String baseUrl) {
        List<Dataset> stored = new ArrayList<>();
        List<Dataset> failed = new ArrayList<>();
        String study = null;
        boolean oneStudy = true;
        for (int i = 0; i < parts.size(); i++) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(parts.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read back spooled part " + (i + 1), e);
            }
            DicomFile file;
            try {
                file = DicomFile.read(bytes);
            } catch (DicomParseException | RuntimeException e) {
                LOG.warnf("STOW-RS part %d refused: not readable DICOM (%s)", i + 1, e.getMessage());
                failed.add(failure(null, null, CANNOT_UNDERSTAND));
                continue;
            }
            Dataset ds = file.dataset();
            String sopClass = ds.string(SOP_CLASS_UID);
            String sop = ds.string(SOP_INSTANCE_UID);
            if (expectedStudy != null && !expectedStudy.equals(ds.string(STUDY_INSTANCE_UID))) {
                LOG.warnf("STOW-RS instance %s refused: it belongs to another study than the request path", sop);
                failed.add(failure(sopClass, sop, DATA_SET_DOES_NOT_MATCH));
                continue;
            }
            try {
                StoredInstance instance = archive.store(bytes, "STOW-RS");
                var item = new Dataset();
                item.putString(REFERENCED_SOP_CLASS_UID, VR.UI, instance.sopClassUid());
                item.putString(REFERENCED_SOP_INSTANCE_UID, VR.UI, instance.sopInstanceUid());
                item.putString(RETRIEVE_URL, VR.UR, WadoRetrieval.instanceUrl(baseUrl, instance));
                stored.add(item);
                oneStudy &= study == null || study.equals(instance.studyInstanceUid());
                study = instance.studyInstanceUid();
            } catch (InvalidInstanceException e) {
                LOG.warnf("STOW-RS instance %s refused: %s", sop, e.getMessage());
                failed.add(failure(sopClass, sop, e instanceof InstanceConflictException ? DUPLICATE_WITH_OTHER_CONTENT
                        : CANNOT_UNDERSTAND));
            } catch (RuntimeException e) {
                LOG.errorf(e, "STOW-RS instance %s could not be stored", sop);
                failed.add(failure(sopClass, sop, PROCESSING_FAILURE));
            }
        }
        var response = new Dataset();
        if (study != null && oneStudy) {
            response.putString(RETRIEVE_URL, VR.UR, baseUrl + "/studies/" + study);
        }
        if (!failed.isEmpty()) {
            response.putSequence(FAILED_SOP_SEQUENCE, failed);
        }
        if (!stored.isEmpty()) {
            response.putSequence(REFERENCED_SOP_SEQUENCE, stored);
        }
        int status = failed.isEmpty() ? 200 : stored.isEmpty() ? 409 : 202;
        return new Outcome(status, response);
    }

    private static Dataset failure(String sopClass, String sop, int reason) {
        var item = new Dataset();
        if (sopClass != null) {
            item.putString(REFERENCED_SOP_CLASS_UID, VR.UI, sopClass);
        }
        if (sop != null) {
            item.putString(REFERENCED_SOP_INSTANCE_UID, VR.UI, sop);
        }
        item.putInts(FAILURE_REASON, VR.US, reason);
        return item;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("STOW-RS spool %s could not be removed: %s", dir, e.getMessage());
        }
    }
}
