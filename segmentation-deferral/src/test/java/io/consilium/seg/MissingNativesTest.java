package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without the native jar, offline DJL must fail loudly instead of reaching for the network. */
class MissingNativesTest {

    @Test
    void failsWithInstructionsWhenTheNativeJarIsAbsent(@TempDir Path emptyCache) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("pytorch-native-cpu"))
                .collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-cp", classpath, "-Dai.djl.offline=true",
                "-DENGINE_CACHE_DIR=" + emptyCache, "-DDJL_CACHE_DIR=" + emptyCache,
                RequirePyTorch.class.getName()))
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes());

        assertThat(finished).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("PyTorch natives are not available offline")
                .contains("pytorch-native-cpu:2.7.1:linux-x86_64");
        try (var files = Files.list(emptyCache)) {
            assertThat(files.filter(p -> p.toString().endsWith(".so")).count()).isZero();
        }
    }

    /** Runs in the child JVM. */
    static final class RequirePyTorch {
        public static void main(String[] args) {
            PyTorchRuntime.require();
            System.out.println("engine loaded");
        }
    }
}
