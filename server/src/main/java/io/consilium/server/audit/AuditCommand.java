package io.consilium.server.audit;

import io.consilium.audit.ChainVerification;
import io.consilium.audit.TrailVerification;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code consilium audit ...}: verify and export the audit trail of the configured database. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify or export the tamper-evident audit trail.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditLoadCommand.class})
public class AuditCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Exit 0 with the record count when intact; 1 naming the first broken record otherwise. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every hash-chain link and signed checkpoint; name the first broken record.")
    static class Verify implements Callable<Integer> {

        @Option(names = "--compare-read", description = "first read every record without checking, and report "
                + "how verification compares with that plain read (benchmarks)")
        boolean compareRead;

        private final AuditTrail trail;

        Verify(AuditTrail trail) {
            this.trail = trail;
        }

        @Override
        public Integer call() {
            double readSeconds = 0;
            if (compareRead) {
                long readStarted = System.nanoTime();
                long read = trail.readAll();
                readSeconds = (System.nanoTime() - readStarted) / 1e9;
                System.out.printf("plain read: %d records in %.1f s (%,.0f records/s)%n", read, readSeconds,
                        read / Math.max(readSeconds, 1e-9));
            }
            long started = System.nanoTime();
            TrailVerification verification = trail.verify();
            double seconds = (System.nanoTime() - started) / 1e9;
            for (ChainVerification chain : verification.streams()) {
                System.out.println(chain.summary());
            }
            if (verification.intact()) {
                System.out.printf("audit trail intact: %d records in %d stream(s), verified in %.1f s (%,.0f records/s)%n",
                        verification.records(), verification.streams().size(), seconds,
                        verification.records() / Math.max(seconds, 1e-9));
                if (compareRead) {
                    System.out.printf("verification takes %.2f times as long as the plain read%n",
                            seconds / Math.max(readSeconds, 1e-9));
                }
                return 0;
            }
            ChainVerification broken = verification.firstBroken().orElseThrow();
            System.out.println("audit trail BROKEN: stream '" + broken.stream() + "' record #"
                    + broken.firstBrokenSequence() + ": " + broken.reason());
            return 1;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export the trail as FHIR R4 NDJSON (AuditEvent per record, Provenance for results).")
    static class Export implements Callable<Integer> {

        @Option(names = "--fhir", required = true, paramLabel = "OUT.ndjson", description = "the file to write")
        Path output;

        private final AuditTrail trail;

        Export(AuditTrail trail) {
            this.trail = trail;
        }

        @Override
        public Integer call() throws IOException {
            Path target = output.toAbsolutePath();
            Files.createDirectories(target.getParent());
            // Written aside and moved in place: a failed export never leaves a truncated file behind.
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
            try {
                AuditTrail.FhirExportCount count;
                try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    count = trail.exportFhir(writer);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.out.printf("exported %d AuditEvent and %d Provenance resources to %s%n", count.auditEvents(),
                        count.provenances(), target);
                return 0;
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
