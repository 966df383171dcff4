package io.consilium.seg;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real multi-reader data beside the clone ({@code ../shared/data}), read in place and never written. */
final class SharedData {

    private SharedData() {
    }

    static Path dir(String name) {
        String root = System.getProperty("shared.data.dir", "../../shared/data");
        Path dir = Path.of(root).resolve(name).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the real data " + dir + " is missing: tests need ../shared/data beside "
                    + "the clone");
        }
        return dir;
    }
}
