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

    /** The tightest box around the mask's foreground (labels above 0), or null when the mask is empty. */
    public static BoxPrompt bounding(byte[] mask, int width, int height) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int p = 0; p < mask.length; p++) {
            if (mask[p] > 0) {
                int x = p % width;
                int y = p / width;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
            }
        }
        return x1 < 0 ? null : new BoxPrompt(x0, y0, x1 + 1, y1 + 1);
    }

    /** This box grown by the given margins per side, clipped to a width x height image. */
    public BoxPrompt enlarged(int left, int top, int right, int bottom, int width, int height) {
        return new BoxPrompt(Math.max(0, x0 - left), Math.max(0, y0 - top), Math.min(width, x1 + right),
                Math.min(height, y1 + bottom));
    }

    /** Pixels inside the box. */
    public int area() {
        return (x1 - x0) * (y1 - y0);
    }

    public boolean contains(int x, int y) {
        return x >= x0 && x < x1 && y >= y0 && y < y1;
    }

    @Override
    public String toString() {
        return x0 + "," + y0 + "," + x1 + "," + y1;
    }
}
