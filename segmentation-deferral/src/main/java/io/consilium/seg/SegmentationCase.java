package io.consilium.seg;

import java.util.List;

/**
 * One annotated case: the image, the box prompt, the reference mask and one mask per expert (annotator),
 * all masks row-major class labels {@code 0..C-1} of the image's size.
 */
public record SegmentationCase(String id, ImageSlice image, BoxPrompt box, byte[] reference, List<byte[]> expertMasks) {

    public SegmentationCase {
        int pixels = image.width() * image.height();
        box.requireInside(image.width(), image.height());
        if (reference.length != pixels) {
            throw new IllegalArgumentException("case " + id + ": reference mask has " + reference.length
                    + " pixels, image has " + pixels);
        }
        if (expertMasks.isEmpty()) {
            throw new IllegalArgumentException("case " + id + ": needs at least one expert mask");
        }
        for (int k = 0; k < expertMasks.size(); k++) {
            if (expertMasks.get(k).length != pixels) {
                throw new IllegalArgumentException("case " + id + ": mask of expert " + (k + 1) + " has "
                        + expertMasks.get(k).length + " pixels, image has " + pixels);
            }
        }
        expertMasks = List.copyOf(expertMasks);
    }

    public int experts() {
        return expertMasks.size();
    }
}
