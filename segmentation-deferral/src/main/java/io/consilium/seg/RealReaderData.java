package io.consilium.seg;

import java.awt.image.Raster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Real images, each with every reader's own mask, read from a public multi-annotator layout exactly as it is
 * published (recognised by its structure; nothing is ever written into the folder). When the folder has a
 * {@code SHA256SUMS}, every file it lists is checked first.
 * <ul>
 *   <li>{@link Layout#LIDC_IDRI_SLICES}: {@code index.csv}, {@code LIDC-IDRI-slices/PATIENT/nodule-K/images/S.png}
 *       with {@code mask-0..3/S.png} of the same name (8-bit, 0/255); a mask with no foreground means that reader
 *       did not outline the nodule. Readers are anonymous: mask-0 is not the same radiologist across nodules.</li>
 *   <li>{@link Layout#STARE}: {@code images/ID.ppm} (RGB) with {@code labels-ah/ID.ah.ppm} and
 *       {@code labels-vk/ID.vk.ppm} (observers AH and VK). The model sees the green channel, where vessels have the
 *       most contrast.</li>
 * </ul>
 */
public record RealReaderData(String name, Layout layout, List<AnnotatedImage> images) {

    /** The published layouts this reader knows. */
    public enum Layout {
        LIDC_IDRI_SLICES("lidc-idri-slices"), STARE("stare");

        private final String label;

        Layout(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One image and its readers' masks (binary, row-major, 1 = structure).
     *
     * @param id      unique within the set, e.g. {@code LIDC-IDRI-0001/nodule-0} or {@code im0001}
     * @param subject what splits go by: the patient (LIDC) or the image (STARE)
     * @param readers the readers' names in mask order: {@code mask-0..3} (anonymous) or {@code AH}, {@code VK}
     */
    public record AnnotatedImage(String id, String subject, ImageSlice image, List<String> readers, List<byte[]> masks) {

        public AnnotatedImage {
            readers = List.copyOf(readers);
            masks = List.copyOf(masks);
        }

        /** Whether reader k drew anything. */
        public boolean drew(int k) {
            for (byte b : masks.get(k)) {
                if (b != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    public RealReaderData {
        images = List.copyOf(images);
    }

    /** The layout of {@code dir}, or null when it is none of the published ones. */
    public static Layout detect(Path dir) {
        if (Files.isRegularFile(dir.resolve("index.csv")) && Files.isDirectory(dir.resolve("LIDC-IDRI-slices"))) {
            return Layout.LIDC_IDRI_SLICES;
        }
        if (Files.isDirectory(dir.resolve("images")) && Files.isDirectory(dir.resolve("labels-ah"))
                && Files.isDirectory(dir.resolve("labels-vk"))) {
            return Layout.STARE;
        }
        return null;
    }

    /**
     * Reads the set in {@code dir}.
     *
     * @throws IOException naming the file when one is missing, unreadable, fails its checksum or does not fit
     *                     (a mask of another size than its image, a nodule without masks)
     */
    public static RealReaderData read(Path dir) throws IOException {
        Layout layout = detect(dir);
        if (layout == null) {
            throw new IOException(dir + " is neither the lidc-idri-slices layout (index.csv, LIDC-IDRI-slices/) nor "
                    + "the stare layout (images/, labels-ah/, labels-vk/)");
        }
        verifyChecksums(dir);
        List<AnnotatedImage> images = layout == Layout.LIDC_IDRI_SLICES ? lidc(dir) : stare(dir);
        if (images.isEmpty()) {
            throw new IOException(dir + " holds no images");
        }
        return new RealReaderData(layout.label(), layout, images);
    }

    private static List<AnnotatedImage> lidc(Path dir) throws IOException {
        List<AnnotatedImage> images = new ArrayList<>();
        for (Path patient : folders(dir.resolve("LIDC-IDRI-slices"))) {
            List<Path> nodules = folders(patient);
            if (nodules.isEmpty()) {
                throw new IOException(patient + " has no nodule folders");
            }
            for (Path nodule : nodules) {
                List<Path> slices = files(nodule.resolve("images"), ".png");
                if (slices.size() != 1) {
                    throw new IOException(nodule.resolve("images") + " must hold exactly one slice PNG, it holds "
                            + slices.size());
                }
                Path imageFile = slices.get(0);
                ImageSlice image = SliceImages.readImage(imageFile, null);
                List<String> readers = new ArrayList<>();
                List<byte[]> masks = new ArrayList<>();
                for (int k = 0; Files.isDirectory(nodule.resolve("mask-" + k)); k++) {
                    Path mask = nodule.resolve("mask-" + k).resolve(imageFile.getFileName());
                    readers.add("mask-" + k);
                    masks.add(binaryMask(mask, image.width(), image.height()));
                }
                if (masks.isEmpty()) {
                    throw new IOException(nodule + " has no mask-0.. folders: every nodule needs its readers' masks");
                }
                String id = patient.getFileName() + "/" + nodule.getFileName();
                images.add(new AnnotatedImage(id, patient.getFileName().toString(), image, readers, masks));
            }
        }
        return images;
    }

    private static List<AnnotatedImage> stare(Path dir) throws IOException {
        List<AnnotatedImage> images = new ArrayList<>();
        for (Path file : files(dir.resolve("images"), ".ppm")) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - ".ppm".length());
            PortableAnymap photo = PortableAnymap.read(file);
            if (photo.channels() != 3) {
                throw new IOException(file + " is not an RGB (P6) photograph");
            }
            float[] green = new float[photo.width() * photo.height()];
            for (int p = 0; p < green.length; p++) {
                green[p] = photo.sample(p, 1) / 255f;
            }
            ImageSlice image = ImageSlice.of(photo.width(), photo.height(), 1, green);
            List<byte[]> masks = new ArrayList<>();
            for (String observer : List.of("ah", "vk")) {
                Path label = dir.resolve("labels-" + observer).resolve(id + "." + observer + ".ppm");
                if (!Files.isRegularFile(label)) {
                    throw new IOException("missing " + label + " (observer " + observer.toUpperCase() + " of " + id + ")");
                }
                PortableAnymap mask = PortableAnymap.read(label);
                if (mask.width() != photo.width() || mask.height() != photo.height()) {
                    throw new IOException(label + " is " + mask.width() + "x" + mask.height() + ", its image " + file
                            + " is " + photo.width() + "x" + photo.height());
                }
                byte[] binary = new byte[green.length];
                for (int p = 0; p < binary.length; p++) {
                    binary[p] = (byte) (mask.sample(p, 0) > 127 ? 1 : 0);
                }
                masks.add(binary);
            }
            images.add(new AnnotatedImage(id, id, image, List.of("AH", "VK"), masks));
        }
        return images;
    }

    private static byte[] binaryMask(Path png, int width, int height) throws IOException {
        if (!Files.isRegularFile(png)) {
            throw new IOException("missing " + png + " (every reader's mask has its image's file name)");
        }
        Raster raster;
        try {
            var buffered = ImageIO.read(png.toFile());
            if (buffered == null) {
                throw new IOException(png + " is not a readable PNG");
            }
            raster = buffered.getRaster();
        } catch (IOException e) {
            throw new IOException(png + " cannot be read: " + e.getMessage(), e);
        }
        if (raster.getWidth() != width || raster.getHeight() != height) {
            throw new IOException(png + " is " + raster.getWidth() + "x" + raster.getHeight() + ", its image is "
                    + width + "x" + height);
        }
        int[] values = raster.getSamples(0, 0, width, height, 0, new int[width * height]);
        byte[] mask = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            mask[i] = (byte) (values[i] > 127 ? 1 : 0);
        }
        return mask;
    }

    /** Checks every file {@code SHA256SUMS} lists (paths relative to the folder); absent file, no check. */
    static void verifyChecksums(Path dir) throws IOException {
        Path sums = dir.resolve("SHA256SUMS");
        if (!Files.isRegularFile(sums)) {
            return;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (BufferedReader lines = Files.newBufferedReader(sums, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+\\*?", 2);
                if (parts.length != 2 || parts[0].length() != 64) {
                    throw new IOException(sums + " line " + number + " is not '<sha256>  <path>'");
                }
                Path file = dir.resolve(parts[1]).normalize();
                if (!file.startsWith(dir.normalize())) {
                    throw new IOException(sums + " line " + number + " names a file outside " + dir);
                }
                if (!Files.isRegularFile(file)) {
                    throw new IOException("missing " + file + " (listed in " + sums + ")");
                }
                sha.reset();
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                    while (in.read(buffer) >= 0) {
                        // digesting
                    }
                }
                String actual = HexFormat.of().formatHex(sha.digest());
                if (!actual.equalsIgnoreCase(parts[0])) {
                    throw new IOException(file + " fails its checksum in " + sums + ": expected " + parts[0]
                            + ", is " + actual);
                }
            }
        }
    }

    private static List<Path> folders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("missing folder " + dir);
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("missing folder " + dir);
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted()
                    .toList();
        }
    }
}
