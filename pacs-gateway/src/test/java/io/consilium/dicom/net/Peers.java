package io.consilium.dicom.net;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.SyntheticSeries;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers: DCMTK processes, synthetic studies written to disk, free ports. */
final class Peers {

    private Peers() {
    }

    record Run(int exitCode, String output) {
    }

    static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 60 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }

    /** A CT study of {@code slices} instances written as Part 10 files. */
    static List<Path> ctStudy(Path dir, String seriesUid, int slices, int size) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (DicomFile f : SyntheticSeries.ct(seriesUid, slices, size, 0.7, 1.25)) {
            Path file = dir.resolve(f.meta().mediaStorageSopInstanceUid() + ".dcm");
            f.write(file);
            files.add(file);
        }
        return files;
    }

    static void requireDcmtk() {
        for (String tool : List.of("echoscu", "storescu", "storescp", "findscu", "movescu", "getscu")) {
            if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
                throw new IllegalStateException(tool + " is missing: run scripts/setup.sh (Debian package dcmtk)");
            }
        }
    }
}
