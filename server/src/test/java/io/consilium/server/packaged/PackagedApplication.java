package io.consilium.server.packaged;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged application (what {@code ./consilium} runs), started as a separate process. */
final class PackagedApplication {

    private static final Path JAR = Path.of(System.getProperty("consilium.app.jar",
            "target/quarkus-app/quarkus-run.jar"));

    private final List<String> command = new ArrayList<>();
    private final Map<String, String> environment;
    private final Path output;

    PackagedApplication(Path workDir, Map<String, String> environment, List<String> systemProperties,
            String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("packaged application missing at " + JAR + "; run mvn package first");
        }
        this.environment = environment;
        this.output = Files.createTempFile(workDir, "consilium", ".out");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dconsilium.data-dir=" + workDir.resolve("data"));
        command.add("-Dquarkus.log.console.json.enabled=false");
        command.add("-Dh2.bindAddress=127.0.0.1");
        // Like the HTTP port: never the fixed DICOM port 11112, which a server on this machine may hold.
        command.add("-Dconsilium.dicom.port=0");
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
    }

    Process start() throws IOException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs to completion and returns exit code and output. */
    Result run() throws IOException, InterruptedException {
        Process process = start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not finish in 120 s: " + output());
        }
        return new Result(process.exitValue(), output());
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Waits until the output holds {@code text}, then returns the whole output. */
    String awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = output();
        while (!seen.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = output();
        }
        return seen;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Result(int exitCode, String output) {
    }
}
