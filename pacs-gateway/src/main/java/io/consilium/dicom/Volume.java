package io.consilium.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A series of single-frame slices ordered into a 3D volume for segmentation: voxels in modality units
 * (x fastest, then y, then slice), origin and direction cosines in the patient coordinate system (PS3.3
 * C.7.6.2.1.1) and spacing in mm. Slices are ordered along the normal of their common orientation.
 */
public final class Volume {

    private static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    private static final Tag SERIES_INSTANCE_UID = new Tag(0x0020, 0x000E);
    private static final double ORIENTATION_TOLERANCE = 1e-3;

    /** Where one slice lies: Image Position (Patient), Image Orientation (Patient), Pixel Spacing. */
    public record SliceGeometry(double[] position, double[] rowDirection, double[] columnDirection,
            double rowSpacing, double columnSpacing) {

        static final Tag IMAGE_POSITION = new Tag(0x0020, 0x0032);
        static final Tag IMAGE_ORIENTATION = new Tag(0x0020, 0x0037);
        static final Tag PIXEL_SPACING = new Tag(0x0028, 0x0030);

        public static SliceGeometry of(Dataset ds) {
            double[] ipp = ds.doubles(IMAGE_POSITION);
            double[] iop = ds.doubles(IMAGE_ORIENTATION);
            double[] spacing = ds.doubles(PIXEL_SPACING);
            if (ipp.length != 3 || iop.length != 6 || spacing.length != 2) {
                throw new IllegalArgumentException("slice " + ds.string(SOP_INSTANCE_UID) + " lacks Image Position "
                        + "(Patient), Image Orientation (Patient) or Pixel Spacing");
            }
            return new SliceGeometry(ipp, new double[] {iop[0], iop[1], iop[2]}, new double[] {iop[3], iop[4], iop[5]},
                    spacing[0], spacing[1]);
        }

        /** Row direction x column direction: the slice normal. */
        public double[] normal() {
            double[] r = rowDirection;
            double[] c = columnDirection;
            return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
        }

        /** Patient coordinates (mm) of the centre of pixel (column, row). */
        public double[] toPatient(double column, double row) {
            double[] p = new double[3];
            for (int i = 0; i < 3; i++) {
                p[i] = position[i] + rowDirection[i] * columnSpacing * column + columnDirection[i] * rowSpacing * row;
            }
            return p;
        }

        double distanceAlongNormal() {
            return dot(position, normal());
        }
    }

    private final int columns;
    private final int rows;
    private final int slices;
    private final double[] spacing;
    private final double[] origin;
    private final double[][] direction;
    private final float[] voxels;
    private final List<String> sopInstanceUids;
    private final List<DicomFile> sources;

    private Volume(int columns, int rows, int slices, double[] spacing, double[] origin, double[][] direction,
            float[] voxels, List<String> uids, List<DicomFile> sources) {
        this.columns = columns;
        this.rows = rows;
        this.slices = slices;
        this.spacing = spacing;
        this.origin = origin;
        this.direction = direction;
        this.voxels = voxels;
        this.sopInstanceUids = uids;
        this.sources = sources;
    }

    /**
     * Orders the slices of one series and stacks their rescaled pixels.
     *
     * @throws IllegalArgumentException when slices mix series, orientations or sizes, repeat a position, or
     *                                  leave a gap (spacing deviating more than 10% from the median)
     */
    public static Volume of(List<DicomFile> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no slices");
        }
        Set<String> seriesUids = new HashSet<>();
        series.forEach(f -> seriesUids.add(f.dataset().string(SERIES_INSTANCE_UID)));
        if (seriesUids.size() > 1) {
            throw new IllegalArgumentException("slices belong to " + seriesUids.size() + " series");
        }
        SliceGeometry first = SliceGeometry.of(series.get(0).dataset());
        List<DicomFile> ordered = new ArrayList<>(series);
        for (DicomFile f : ordered) {
            SliceGeometry g = SliceGeometry.of(f.dataset());
            if (!close(g.rowDirection(), first.rowDirection()) || !close(g.columnDirection(), first.columnDirection())) {
                throw new IllegalArgumentException("slice " + f.dataset().string(SOP_INSTANCE_UID)
                        + " has another orientation than the first slice");
            }
        }
        ordered.sort(Comparator.comparingDouble(f -> SliceGeometry.of(f.dataset()).distanceAlongNormal()));
        double[] positions = ordered.stream().mapToDouble(f -> SliceGeometry.of(f.dataset()).distanceAlongNormal())
                .toArray();
        double sliceSpacing = 1;
        if (positions.length > 1) {
            double[] gaps = new double[positions.length - 1];
            for (int i = 0; i < gaps.length; i++) {
                gaps[i] = positions[i + 1] - positions[i];
                if (gaps[i] < 1e-4) {
                    throw new IllegalArgumentException("two slices share position " + positions[i] + " mm");
                }
            }
            double[] sorted = gaps.clone();
            java.util.Arrays.sort(sorted);
            sliceSpacing = sorted[sorted.length / 2];
            for (int i = 0; i < gaps.length; i++) {
                if (Math.abs(gaps[i] - sliceSpacing) > 0.1 * sliceSpacing) {
                    throw new IllegalArgumentException(String.format("slices are not evenly spaced: gap of %.3f mm "
                            + "after slice %d, expected %.3f mm (missing slice?)", gaps[i], i + 1, sliceSpacing));
                }
            }
        }
        PixelData firstPixels = PixelData.of(ordered.get(0));
        int columns = firstPixels.columns();
        int rows = firstPixels.rows();
        float[] voxels = new float[Math.multiplyExact(Math.multiplyExact(columns, rows), ordered.size())];
        List<String> uids = new ArrayList<>();
        for (int z = 0; z < ordered.size(); z++) {
            PixelData pixels = PixelData.of(ordered.get(z));
            if (pixels.columns() != columns || pixels.rows() != rows || pixels.samplesPerPixel() != 1) {
                throw new IllegalArgumentException("slice " + (z + 1) + " is not a " + columns + "x" + rows
                        + " monochrome image");
            }
            System.arraycopy(pixels.rescaled(0), 0, voxels, z * columns * rows, columns * rows);
            uids.add(ordered.get(z).dataset().string(SOP_INSTANCE_UID));
        }
        SliceGeometry g = SliceGeometry.of(ordered.get(0).dataset());
        return new Volume(columns, rows, ordered.size(),
                new double[] {g.columnSpacing(), g.rowSpacing(), sliceSpacing}, g.position().clone(),
                new double[][] {g.rowDirection(), g.columnDirection(), g.normal()}, voxels, List.copyOf(uids),
                List.copyOf(ordered));
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public int slices() {
        return slices;
    }

    /** Spacing in mm along x (columns), y (rows) and z (slices). */
    public double[] spacing() {
        return spacing.clone();
    }

    /** Patient coordinates of the first voxel's centre. */
    public double[] origin() {
        return origin.clone();
    }

    /** Direction cosines of x, y and z (rows of the matrix). */
    public double[][] direction() {
        return new double[][] {direction[0].clone(), direction[1].clone(), direction[2].clone()};
    }

    public float voxel(int x, int y, int z) {
        return voxels[(z * rows + y) * columns + x];
    }

    /** All voxels, x fastest; a copy. */
    public float[] voxels() {
        return voxels.clone();
    }

    /** SOP Instance UIDs of the slices, in volume order. */
    public List<String> sopInstanceUids() {
        return sopInstanceUids;
    }

    /** The source instances, in volume order (for references from derived objects such as SEG). */
    public List<DicomFile> sources() {
        return sources;
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
