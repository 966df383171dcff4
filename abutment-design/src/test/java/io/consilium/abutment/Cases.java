package io.consilium.abutment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example cases shipped in {@code examples/}, as JSON text tests can edit. */
final class Cases {

    private Cases() {
    }

    static String json(String name) {
        try {
            return Files.readString(Path.of("examples", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AbutmentCase bridge() {
        return AbutmentJson.readCase(json("bridge-35-37.json"));
    }

    static AbutmentCase bridgeWith(String instructions) {
        AbutmentCase c = bridge();
        return new AbutmentCase(c.caseId(), c.crownMaterial(), instructions, c.sites());
    }
}
