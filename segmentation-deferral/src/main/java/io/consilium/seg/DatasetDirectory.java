package io.consilium.seg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Annotated cases on disk, the format real multi-annotator data is brought in:
 * <pre>
 * DIR/dataset.properties           classes=2, experts=3 (name= optional)
 * DIR/cases/ID/case.properties     box=x0,y0,x1,y1 (window=centre,width optional, for 16-bit images)
 * DIR/cases/ID/image.png           8- or 16-bit grayscale (or 8-bit RGB)
 * DIR/cases/ID/reference.png       labels 0..C-1 (0/255 for a binary mask)
 * DIR/cases/ID/expert-1.png ...    one mask per expert (annotator), same labels
 * </pre>
 */
public final class DatasetDirectory {

    private DatasetDirectory() {
    }

    public static SegmentationDataset read(Path dir) throws IOException {
        Properties meta = properties(dir.resolve("dataset.properties"));
        int classes = integer(meta, "classes", dir);
        int experts = integer(meta, "experts", dir);
        Path casesDir = dir.resolve("cases");
        if (!Files.isDirectory(casesDir)) {
            throw new IOException(dir + " has no cases/ folder");
        }
        List<Path> caseDirs;
        try (Stream<Path> list = Files.list(casesDir)) {
            caseDirs = list.filter(Files::isDirectory).sorted().toList();
        }
        List<SegmentationCase> cases = new ArrayList<>();
        for (Path caseDir : caseDirs) {
            String id = caseDir.getFileName().toString();
            Properties caseMeta = properties(caseDir.resolve("case.properties"));
            String boxText = caseMeta.getProperty("box");
            if (boxText == null) {
                throw new IOException(caseDir.resolve("case.properties") + " has no box=x0,y0,x1,y1");
            }
            double[] window = null;
            if (caseMeta.getProperty("window") != null) {
                String[] parts = caseMeta.getProperty("window").split(",");
                window = new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
            }
            ImageSlice image = SliceImages.readImage(caseDir.resolve("image.png"), window);
            byte[] reference = SliceImages.readMask(caseDir.resolve("reference.png"), image.width(), image.height(),
                    classes);
            List<byte[]> masks = new ArrayList<>();
            for (int k = 1; k <= experts; k++) {
                masks.add(SliceImages.readMask(caseDir.resolve("expert-" + k + ".png"), image.width(), image.height(),
                        classes));
            }
            cases.add(new SegmentationCase(id, image, BoxPrompt.parse(boxText), reference, masks));
        }
        return new SegmentationDataset(meta.getProperty("name", dir.toString()), classes, experts, cases);
    }

    /** Writes a dataset in this format (8-bit images), e.g. a synthetic set to inspect or share. */
    public static void write(SegmentationDataset data, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("cases"));
        Properties meta = new Properties();
        meta.setProperty("name", data.name());
        meta.setProperty("classes", Integer.toString(data.classes()));
        meta.setProperty("experts", Integer.toString(data.experts()));
        store(meta, dir.resolve("dataset.properties"));
        for (SegmentationCase c : data.cases()) {
            Path caseDir = dir.resolve("cases").resolve(c.id());
            Files.createDirectories(caseDir);
            Properties caseMeta = new Properties();
            caseMeta.setProperty("box", c.box().toString());
            store(caseMeta, caseDir.resolve("case.properties"));
            int w = c.image().width();
            int h = c.image().height();
            SliceImages.writeGray(caseDir.resolve("image.png"), c.image().pixelsShared(), w, h);
            SliceImages.writeLabels(caseDir.resolve("reference.png"), c.reference(), w, h);
            for (int k = 0; k < c.experts(); k++) {
                SliceImages.writeLabels(caseDir.resolve("expert-" + (k + 1) + ".png"), c.expertMasks().get(k), w, h);
            }
        }
    }

    private static Properties properties(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("missing " + file);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static void store(Properties p, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
    }

    private static int integer(Properties p, String key, Path dir) throws IOException {
        try {
            return Integer.parseInt(p.getProperty(key, "").trim());
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve("dataset.properties") + ": " + key + " must be an integer");
        }
    }
}
