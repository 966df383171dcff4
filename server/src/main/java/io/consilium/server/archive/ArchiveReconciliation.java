package io.consilium.server.archive;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.Outcome;
import io.consilium.server.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Makes the archive's files and index agree again after a crash, before the server accepts instances: a complete
 * file without an index row (moved into place, then the JVM died before the commit) is indexed, as if it had
 * just arrived; an index row whose file is gone is moved to the missing instances, so nothing lists or serves an
 * instance it cannot deliver; a partial file of an interrupted reception is deleted. Only files from before this
 * JVM started are considered: a file written since belongs to a store in progress. Logs and audits counts, never
 * patient data.
 */
@ApplicationScoped
public class ArchiveReconciliation {

    private static final Logger LOG = Logger.getLogger(ArchiveReconciliation.class);
    static final String SOURCE = "reconcile";

    private final DicomArchive archive;
    private final AuditTrail audit;

    /** What one pass found and did. */
    public record Report(int studies, int files, int indexed, int missing, int discarded, int unindexed) {

        boolean changedAnything() {
            return indexed + missing + discarded + unindexed > 0;
        }

        @Override
        public String toString() {
            return String.format("%d files indexed, %d index rows without a file marked missing, %d partial files "
                    + "discarded, %d files left unindexed (%d files, %d studies checked)", indexed, missing,
                    discarded, unindexed, files, studies);
        }
    }

    ArchiveReconciliation(DicomArchive archive, AuditTrail audit) {
        this.archive = archive;
        this.audit = audit;
    }

    /** One pass over the whole archive; returns what it did (also logged and, when anything changed, audited). */
    public Report run() {
        long started = System.nanoTime();
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Path root = archive.root();
        int discarded = discardIncoming(root.resolve(DicomArchive.INCOMING), jvmStart);
        Set<String> studies = new TreeSet<>(archive.indexedStudies());
        studies.addAll(directories(root));
        Set<String> touched = new TreeSet<>();
        int files = 0;
        int indexed = 0;
        int missing = 0;
        int unindexed = 0;
        for (String study : studies) {
            Map<String, String> rows = archive.filesOfStudy(study);
            for (Path file : filesOf(root.resolve(study))) {
                String name = file.getFileName().toString();
                if (name.startsWith(DicomArchive.PARTIAL_PREFIX)) {
                    discarded += before(file, jvmStart) ? delete(file) : 0;
                    continue;
                }
                files++;
                String relative = root.relativize(file).toString();
                if (rows.remove(relative) != null || !name.endsWith(".dcm") || !before(file, jvmStart)) {
                    continue;
                }
                try {
                    archive.index(file, SOURCE);
                    indexed++;
                    touched.add(study);
                } catch (RuntimeException e) {
                    // Left in place for an operator to look at; the start goes on with the rest of the archive.
                    unindexed++;
                    // Database messages may quote stored values (patient data): only our own reasons are logged.
                    LOG.warnf("archive file %s left unindexed: %s", relative,
                            e instanceof InvalidInstanceException ? e.getMessage() : e.getClass().getName());
                }
            }
            for (String sop : rows.values()) {
                if (archive.markMissing(sop)) {
                    missing++;
                    touched.add(study);
                }
            }
        }
        Report report = new Report(studies.size(), files, indexed, missing, discarded, unindexed);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (missing > 0 || unindexed > 0) {
            LOG.errorf("archive reconciled: %s in %d ms", report, millis);
        } else {
            LOG.infof("archive reconciled: %s in %d ms", report, millis);
        }
        if (report.changedAnything()) {
            audit(report, touched);
        }
        return report;
    }

    private void audit(Report report, Set<String> studies) {
        AuditEvent.Builder event = AuditEvent.of(Actor.service("consilium-server"), "archive.reconcile",
                studies.isEmpty() ? "Device/archive" : "ImagingStudy/" + studies.iterator().next());
        studies.stream().skip(1).forEach(s -> event.target("ImagingStudy/" + s));
        event.outcome(report.missing() + report.unindexed() == 0 ? Outcome.SUCCESS : Outcome.MINOR_FAILURE,
                        report.toString())
                .detail("{\"indexed\":" + report.indexed() + ",\"missing\":" + report.missing() + ",\"discarded\":"
                        + report.discarded() + ",\"unindexed\":" + report.unindexed() + "}");
        audit.record(event.build());
    }

    /** Deletes what interrupted C-STORE receptions left in the incoming folder (never acknowledged). */
    private static int discardIncoming(Path incoming, Instant jvmStart) {
        int count = 0;
        for (Path file : filesOf(incoming)) {
            if (before(file, jvmStart)) {
                count += delete(file);
            }
        }
        return count;
    }

    private static int delete(Path file) {
        try {
            return Files.deleteIfExists(file) ? 1 : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the partial file " + file.getFileName(), e);
        }
    }

    /** Study folders (named by Study Instance UID; hidden ones are the archive's own). */
    private static Set<String> directories(Path root) {
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the archive folder", e);
        }
    }

    /** The files in a folder and its sub-folders ({@code <study>/<series>/<sop>.dcm} in a study folder). */
    private static List<Path> filesOf(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder, 2)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the archive folder " + folder.getFileName(), e);
        }
    }

    private static boolean before(Path file, Instant instant) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }
}
