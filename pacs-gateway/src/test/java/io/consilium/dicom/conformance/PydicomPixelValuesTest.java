package io.consilium.dicom.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.PixelData;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of pydicom's corpus whose pixels pydicom decodes, plus Explicit VR Big Endian files of every bit
 * depth pydicom writes for this test, converted by us to Explicit VR Little Endian (as WADO-RS delivers them):
 * every pixel value of the converted file equals pydicom's {@code pixel_array} of the original.
 */
class PydicomPixelValuesTest {

    private static final Path SCRIPT = Path.of("src/test/resources/pydicom_pixels.py");
    private static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);
    private static final Tag FLOAT_PIXEL_DATA = new Tag(0x7FE0, 0x0008);
    private static final Tag DOUBLE_FLOAT_PIXEL_DATA = new Tag(0x7FE0, 0x0009);

    @TempDir
    Path tmp;

    @Test
    void convertedPixelsEqualPydicomValueByValue() throws Exception {
        Path generated = Files.createDirectories(tmp.resolve("big-endian"));
        python("generate", generated.toString());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> corpus = Files.walk(PydicomConformanceTest.PYDICOM_DATA.resolve("test_files"));
                Stream<Path> synthetic = Files.list(generated)) {
            Stream.concat(corpus, synthetic).filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(files::add);
        }
        Path values = Files.createDirectories(tmp.resolve("values"));
        List<String> command = new ArrayList<>(List.of("values", values.toString()));
        files.forEach(f -> command.add(f.toString()));
        Map<Integer, String> kinds = new TreeMap<>();
        for (String line : python(command.toArray(String[]::new)).lines().toList()) {
            String[] parts = line.split(" ", 2);
            kinds.put(Integer.parseInt(parts[0]), parts[1]);
        }

        List<String> compared = new ArrayList<>();
        List<String> bigEndian = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < files.size(); n++) {
            Path file = files.get(n);
            String name = file.getFileName().toString();
            String kind = kinds.get(n);
            assertThat(kind).as("pydicom's outcome for " + name).isNotNull();
            if (kind.startsWith("ERR")) {
                continue;
            }
            DicomFile original = DicomFile.read(file);
            if (original.transferSyntax() == TransferSyntax.EXPLICIT_VR_BIG_ENDIAN) {
                bigEndian.add(name);
            }
            String difference = compare(littleEndianCopy(original), kind,
                    Files.readAllBytes(values.resolve(n + ".bin")));
            if (difference != null) {
                failures.add(name + ": " + difference);
            }
            compared.add(name);
        }
        System.out.println("pixel values equal to pydicom's after conversion: " + compared);
        assertThat(failures).isEmpty();
        assertThat(bigEndian).as("big endian files compared").contains("rtdose_expb.dcm", "rtdose_expb_1frame.dcm",
                "MR_small_bigendian.dcm", "MR_small_expb.dcm", "ExplVR_BigEnd.dcm", "liver_expb_1frame.dcm",
                "be_1bit_OB.dcm", "be_1bit_OW.dcm", "be_8bit_OB.dcm", "be_8bit_OW.dcm", "be_8bit_rgb_planar_OW.dcm",
                "be_16bit_unsigned_OW.dcm", "be_16bit_signed_OW.dcm", "be_16bit_rgb_OW.dcm",
                "be_32bit_unsigned_OW.dcm", "be_32bit_signed_OW.dcm", "be_32bit_float_OF.dcm",
                "be_64bit_double_OD.dcm");
        assertThat(compared).hasSizeGreaterThanOrEqualTo(38);
    }

    /** The file as WADO-RS delivers it: converted to Explicit VR Little Endian, written and read back. */
    private static DicomFile littleEndianCopy(DicomFile original) throws Exception {
        var out = new ByteArrayOutputStream();
        original.transcode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(out);
        return DicomFile.read(out.toByteArray());
    }

    /** Null when equal; else where the first value differs. */
    private static String compare(DicomFile converted, String kind, byte[] theirs) {
        if (kind.startsWith("f")) {
            DicomElement floats = converted.dataset().get(kind.equals("f4") ? FLOAT_PIXEL_DATA : DOUBLE_FLOAT_PIXEL_DATA);
            if (floats == null) {
                return "no float pixel data after conversion";
            }
            byte[] ours = floats.bytes();
            int size = kind.equals("f4") ? 4 : 8;
            for (int i = 0; i < theirs.length; i += size) {
                ByteBuffer a = ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer b = ByteBuffer.wrap(theirs).order(ByteOrder.LITTLE_ENDIAN);
                double x = size == 4 ? a.getFloat(i) : a.getDouble(i);
                double y = size == 4 ? b.getFloat(i) : b.getDouble(i);
                if (Double.compare(x, y) != 0) {
                    return "value " + i / size + ": ours " + x + ", pydicom " + y;
                }
            }
            return ours.length == theirs.length ? null : ours.length + " bytes, pydicom " + theirs.length;
        }
        if (!converted.dataset().contains(PIXEL_DATA)) {
            return "no pixel data after conversion";
        }
        PixelData pixels = PixelData.of(converted);
        ByteBuffer expected = ByteBuffer.wrap(theirs).order(ByteOrder.LITTLE_ENDIAN);
        int index = 0;
        for (int f = 0; f < pixels.frames(); f++) {
            for (int v : pixels.storedValues(f)) {
                if (expected.remaining() < 4) {
                    return "more values than pydicom's " + theirs.length / 4;
                }
                int theirsValue = expected.getInt();
                if (v != theirsValue) {
                    return String.format("value %d (frame %d): ours 0x%08X, pydicom 0x%08X", index, f + 1, v,
                            theirsValue);
                }
                index++;
            }
        }
        return expected.hasRemaining() ? index + " values, pydicom " + theirs.length / 4 : null;
    }

    /** Runs the reference script with Debian's python3 and its python3-pydicom and python3-numpy. */
    private static String python(String... args) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assertThat(python).as("python3 with python3-pydicom and python3-numpy (scripts/setup.sh)").isExecutable();
        List<String> command = new ArrayList<>(List.of(python.toString(), SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pydicom_pixels.py finishes").isTrue();
        assertThat(p.exitValue()).as("pydicom_pixels.py " + args[0] + " (python3-pydicom and python3-numpy from "
                + "scripts/setup.sh)").isZero();
        return out;
    }
}
