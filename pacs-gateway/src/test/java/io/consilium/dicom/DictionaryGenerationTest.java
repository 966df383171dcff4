package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed dictionary is exactly what tools/GenerateDictionary.java makes of DCMTK's dicom.dic. */
class DictionaryGenerationTest {

    static final Path DCMTK_DICTIONARIES = Path.of("/usr/share/libdcmtk17");

    @Test
    void committedDictionaryIsTheGeneratorsOutput(@TempDir Path tmp) throws Exception {
        assertThat(DCMTK_DICTIONARIES.resolve("dicom.dic")).as("DCMTK data files (scripts/setup.sh)").exists();
        Path generated = tmp.resolve("DictionaryData.java");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "tools/GenerateDictionary.java",
                DCMTK_DICTIONARIES.resolve("dicom.dic").toString(), DCMTK_DICTIONARIES.resolve("private.dic").toString(),
                generated.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(Files.readString(generated)).isEqualTo(
                Files.readString(Path.of("src/main/java/io/consilium/dicom/internal/DictionaryData.java")));
    }
}
