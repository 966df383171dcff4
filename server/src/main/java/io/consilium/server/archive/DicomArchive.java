package io.consilium.server.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.Outcome;
import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.SameInstance;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.platform.DataDirectory;
import io.consilium.server.study.StudyCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hibernate.Session;

/**
 * The built-in DICOM store: what C-STORE, STOW-RS, retrieval jobs and the sample seeder put in, and what
 * segmentation, WADO-RS and QIDO-RS read. Files are kept byte for byte as received under
 * {@code <data-dir>/archive}; the index lives in the database. Storing the same instance twice is harmless
 * (retries after a dropped association must not duplicate), storing different bytes under a UID already held
 * is refused (never overwritten silently).
 */
@ApplicationScoped
public class DicomArchive {

    private static final Tag SOP_CLASS_UID = new Tag(0x0008, 0x0016);
    private static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    private static final Tag STUDY_DATE = new Tag(0x0008, 0x0020);
    private static final Tag ACCESSION_NUMBER = new Tag(0x0008, 0x0050);
    private static final Tag MODALITY = new Tag(0x0008, 0x0060);
    private static final Tag STUDY_DESCRIPTION = new Tag(0x0008, 0x1030);
    private static final Tag SERIES_DESCRIPTION = new Tag(0x0008, 0x103E);
    private static final Tag PATIENT_ID = new Tag(0x0010, 0x0020);
    private static final Tag BODY_PART_EXAMINED = new Tag(0x0018, 0x0015);
    private static final Tag STUDY_INSTANCE_UID = new Tag(0x0020, 0x000D);
    private static final Tag SERIES_INSTANCE_UID = new Tag(0x0020, 0x000E);
    private static final Tag SERIES_NUMBER = new Tag(0x0020, 0x0011);
    private static final Tag INSTANCE_NUMBER = new Tag(0x0020, 0x0013);
    /** PS3.5 UI: digits and dots, components without leading zeros, at most 64 characters. */
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    /** (0008,0060) is Type 1 in image IODs; a few non-image objects lack it. */
    private static final String OTHER_MODALITY = "OT";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where C-STORE streams instances before they are complete (under the archive root). */
    static final String INCOMING = ".incoming";
    /** Temporary files of {@link #write}, renamed once complete. */
    static final String PARTIAL_PREFIX = ".incoming-";

    private final Session session;
    private final StudyCatalog catalog;
    private final Path root;
    private final Clock clock = Clock.systemUTC();
    private final Event<InstanceStored> stored;
    private final AuditTrail audit;

    DicomArchive(Session session, StudyCatalog catalog, DataDirectory dataDirectory, Event<InstanceStored> stored,
            AuditTrail audit) {
        this.session = session;
        this.catalog = catalog;
        this.audit = audit;
        this.root = dataDirectory.root().resolve("archive");
        this.stored = stored;
    }

    /**
     * Stores a Part 10 file exactly as received.
     *
     * @param source who sent it, for the index (e.g. {@code C-STORE:ORTHANC}, {@code STOW-RS}, {@code sample})
     * @throws InvalidInstanceException when the bytes are not a DICOM Part 10 file with its identifying UIDs
     */
    @Transactional
    public StoredInstance store(byte[] part10, String source) {
        DicomFile file;
        try {
            file = DicomFile.read(part10);
        } catch (DicomParseException e) {
            throw new InvalidInstanceException("not a readable DICOM file: " + e.getMessage(), e);
        }
        if (file.meta() == null) {
            throw new InvalidInstanceException("not a Part 10 file: the file meta information is missing");
        }
        return persist(file.dataset(), file.meta().transferSyntaxUid(), sha256(part10), part10.length,
                target -> write(target, part10), source);
    }

    /**
     * Stores a complete Part 10 file already on disk (e.g. streamed in by C-STORE) by moving it into the archive:
     * no copy through memory. The file is gone afterwards unless the store fails.
     */
    @Transactional
    public StoredInstance store(Path part10, String source) {
        DicomFile file;
        long size;
        String sha256;
        try {
            file = DicomFile.read(part10);
            size = Files.size(part10);
            sha256 = sha256(part10);
        } catch (DicomParseException e) {
            throw new InvalidInstanceException("not a readable DICOM file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the received file", e);
        }
        if (file.meta() == null) {
            throw new InvalidInstanceException("not a Part 10 file: the file meta information is missing");
        }
        return persist(file.dataset(), file.meta().transferSyntaxUid(), sha256, size, target -> move(part10, target),
                source);
    }

    /**
     * Indexes a complete Part 10 file already at its place in the archive, as if it had just arrived (the
     * reconciliation after a crash between the file's move and the index commit).
     */
    @Transactional
    StoredInstance index(Path part10, String source) {
        DicomFile file;
        try {
            file = DicomFile.read(part10);
            if (file.meta() == null) {
                throw new InvalidInstanceException("not a Part 10 file: the file meta information is missing");
            }
            Dataset dataset = file.dataset();
            Path place = root.resolve(Path.of(uid(dataset, STUDY_INSTANCE_UID, "Study Instance UID"),
                    uid(dataset, SERIES_INSTANCE_UID, "Series Instance UID"),
                    uid(dataset, SOP_INSTANCE_UID, "SOP Instance UID") + ".dcm"));
            if (!place.equals(part10)) {
                throw new InvalidInstanceException("its UIDs place it at " + root.relativize(place));
            }
            return persist(dataset, file.meta().transferSyntaxUid(), sha256(part10), Files.size(part10),
                    target -> false, source);
        } catch (DicomParseException e) {
            throw new InvalidInstanceException("not a readable DICOM file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + part10.getFileName(), e);
        }
    }

    /** Stores a data set built or decoded here, written as a Part 10 file in its own transfer syntax. */
    @Transactional
    public StoredInstance store(DicomFile file, String source) {
        var bytes = new ByteArrayOutputStream(1 << 16);
        try {
            file.write(bytes);
        } catch (IOException e) {
            throw new InvalidInstanceException("cannot encode the instance: " + e.getMessage(), e);
        }
        byte[] part10 = bytes.toByteArray();
        return persist(file.dataset(), file.transferSyntax().uid(), sha256(part10), part10.length,
                target -> write(target, part10), source);
    }

    @Transactional
    public Optional<StoredInstance> find(String sopInstanceUid) {
        return Optional.ofNullable(session.find(ArchivedInstance.class, sopInstanceUid)).map(ArchivedInstance::view);
    }

    /** Every instance of a study, by series then instance number. */
    @Transactional
    public List<StoredInstance> study(String studyInstanceUid) {
        return session.createSelectionQuery("""
                        from ArchivedInstance where studyInstanceUid = :study
                        order by seriesNumber, seriesInstanceUid, instanceNumber, sopInstanceUid""",
                        ArchivedInstance.class)
                .setParameter("study", studyInstanceUid)
                .getResultList().stream().map(ArchivedInstance::view).toList();
    }

    /** Every instance of one series, by instance number. */
    @Transactional
    public List<StoredInstance> series(String studyInstanceUid, String seriesInstanceUid) {
        return session.createSelectionQuery("""
                        from ArchivedInstance where studyInstanceUid = :study and seriesInstanceUid = :series
                        order by instanceNumber, sopInstanceUid""", ArchivedInstance.class)
                .setParameter("study", studyInstanceUid)
                .setParameter("series", seriesInstanceUid)
                .getResultList().stream().map(ArchivedInstance::view).toList();
    }

    /**
     * Instances whose indexed attributes equal the given values (each null or empty: any), for QIDO-RS and
     * C-FIND to narrow the candidates before matching the remaining keys against the files. Ordered by study,
     * series and instance number.
     */
    @Transactional
    public List<StoredInstance> select(InstanceSelection selection) {
        var where = new java.util.StringJoiner(" and ", " where ", "").setEmptyValue("");
        var parameters = new java.util.LinkedHashMap<String, Object>();
        selection.conditions().forEach((field, values) -> {
            where.add(field + " in :" + field);
            parameters.put(field, values);
        });
        if (selection.studyDateFrom() != null) {
            where.add("studyDate >= :dateFrom");
            parameters.put("dateFrom", selection.studyDateFrom());
        }
        if (selection.studyDateTo() != null) {
            where.add("studyDate <= :dateTo and studyDate <> ''");
            parameters.put("dateTo", selection.studyDateTo());
        }
        var query = session.createSelectionQuery("from ArchivedInstance" + where
                + " order by studyInstanceUid, seriesNumber, seriesInstanceUid, instanceNumber, sopInstanceUid",
                ArchivedInstance.class);
        parameters.forEach(query::setParameter);
        return query.getResultList().stream().map(ArchivedInstance::view).toList();
    }

    /** The stored Part 10 bytes of an instance; the caller closes the stream. */
    @Transactional
    public InputStream open(String sopInstanceUid) throws IOException {
        return Files.newInputStream(file(sopInstanceUid));
    }

    /** The stored Part 10 file of an instance, for senders that stream files (C-STORE); never modify it. */
    @Transactional
    public Path file(String sopInstanceUid) {
        ArchivedInstance row = session.find(ArchivedInstance.class, sopInstanceUid);
        if (row == null) {
            throw new NoSuchElementException("instance " + sopInstanceUid + " is not in the archive");
        }
        return root.resolve(row.filePath);
    }

    /** The folder under which the files live, {@code <study>/<series>/<sop>.dcm}. */
    Path root() {
        return root;
    }

    /** Every Study Instance UID the index holds. */
    @Transactional
    List<String> indexedStudies() {
        return session.createSelectionQuery("select distinct studyInstanceUid from ArchivedInstance", String.class)
                .getResultList();
    }

    /** The index rows of one study: file path (relative to the root) to SOP Instance UID. */
    @Transactional
    Map<String, String> filesOfStudy(String studyInstanceUid) {
        Map<String, String> files = new HashMap<>();
        session.createSelectionQuery("select filePath, sopInstanceUid from ArchivedInstance where studyInstanceUid = :s",
                        Object[].class)
                .setParameter("s", studyInstanceUid)
                .getResultList().forEach(row -> files.put((String) row[0], (String) row[1]));
        return files;
    }

    /**
     * Takes an instance whose file is gone out of the index into {@code dicom_instance_missing}: QIDO, WADO and
     * the workflow no longer offer what cannot be delivered, and the loss stays on record. Storing the instance
     * again indexes it anew. False when another process moved it first.
     */
    @Transactional
    boolean markMissing(String sopInstanceUid) {
        // Instances starting together on one database reconcile the same rows: the first to lock a row moves it.
        if (session.createNativeQuery("select sop_instance_uid from dicom_instance where sop_instance_uid = :sop"
                + " for update", String.class).setParameter("sop", sopInstanceUid).getResultList().isEmpty()) {
            return false;
        }
        session.createNativeMutationQuery("delete from dicom_instance_missing where sop_instance_uid = :sop")
                .setParameter("sop", sopInstanceUid).executeUpdate();
        session.createNativeMutationQuery("""
                        insert into dicom_instance_missing (sop_instance_uid, study_instance_uid, series_instance_uid,
                            file_path, sha256, source, received_at, missing_since)
                        select sop_instance_uid, study_instance_uid, series_instance_uid, file_path, sha256, source,
                            received_at, :now from dicom_instance where sop_instance_uid = :sop""")
                .setParameter("sop", sopInstanceUid).setParameter("now", clock.instant()).executeUpdate();
        session.createNativeMutationQuery("delete from dicom_instance where sop_instance_uid = :sop")
                .setParameter("sop", sopInstanceUid).executeUpdate();
        return true;
    }

    /**
     * Whether a copy sent again holds what the stored one does, but for what a sender may change (group lengths,
     * trailing padding, the transfer syntax): then it is the same instance, and the stored file stays.
     */
    private boolean sameContent(ArchivedInstance held, Dataset dataset, String transferSyntaxUid) {
        try {
            DicomFile stored = DicomFile.read(root.resolve(held.filePath));
            DicomFile sent = new DicomFile(FileMetaInformation.create(held.sopClassUid, held.sopInstanceUid,
                    transferSyntaxUid), dataset, TransferSyntax.ofUid(transferSyntaxUid));
            return SameInstance.content(stored, sent);
        } catch (IOException | DicomParseException | RuntimeException e) {
            // Not comparable (the stored file unreadable, a codec we cannot decode): a conflict, never a guess.
            return false;
        }
    }

    private StoredInstance persist(Dataset dataset, String transferSyntaxUid, String sha256, long size,
            java.util.function.Predicate<Path> writer, String source) {
        String sop = uid(dataset, SOP_INSTANCE_UID, "SOP Instance UID");
        String sopClass = uid(dataset, SOP_CLASS_UID, "SOP Class UID");
        String study = uid(dataset, STUDY_INSTANCE_UID, "Study Instance UID");
        String series = uid(dataset, SERIES_INSTANCE_UID, "Series Instance UID");

        ArchivedInstance held = session.find(ArchivedInstance.class, sop);
        if (held != null) {
            if (held.sha256.equals(sha256) || sameContent(held, dataset, transferSyntaxUid)) {
                return held.view();
            }
            // On record whatever the caller's transaction does: the refused copy exists nowhere else.
            audit.record(AuditEvent.of(Actor.service("consilium-archive"), "dicom.instance.refuse",
                    "ImagingStudy/" + study).outcome(Outcome.MINOR_FAILURE,
                            "other content under the SOP Instance UID of a stored instance")
                    .patient(text(dataset, PATIENT_ID, 64)).source(source)
                    .detail(JSON.createObjectNode().put("sopInstanceUid", sop).put("series", series)
                            .put("storedTransferSyntax", held.transferSyntaxUid)
                            .put("sentTransferSyntax", transferSyntaxUid).toString()).build());
            throw new InstanceConflictException("instance " + sop + " is already stored with different content");
        }
        String modality = text(dataset, MODALITY, 16);
        if (modality.isEmpty()) {
            modality = OTHER_MODALITY;
        }
        if (catalog.find(study).isEmpty()) {
            catalog.register(study, modality, text(dataset, STUDY_DESCRIPTION, 255));
        }
        Path relative = Path.of(study, series, sop + ".dcm");
        boolean created = writer.test(root.resolve(relative));
        try {
            ArchivedInstance row = new ArchivedInstance();
            row.sopInstanceUid = sop;
            row.sopClassUid = sopClass;
            row.studyInstanceUid = study;
            row.seriesInstanceUid = series;
            row.transferSyntaxUid = transferSyntaxUid;
            row.modality = modality;
            row.instanceNumber = number(dataset, INSTANCE_NUMBER);
            row.seriesNumber = number(dataset, SERIES_NUMBER);
            row.seriesDescription = text(dataset, SERIES_DESCRIPTION, 64);
            row.bodyPartExamined = text(dataset, BODY_PART_EXAMINED, 16);
            row.patientId = text(dataset, PATIENT_ID, 64);
            row.studyDate = text(dataset, STUDY_DATE, 8);
            row.accessionNumber = text(dataset, ACCESSION_NUMBER, 16);
            row.filePath = relative.toString();
            row.sizeBytes = size;
            row.sha256 = sha256;
            row.source = source.length() > 64 ? source.substring(0, 64) : source;
            row.receivedAt = clock.instant();
            session.persist(row);
            session.flush();
            StoredInstance view = row.view();
            stored.fire(new InstanceStored(view));
            return view;
        } catch (RuntimeException e) {
            if (created) {
                deleteQuietly(root.resolve(relative));
            }
            throw e;
        }
    }

    /**
     * Writes via a temporary file, synced, and an atomic rename: a crash never leaves a half file under the final
     * name, and the file is on disk before its index row commits.
     */
    private static boolean write(Path target, byte[] bytes) {
        try {
            boolean existed = Files.exists(target);
            Path firstCreated = createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), PARTIAL_PREFIX, ".part");
            try {
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncDirectories(target.getParent(), firstCreated);
            } finally {
                Files.deleteIfExists(partial);
            }
            return !existed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target.getFileName() + " to the archive", e);
        }
    }

    /** Syncs a finished file and renames it into place (atomically where the file system allows). */
    private static boolean move(Path source, Path target) {
        try {
            boolean existed = Files.exists(target);
            try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Path firstCreated = createDirectories(target.getParent());
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectories(target.getParent(), firstCreated);
            return !existed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + target.getFileName() + " into the archive", e);
        }
    }

    /** Creates the folder and its missing parents; returns the outermost one it created, or null. */
    private static Path createDirectories(Path folder) throws IOException {
        Path firstCreated = null;
        for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
            firstCreated = p;
        }
        Files.createDirectories(folder);
        return firstCreated;
    }

    /**
     * Syncs the folder that got a new entry and, up to the parent of {@code firstCreated}, the folders that were
     * created for it: a rename or a new folder is durable only once its parent folder is synced.
     */
    private static void syncDirectories(Path folder, Path firstCreated) throws IOException {
        Path last = firstCreated == null ? folder : firstCreated.getParent();
        for (Path p = folder; p != null; p = p.getParent()) {
            try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
                channel.force(true);
            }
            if (p.equals(last)) {
                break;
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 18);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Where {@link #store(Path, String)} callers should write files so the final move stays on one file system. */
    public Path incomingDirectory() {
        try {
            return Files.createDirectories(root.resolve(INCOMING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the archive's incoming directory", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The index was not written, so the file is unreachable; a later store of the instance replaces it.
        }
    }

    private static String uid(Dataset dataset, Tag tag, String name) {
        String value = dataset.string(tag);
        if (value == null || value.length() > 64 || !UID.matcher(value).matches()) {
            throw new InvalidInstanceException(name + " " + tag + " is missing or not a valid UID");
        }
        return value;
    }

    private static String text(Dataset dataset, Tag tag, int maxLength) {
        String value = dataset.string(tag);
        if (value == null) {
            return "";
        }
        value = value.strip();
        return value.length() > maxLength ? value.substring(0, maxLength) : value;
    }

    private static Integer number(Dataset dataset, Tag tag) {
        try {
            String value = dataset.string(tag);
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
