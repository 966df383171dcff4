package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The leave-one-reader-out construction on a hand-made nodule, with Dice worked out by hand. */
class LeaveOneReaderOutTest {

    // A 6x6 slice (row-major), three readers:
    //   A: a 2x2 square at (2,2)-(3,3)            4 pixels
    //   B: the 2x3 block at (2,2)-(3,4)           6 pixels (A plus the two pixels below it)
    //   C: the 2x2 square at (3,2)-(4,3)          4 pixels, one column right of A
    //   D: draws nothing
    private static final int W = 6;

    @Test
    void referencesAreTheOtherReadersMajorityAndTheExpertIsTheLeftOutReader() {
        RealReaderData data = data();
        RealReaderProtocol.ReaderSet set = RealReaderProtocol.leaveOneReaderOut(data, data.images());

        // D drew nothing: three pairs, one per reader who drew.
        assertThat(set.cases().cases()).extracting(SegmentationCase::id)
                .containsExactly("P/nodule-0/reader-A", "P/nodule-0/reader-B", "P/nodule-0/reader-C");
        assertThat(set.groups()).isEqualTo(1);
        assertThat(set.skippedPairs()).isZero();
        SegmentationCase a = set.cases().cases().get(0);
        // Reference for A: at least one of {B, C} (half of two) = B ∪ C = 6 + 4 - 2 (overlap (3,2),(3,3)) = 8 pixels.
        assertThat(count(a.reference())).isEqualTo(8);
        assertThat(a.expertMasks().get(0)).isEqualTo(square(2, 2, 2, 2));
        // Box: the reference's bounding box (2,2)-(4,4) grown by the evaluation margin, clipped to the slice.
        assertThat(a.box()).isEqualTo(new BoxPrompt(0, 0, 6, 6));

        // Reader Dice of A: |A ∩ (B ∪ C)| = 4, so 2*4 / (4 + 8) = 0.6667.
        assertThat(Evaluation.overlap(a.expertMasks().get(0), a.reference(), 2)[0]).isCloseTo(2.0 * 4 / 12,
                within(1e-9));
        // Reader C against A ∪ B (6 pixels): C ∩ (A ∪ B) = (3,2),(3,3) = 2, so 2*2 / (4 + 6) = 0.4.
        SegmentationCase c = set.cases().cases().get(2);
        assertThat(count(c.reference())).isEqualTo(6);
        assertThat(Evaluation.overlap(c.expertMasks().get(0), c.reference(), 2)[0]).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void aReaderAloneHasNoReferenceAndIsSkippedAndCounted() {
        RealReaderData.AnnotatedImage alone = new RealReaderData.AnnotatedImage("Q/nodule-0", "Q", blank(),
                List.of("A", "B"), List.of(square(1, 1, 2, 2), new byte[W * W]));
        RealReaderData data = new RealReaderData("tiny", RealReaderData.Layout.LIDC_IDRI_SLICES,
                List.of(data().images().get(0), alone));

        RealReaderProtocol.ReaderSet set = RealReaderProtocol.leaveOneReaderOut(data, data.images());

        assertThat(set.cases().size()).isEqualTo(3);
        assertThat(set.skippedPairs()).isEqualTo(1);
        assertThat(set.groups()).isEqualTo(1);
    }

    @Test
    void theMajorityNeedsAtLeastHalfOfTheVotes() {
        byte[] a = square(0, 0, 2, 1);
        byte[] b = square(1, 0, 2, 1);
        byte[] c = square(4, 4, 1, 1);
        // Three masks: a pixel needs two votes; only (1,0) has them.
        assertThat(count(RealReaderProtocol.majority(List.of(a, b, c), W * W))).isEqualTo(1);
        // Two masks: one vote is half, so the union.
        assertThat(count(RealReaderProtocol.majority(List.of(a, b), W * W))).isEqualTo(3);
    }

    private static RealReaderData data() {
        return new RealReaderData("tiny", RealReaderData.Layout.LIDC_IDRI_SLICES, List.of(
                new RealReaderData.AnnotatedImage("P/nodule-0", "P", blank(), List.of("A", "B", "C", "D"),
                        List.of(square(2, 2, 2, 2), square(2, 2, 2, 3), square(3, 2, 2, 2), new byte[W * W]))));
    }

    private static ImageSlice blank() {
        return ImageSlice.of(W, W, 1, new float[W * W]);
    }

    private static byte[] square(int x0, int y0, int w, int h) {
        byte[] mask = new byte[W * W];
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                mask[y * W + x] = 1;
            }
        }
        return mask;
    }

    private static int count(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += b;
        }
        return n;
    }
}
