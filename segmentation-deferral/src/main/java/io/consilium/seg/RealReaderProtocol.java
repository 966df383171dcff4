package io.consilium.seg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * How DeferredSeg is trained and measured against real readers; training and evaluation both use it, so a model
 * is always judged the way it was taught.
 * <ul>
 *   <li><b>LIDC-IDRI</b>: the radiologists are one anonymous pool, so the model has K = 1 expert channel, "a
 *       radiologist". Leave one reader out: for each nodule and each reader r who drew something, the reference is
 *       the majority (at least half) of the other readers who drew something, and the expert's answer on the
 *       pixels deferred to it is r's own mask. A pair whose reference is empty is skipped and counted.</li>
 *   <li><b>STARE</b>: two folds, reference AH with expert VK and reference VK with expert AH; training pools both.</li>
 *   <li><b>Splits</b> by subject, never by image: a LIDC patient is a test patient when the first four bytes of
 *       SHA-256("consilium-split:" + patient id), as an unsigned number, are 8 or 9 modulo 10 (about a fifth),
 *       a validation patient at 7 and a training patient below; a STARE image is a test image when its position
 *       among the sorted image ids is 2 modulo 3 (5 of 15), the others train (STARE has no validation images).</li>
 *   <li><b>Box prompt</b>: the reference's bounding box grown by {@link #EVALUATION_MARGIN} pixels per side in
 *       evaluation and by a random 0..{@link #TRAINING_JITTER} per side at every training step (as MedSAM
 *       trains); the whole image for STARE.</li>
 *   <li><b>Simulated experts</b> (K = 3, the DeferredSeg paper's protocol on real images): the reference is the
 *       majority of all readers who drew something, one case per nodule or image, and the experts are derived from
 *       it with distinct error profiles ({@link SimulatedExperts}).</li>
 * </ul>
 */
public final class RealReaderProtocol {

    /** Pixels added to each side of the reference's bounding box for the evaluation prompt. */
    public static final int EVALUATION_MARGIN = 4;
    /** Largest random margin per side of the training prompt. */
    public static final int TRAINING_JITTER = 8;

    /** Which subjects a command works on: training, validation (for choosing settings), test, or all. */
    public enum Split {
        TRAIN, VALIDATION, TEST, ALL;

        boolean takes(Split of) {
            return this == ALL || this == of;
        }
    }

    /** Whose masks the expert channels hold. */
    public enum Experts {
        /** The real readers, leave one out (LIDC) or the other observer (STARE). */
        READERS,
        /** Three simulated experts derived from the readers' majority. */
        SIMULATED
    }

    /**
     * The cases of one dataset (and fold) under the protocol, with what resampling and the report need.
     *
     * @param group        per case, the image (nodule) it comes from, 0..groups-1: bootstrap resamples images
     * @param skippedPairs (image, reader) pairs left out because their reference was empty
     */
    public record ReaderSet(String dataset, String fold, SegmentationDataset cases, int[] group, int groups,
            int skippedPairs) {
    }

    private RealReaderProtocol() {
    }

    /** The training prompt's largest random margin per side: none where the prompt is the whole image. */
    public static int trainingJitter(RealReaderData.Layout layout) {
        return layout == RealReaderData.Layout.STARE ? 0 : TRAINING_JITTER;
    }

    /**
     * The window a training step sees: 64 pixels around a nodule (99 % of the LIDC nodules fit in it with their
     * margin), 160 of a fundus photograph.
     */
    public static int trainingCrop(RealReaderData.Layout layout) {
        return layout == RealReaderData.Layout.STARE ? 160 : 64;
    }

    /** The split an image's subject belongs to. */
    public static Split splitOf(RealReaderData data, RealReaderData.AnnotatedImage image) {
        if (data.layout() == RealReaderData.Layout.STARE) {
            TreeSet<String> ids = new TreeSet<>();
            data.images().forEach(i -> ids.add(i.subject()));
            return ids.headSet(image.subject()).size() % 3 == 2 ? Split.TEST : Split.TRAIN;
        }
        return patientSplit(image.subject());
    }

    static Split patientSplit(String patient) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("consilium-split:" + patient)
                    .getBytes(StandardCharsets.UTF_8));
            long value = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                    | (digest[3] & 0xFFL);
            long bucket = value % 10;
            return bucket >= 8 ? Split.TEST : bucket == 7 ? Split.VALIDATION : Split.TRAIN;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The evaluation sets: one for LIDC, one per fold for STARE. */
    public static List<ReaderSet> evaluationSets(RealReaderData data, Split split, Experts experts) {
        List<RealReaderData.AnnotatedImage> images = select(data, split);
        if (experts == Experts.SIMULATED) {
            return List.of(simulated(data, images));
        }
        if (data.layout() == RealReaderData.Layout.STARE) {
            return List.of(fold(data, images, 0, 1), fold(data, images, 1, 0));
        }
        return List.of(leaveOneReaderOut(data, images));
    }

    /** The training cases: the pairs of LIDC, both STARE folds pooled, or the simulated-expert cases. */
    public static SegmentationDataset trainingSet(RealReaderData data, Split split, Experts experts) {
        List<ReaderSet> sets = evaluationSets(data, split, experts);
        if (sets.size() == 1) {
            return sets.get(0).cases();
        }
        List<SegmentationCase> pooled = new ArrayList<>();
        for (ReaderSet set : sets) {
            pooled.addAll(set.cases().cases());
        }
        return new SegmentationDataset(data.name() + " (" + split.name().toLowerCase(Locale.ROOT) + ", both folds)", 2,
                1, pooled);
    }

    private static List<RealReaderData.AnnotatedImage> select(RealReaderData data, Split split) {
        List<RealReaderData.AnnotatedImage> images = new ArrayList<>();
        for (RealReaderData.AnnotatedImage image : data.images()) {
            if (split.takes(splitOf(data, image))) {
                images.add(image);
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException(data.name() + " has no images in the " + split.name().toLowerCase(
                    Locale.ROOT) + " split");
        }
        return images;
    }

    static ReaderSet leaveOneReaderOut(RealReaderData data, List<RealReaderData.AnnotatedImage> images) {
        List<SegmentationCase> cases = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        int skipped = 0;
        int group = 0;
        for (RealReaderData.AnnotatedImage image : images) {
            List<Integer> drew = new ArrayList<>();
            for (int k = 0; k < image.masks().size(); k++) {
                if (image.drew(k)) {
                    drew.add(k);
                }
            }
            boolean used = false;
            for (int r : drew) {
                List<byte[]> others = new ArrayList<>();
                for (int k : drew) {
                    if (k != r) {
                        others.add(image.masks().get(k));
                    }
                }
                byte[] reference = majority(others, image.image().width() * image.image().height());
                BoxPrompt box = evaluationBox(reference, image.image());
                if (box == null) {
                    skipped++;
                    continue;
                }
                cases.add(new SegmentationCase(image.id() + "/reader-" + image.readers().get(r), image.image(), box,
                        reference, List.of(image.masks().get(r))));
                groups.add(group);
                used = true;
            }
            if (used) {
                group++;
            }
        }
        return set(data.name(), null, cases, groups, group, skipped, 1);
    }

    private static ReaderSet fold(RealReaderData data, List<RealReaderData.AnnotatedImage> images, int reference,
            int expert) {
        List<SegmentationCase> cases = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (RealReaderData.AnnotatedImage image : images) {
            ImageSlice slice = image.image();
            groups.add(cases.size());
            cases.add(new SegmentationCase(image.id() + "/reference-" + image.readers().get(reference), slice,
                    new BoxPrompt(0, 0, slice.width(), slice.height()), image.masks().get(reference),
                    List.of(image.masks().get(expert))));
        }
        String fold = "reference " + image(images).readers().get(reference) + ", expert "
                + image(images).readers().get(expert);
        return set(data.name(), fold, cases, groups, cases.size(), 0, 1);
    }

    private static ReaderSet simulated(RealReaderData data, List<RealReaderData.AnnotatedImage> images) {
        List<SegmentationCase> cases = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        int skipped = 0;
        for (RealReaderData.AnnotatedImage image : images) {
            ImageSlice slice = image.image();
            List<byte[]> drawn = new ArrayList<>();
            for (int k = 0; k < image.masks().size(); k++) {
                if (image.drew(k)) {
                    drawn.add(image.masks().get(k));
                }
            }
            byte[] reference = majority(drawn, slice.width() * slice.height());
            BoxPrompt box = data.layout() == RealReaderData.Layout.STARE
                    ? new BoxPrompt(0, 0, slice.width(), slice.height()) : evaluationBox(reference, slice);
            if (box == null) {
                skipped++;
                continue;
            }
            groups.add(cases.size());
            cases.add(new SegmentationCase(image.id() + "/majority", slice, box, reference,
                    SimulatedExperts.derive(reference, slice.width(), slice.height(), image.id())));
        }
        return set(data.name(), "simulated experts", cases, groups, cases.size(), skipped, SimulatedExperts.COUNT);
    }

    private static ReaderSet set(String name, String fold, List<SegmentationCase> cases, List<Integer> groups,
            int groupCount, int skipped, int experts) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException(name + ": no case has a non-empty reference");
        }
        String label = fold == null ? name : name + " (" + fold + ")";
        return new ReaderSet(name, fold, new SegmentationDataset(label, 2, experts, cases),
                groups.stream().mapToInt(Integer::intValue).toArray(), groupCount, skipped);
    }

    /** Pixels marked by at least half of the masks. */
    static byte[] majority(List<byte[]> masks, int pixels) {
        byte[] out = new byte[pixels];
        if (masks.isEmpty()) {
            return out;
        }
        for (int p = 0; p < pixels; p++) {
            int votes = 0;
            for (byte[] mask : masks) {
                votes += mask[p] != 0 ? 1 : 0;
            }
            out[p] = (byte) (2 * votes >= masks.size() ? 1 : 0);
        }
        return out;
    }

    /** The reference's bounding box grown by the evaluation margin, or null for an empty reference. */
    static BoxPrompt evaluationBox(byte[] reference, ImageSlice image) {
        BoxPrompt tight = BoxPrompt.bounding(reference, image.width(), image.height());
        return tight == null ? null : tight.enlarged(EVALUATION_MARGIN, EVALUATION_MARGIN, EVALUATION_MARGIN,
                EVALUATION_MARGIN, image.width(), image.height());
    }

    private static RealReaderData.AnnotatedImage image(List<RealReaderData.AnnotatedImage> images) {
        return images.get(0);
    }

    /** A seeded random stream per name, so simulated experts do not depend on the order cases are read in. */
    static Random randomFor(String name) {
        return new Random(name.hashCode() * 0x9E3779B97F4A7C15L);
    }
}
