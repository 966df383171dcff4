package io.consilium.seg;

/**
 * The clinician's box prompt around the structure to segment, in pixel coordinates of the image:
 * {@code x0 <= x < x1}, {@code y0 <= y < y1}.
 */
public record BoxPrompt(int x0, int y0, int x1, int y1) {

    public BoxPrompt {
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("box " + x0 + "," + y0 + "," + x1 + "," + y1
                    + " is empty: need x0 < x1 and y0 < y1");
        }
    }

    /** Parses {@code x0,y0,x1,y1}, as typed on the command line. */
    public static BoxPrompt parse(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        if (parts.length != 4) {
            throw new IllegalArgumentException("box must be x0,y0,x1,y1 (four integers), got '" + text + "'");
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("box must be x0,y0,x1,y1 (four integers), got '" + text + "'");
            }
        }
        return new BoxPrompt(v[0], v[1], v[2], v[3]);
    }

    /** Fails with the box and the image size when the box does not lie inside a width x height image. */
    public void requireInside(int width, int height) {
        if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) {
            throw new IllegalArgumentException("box " + this + " lies (partly) outside the " + width + "x" + height
                    + " image; coordinates must satisfy 0 <= x0 < x1 <= " + width + " and 0 <= y0 < y1 <= " + height);
        }
    }

    public boolean contains(int x, int y) {
        return x >= x0 && x < x1 && y >= y0 && y < y1;
    }

    @Override
    public String toString() {
        return x0 + "," + y0 + "," + x1 + "," + y1;
    }
}
