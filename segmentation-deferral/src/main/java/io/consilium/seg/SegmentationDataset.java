package io.consilium.seg;

import java.util.List;

/**
 * Annotated cases with the same number of classes and experts: what training and evaluation read, whether the
 * cases come from the synthetic generator or from a directory of real multi-annotator data.
 */
public record SegmentationDataset(String name, int classes, int experts, List<SegmentationCase> cases) {

    public SegmentationDataset {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + " has no cases");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("dataset " + name + " needs at least 2 classes (background + one)");
        }
        for (SegmentationCase c : cases) {
            if (c.experts() != experts) {
                throw new IllegalArgumentException("dataset " + name + ": case " + c.id() + " has " + c.experts()
                        + " expert masks, expected " + experts);
            }
            requireLabels(c.id(), "reference", c.reference(), classes);
            for (int k = 0; k < experts; k++) {
                requireLabels(c.id(), "expert " + (k + 1), c.expertMasks().get(k), classes);
            }
        }
        cases = List.copyOf(cases);
    }

    private static void requireLabels(String id, String what, byte[] mask, int classes) {
        for (byte label : mask) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("case " + id + ": " + what + " mask has label " + label
                        + ", expected 0.." + (classes - 1));
            }
        }
    }

    public int size() {
        return cases.size();
    }
}
