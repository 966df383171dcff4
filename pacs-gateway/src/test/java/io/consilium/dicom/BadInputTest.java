package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 3, point 6: hostile or broken input ends in a DicomParseException naming offset and tag. */
class BadInputTest {

    static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);

    static byte[] sample() throws Exception {
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0016), VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.putString(new Tag(0x0008, 0x0018), VR.UI, "1.2.3.4");
        ds.putString(PATIENT_NAME, VR.PN, "Doe^Jane");
        var item = new Dataset();
        item.putString(new Tag(0x0008, 0x1150), VR.UI, "1.2.3");
        ds.putSequence(new Tag(0x0008, 0x1115), java.util.List.of(item));
        ds.put(DicomElement.of(new Tag(0x0009, 0x0010), VR.LO, "ACME 1.0".getBytes(StandardCharsets.US_ASCII)));
        ds.put(DicomElement.of(new Tag(0x0009, 0x1001), VR.OB, new byte[] {1, 2, 3, 4}));
        ds.putInts(new Tag(0x0028, 0x0010), VR.US, 2);
        ds.put(DicomElement.of(new Tag(0x7FE0, 0x0010), VR.OW, new byte[8]));
        var out = new ByteArrayOutputStream();
        new DicomFile(null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(out);
        return out.toByteArray();
    }

    @Test
    void truncatedFileNamesTheElement() throws Exception {
        byte[] whole = sample();
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> DicomFile.read(cut)).isInstanceOfSatisfying(DicomParseException.class, e -> {
            assertThat(e.tag()).isEqualTo(new Tag(0x7FE0, 0x0010));
            assertThat(e.offset()).isEqualTo(whole.length - 8 - 12);
            assertThat(e.getMessage()).contains("value length 8 exceeds the 5 bytes left");
        });
    }

    @Test
    void absurdLengthOnAShortFileIsRefusedBeforeAllocating() throws Exception {
        byte[] bytes = sample();
        int at = indexOf(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00}) + 8;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 0xFFFFFFF0);
        assertThatThrownBy(() -> DicomFile.read(bytes)).isInstanceOf(DicomParseException.class)
                .hasMessageContaining("value length 4294967280 exceeds");
    }

    @Test
    void nonDicomIsRefused() {
        byte[] text = "%PDF-1.7 this is certainly not a DICOM file".repeat(10).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> DicomFile.read(text)).isInstanceOf(DicomParseException.class)
                .hasMessageContaining("not DICOM");
        assertThatThrownBy(() -> DicomFile.read(new byte[3])).isInstanceOf(DicomParseException.class);
    }

    @Test
    void deeplyNestedSequencesStopAtTheLimitWithoutStackOverflow() {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            out.writeBytes(new byte[] {0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1});
            out.writeBytes(new byte[] {-2, -1, 0x00, -32, -1, -1, -1, -1});
        }
        byte[] bytes = out.toByteArray();
        assertThatThrownBy(() -> DicomFile.read(bytes)).isInstanceOf(DicomParseException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    @Test
    void sequenceWithoutDelimitationIsRefused() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1});
        out.writeBytes(new byte[] {-2, -1, 0x00, -32, -1, -1, -1, -1});
        out.writeBytes(new byte[] {0x08, 0x00, 0x50, 0x11, 'U', 'I', 2, 0, '1', 0});
        assertThatThrownBy(() -> DicomFile.read(out.toByteArray())).isInstanceOfSatisfying(DicomParseException.class,
                e -> assertThat(e.getMessage()).contains("no item delimitation"));
    }

    @Test
    void deflateBombIsBounded() throws Exception {
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0016), VR.UI, "1.2.3");
        ds.putString(new Tag(0x0008, 0x0018), VR.UI, "1.2.3.4");
        var out = new ByteArrayOutputStream();
        new DicomFile(null, ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN).write(out);
        byte[] bytes = out.toByteArray();
        // Garbage after the meta group is not a valid deflate stream.
        int datasetStart = bytes.length - 20;
        Arrays.fill(bytes, datasetStart, bytes.length, (byte) 0xFF);
        assertThatThrownBy(() -> DicomFile.read(bytes)).isInstanceOf(DicomParseException.class);
    }

    /**
     * Seeded mutation fuzzing for a bounded time: flips, inserts, deletes and overwrites bytes with boundary
     * values of valid files; every outcome must be a data set or a DicomParseException / unsupported syntax.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedFilesNeverEscapeAsAnythingButParseErrors() throws Exception {
        java.util.List<byte[]> seedList = new java.util.ArrayList<>(java.util.List.of(sample(), implicitSample()));
        for (String name : new String[] {"MR_small_RLE.dcm", "SC_rgb_jpeg_gdcm.dcm", "image_dfl.dcm", "rtplan.dcm",
                "SC_rgb_small_odd_jpeg.dcm", "MR_small_bigendian.dcm", "UN_sequence.dcm", "MR_small_jpeg_ls_lossless.dcm",
                "JPGExtended.dcm"}) {
            seedList.add(java.nio.file.Files.readAllBytes(DicomCodecTest.DATA.resolve("test_files").resolve(name)));
        }
        byte[][] seeds = seedList.toArray(byte[][]::new);
        var random = new Random(20261127L);
        long deadline = System.nanoTime() + 8_000_000_000L;
        int runs = 0;
        int rejected = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = mutate(seeds[runs % seeds.length], random);
            try {
                DicomFile file = DicomFile.read(input);
                DicomDump.of(file, false);
                decodeFirstFrame(file);
            } catch (DicomParseException | UnsupportedTransferSyntaxException e) {
                rejected++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("input " + Arrays.toString(input) + " escaped as " + e, e);
            }
            runs++;
        }
        assertThat(runs).isGreaterThan(1000);
        assertThat(rejected).isGreaterThan(0);
    }

    /** Pixel decoders must also reject corrupt frames with IllegalArgumentException, never crash. */
    private static void decodeFirstFrame(DicomFile file) {
        if (!file.dataset().contains(new Tag(0x7FE0, 0x0010))) {
            return;
        }
        try {
            PixelData.of(file).storedValues(0);
        } catch (IllegalArgumentException e) {
            // a clear refusal of inconsistent or corrupt pixel data is the expected outcome
        }
    }

    private static byte[] implicitSample() throws Exception {
        DicomFile file = DicomFile.read(sample());
        var out = new ByteArrayOutputStream();
        file.transcode(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).write(out);
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, 0xFE}[random.nextInt(5)];
                case 2 -> {
                    if (at + 4 <= b.length) {
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at,
                                new int[] {-1, 0xFFFFFFF0, 0x7FFFFFFF, 0, 1, 0xFFFF}[random.nextInt(6)]);
                    }
                }
                case 3 -> b = Arrays.copyOf(b, at);
                default -> {
                    byte[] grown = new byte[b.length + 8];
                    System.arraycopy(b, 0, grown, 0, at);
                    System.arraycopy(b, at, grown, at + 8, b.length - at);
                    b = grown;
                }
            }
            if (b.length == 0) {
                b = new byte[1];
            }
        }
        return b;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
