package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealReaderDataTest {

    private static RealReaderData lidc;
    private static RealReaderData stare;
    private static FileTime lidcModified;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readBothLayouts() throws IOException {
        Path lidcDir = SharedData.dir("lidc-idri-slices");
        lidcModified = Files.getLastModifiedTime(lidcDir);
        lidc = RealReaderData.read(lidcDir);
        stare = RealReaderData.read(SharedData.dir("stare"));
    }

    @Test
    void lidcIsReadAsPublished() {
        assertThat(lidc.layout()).isEqualTo(RealReaderData.Layout.LIDC_IDRI_SLICES);
        assertThat(lidc.images()).hasSize(2102);
        assertThat(lidc.images().stream().map(RealReaderData.AnnotatedImage::subject).distinct()).hasSize(699);
        RealReaderData.AnnotatedImage first = lidc.images().get(0);
        assertThat(first.id()).isEqualTo("LIDC-IDRI-0001/nodule-0");
        assertThat(first.image().width()).isEqualTo(128);
        assertThat(first.readers()).containsExactly("mask-0", "mask-1", "mask-2", "mask-3");
        // index.csv: 908, 836, 831 and 879 foreground pixels.
        assertThat(foreground(first.masks().get(0))).isEqualTo(908);
        assertThat(foreground(first.masks().get(3))).isEqualTo(879);
    }

    @Test
    void stareIsReadWithItsTwoNamedObservers() {
        assertThat(stare.layout()).isEqualTo(RealReaderData.Layout.STARE);
        assertThat(stare.images()).hasSize(15);
        RealReaderData.AnnotatedImage first = stare.images().get(0);
        assertThat(first.id()).isEqualTo("im0001");
        assertThat(first.image().width()).isEqualTo(700);
        assertThat(first.image().height()).isEqualTo(605);
        assertThat(first.readers()).containsExactly("AH", "VK");
        // The README: AH marks 7.6 % of pixels as vessel on average, VK 10.9 %, VK more on most images.
        double ah = stare.images().stream().mapToDouble(i -> share(i.masks().get(0))).average().orElseThrow();
        double vk = stare.images().stream().mapToDouble(i -> share(i.masks().get(1))).average().orElseThrow();
        assertThat(ah).isBetween(0.05, 0.10);
        assertThat(vk).isGreaterThan(ah);
    }

    @Test
    void nothingIsWrittenIntoTheDataFolder() throws IOException {
        assertThat(Files.getLastModifiedTime(SharedData.dir("lidc-idri-slices"))).isEqualTo(lidcModified);
    }

    @Test
    void splitsArePerPatientAndDeterministic() {
        Set<String> test = subjects(RealReaderProtocol.Split.TEST);
        Set<String> train = subjects(RealReaderProtocol.Split.TRAIN);
        Set<String> validation = subjects(RealReaderProtocol.Split.VALIDATION);
        assertThat(test).doesNotContainAnyElementsOf(train).doesNotContainAnyElementsOf(validation);
        assertThat(train).doesNotContainAnyElementsOf(validation);
        assertThat(test.size() + train.size() + validation.size()).isEqualTo(699);
        assertThat(test.size()).isBetween(100, 180);
        assertThat(RealReaderProtocol.patientSplit("LIDC-IDRI-0001")).isEqualTo(
                RealReaderProtocol.patientSplit("LIDC-IDRI-0001"));
        List<String> stareTest = stare.images().stream()
                .filter(i -> RealReaderProtocol.splitOf(stare, i) == RealReaderProtocol.Split.TEST)
                .map(RealReaderData.AnnotatedImage::id).toList();
        assertThat(stareTest).containsExactly("im0003", "im0077", "im0162", "im0239", "im0319");
    }

    @Test
    void stareFoldsSwapReferenceAndExpert() {
        List<RealReaderProtocol.ReaderSet> folds = RealReaderProtocol.evaluationSets(stare,
                RealReaderProtocol.Split.TEST, RealReaderProtocol.Experts.READERS);
        assertThat(folds).extracting(RealReaderProtocol.ReaderSet::fold)
                .containsExactly("reference AH, expert VK", "reference VK, expert AH");
        SegmentationCase ahVk = folds.get(0).cases().cases().get(0);
        SegmentationCase vkAh = folds.get(1).cases().cases().get(0);
        assertThat(ahVk.reference()).isEqualTo(vkAh.expertMasks().get(0));
        assertThat(ahVk.box()).isEqualTo(new BoxPrompt(0, 0, 700, 605));
    }

    @Test
    void aChecksumMismatchNamesTheFile() throws Exception {
        Path dir = tinyLidc();
        Path image = dir.resolve("LIDC-IDRI-slices/LIDC-IDRI-9999/nodule-0/images/slice-1.png");
        Files.writeString(dir.resolve("SHA256SUMS"), "0".repeat(64) + "  LIDC-IDRI-slices/LIDC-IDRI-9999/nodule-0/"
                + "images/slice-1.png\n");

        assertThatThrownBy(() -> RealReaderData.read(dir)).hasMessageContaining(image.toString())
                .hasMessageContaining("checksum");
    }

    @Test
    void aMaskOfAnotherSizeNamesTheFile() throws Exception {
        Path dir = tinyLidc();
        Path mask = dir.resolve("LIDC-IDRI-slices/LIDC-IDRI-9999/nodule-0/mask-1/slice-1.png");
        ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY), "png", mask.toFile());
        checksums(dir);

        assertThatThrownBy(() -> RealReaderData.read(dir)).hasMessageContaining(mask.toString())
                .hasMessageContaining("8x6");
    }

    @Test
    void aNoduleWithoutMasksIsNamed() throws Exception {
        Path dir = tinyLidc();
        Path nodule = dir.resolve("LIDC-IDRI-slices/LIDC-IDRI-9999/nodule-0");
        for (int k = 0; k < 3; k++) {
            Files.delete(nodule.resolve("mask-" + k + "/slice-1.png"));
            Files.delete(nodule.resolve("mask-" + k));
        }
        checksums(dir);

        assertThatThrownBy(() -> RealReaderData.read(dir)).hasMessageContaining(nodule.toString())
                .hasMessageContaining("no mask");
    }

    @Test
    void aMissingObserverMaskIsNamed() throws Exception {
        Path dir = tmp.resolve("stare");
        for (String folder : List.of("images", "labels-ah", "labels-vk")) {
            Files.createDirectories(dir.resolve(folder));
        }
        Files.write(dir.resolve("images/im0001.ppm"), ppm("P6", 4, 3, 3, "# CREATOR: test"));
        Files.write(dir.resolve("labels-ah/im0001.ah.ppm"), ppm("P5", 4, 3, 1, "# CREATOR: XV"));

        assertThatThrownBy(() -> RealReaderData.read(dir)).hasMessageContaining("im0001.vk.ppm");
        Files.write(dir.resolve("labels-vk/im0001.vk.ppm"), ppm("P5", 4, 3, 1, "# CREATOR: XV"));
        assertThat(RealReaderData.read(dir).images().get(0).image().width()).isEqualTo(4);
    }

    /** One patient, one 4x4 nodule slice, three readers. */
    private Path tinyLidc() throws Exception {
        Path dir = tmp.resolve("lidc");
        Path nodule = dir.resolve("LIDC-IDRI-slices/LIDC-IDRI-9999/nodule-0");
        Files.createDirectories(nodule.resolve("images"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png",
                nodule.resolve("images/slice-1.png").toFile());
        for (int k = 0; k < 3; k++) {
            Files.createDirectories(nodule.resolve("mask-" + k));
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png",
                    nodule.resolve("mask-" + k + "/slice-1.png").toFile());
        }
        Files.writeString(dir.resolve("index.csv"), "patient,nodule\n");
        checksums(dir);
        return dir;
    }

    private static void checksums(Path dir) throws Exception {
        StringBuilder sums = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(file)));
                sums.append(hex).append("  ").append(dir.relativize(file)).append('\n');
            }
        }
        Files.writeString(dir.resolve("SHA256SUMS"), sums);
    }

    private static byte[] ppm(String magic, int w, int h, int channels, String comment) {
        byte[] header = (magic + "\n" + comment + "\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + w * h * channels];
        System.arraycopy(header, 0, out, 0, header.length);
        return out;
    }

    private static Set<String> subjects(RealReaderProtocol.Split split) {
        return lidc.images().stream().filter(i -> RealReaderProtocol.splitOf(lidc, i) == split)
                .map(RealReaderData.AnnotatedImage::subject).collect(Collectors.toSet());
    }

    private static int foreground(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += b;
        }
        return n;
    }

    private static double share(byte[] mask) {
        return (double) foreground(mask) / mask.length;
    }
}
