package io.consilium.abutment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A closed triangle mesh of one abutment, built from its design parameters: the outer surface (cuff, emergence
 * profile, margin shoulder, chimney), the screw channel as the inner surface, and flat rings at the platform and
 * the top that join them. The solid is a ring (genus one), so a watertight mesh satisfies V - E + F = 0 with every
 * edge shared by exactly two triangles in opposite directions. Units are millimetres in the abutment frame
 * (x buccal, y mesial, z along the abutment axis from the platform).
 */
public final class AbutmentMesh {

    private static final int MERIDIANS = 64;
    private static final int FLARE_STEPS = 10;
    private static final int CHIMNEY_STEPS = 6;
    private static final int CHANNEL_STEPS = 8;

    private final float[] vertices;
    private final int[] triangles;
    private final int outerTriangles;
    private final int outerVertices;

    private AbutmentMesh(float[] vertices, int[] triangles, int outerTriangles, int outerVertices) {
        this.vertices = vertices;
        this.triangles = triangles;
        this.outerTriangles = outerTriangles;
        this.outerVertices = outerVertices;
    }

    /**
     * Builds the mesh of an abutment on a platform of the given diameter from a proposal's parameters (keys of
     * {@link DesignParameter#key()}).
     */
    public static AbutmentMesh of(double platformDiameterMm, Map<String, Double> parameters) {
        double[] p = new double[DesignParameter.COUNT];
        for (DesignParameter d : DesignParameter.values()) {
            Double v = parameters.get(d.key());
            if (v == null) {
                throw new IllegalArgumentException("parameter " + d.key() + " is missing");
            }
            p[d.ordinal()] = v;
        }
        return of(new AbutmentGeometry(platformDiameterMm / 2, p));
    }

    static AbutmentMesh of(AbutmentGeometry g) {
        if (!(g.cuff > 0 && g.minMarginHeight() > g.cuff && g.total > g.maxMarginHeight())) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "parameters do not describe a "
                    + "solid abutment (cuff %.2f mm, margins %.2f..%.2f mm, total height %.2f mm)", g.cuff,
                    g.minMarginHeight(), g.maxMarginHeight(), g.total));
        }
        int k = 2 + FLARE_STEPS + 1 + CHIMNEY_STEPS; // outer profile points per meridian
        int l = CHANNEL_STEPS + 2;                    // channel profile points per meridian
        float[] v = new float[3 * MERIDIANS * (k + l)];
        int w = 0;
        for (int j = 0; j < MERIDIANS; j++) {
            double phi = 2 * Math.PI * j / MERIDIANS;
            double c = Math.cos(phi);
            double s = Math.sin(phi);
            double mh = g.marginHeight(phi);
            double rm = g.marginRadius(phi);
            w = put(v, w, g.platformRadius * c, g.platformRadius * s, 0);
            w = put(v, w, g.platformRadius * c, g.platformRadius * s, g.cuff);
            for (int t = 1; t <= FLARE_STEPS; t++) {
                double u = (double) t / FLARE_STEPS;
                double r = g.emergenceRadius(phi, u);
                w = put(v, w, r * c, r * s, g.cuff + u * (mh - g.cuff));
            }
            double shoulder = rm - AbutmentGeometry.SHOULDER_MM;
            w = put(v, w, shoulder * c, shoulder * s, mh);
            for (int t = 1; t <= CHIMNEY_STEPS; t++) {
                double z = mh + (g.total - mh) * t / CHIMNEY_STEPS;
                double r = g.chimneyRadius(phi, z);
                w = put(v, w, r * c, r * s, z);
            }
        }
        int outerVertexCount = w / 3;
        double pivot = g.channelPivot();
        for (int j = 0; j < MERIDIANS; j++) {
            double phi = 2 * Math.PI * j / MERIDIANS;
            // Channel meridians run the same way round as the outer ones (psi = 0 points lingual, phi = pi).
            double psi = phi - Math.PI;
            double[] zs = new double[l];
            zs[0] = 0;
            zs[1] = pivot;
            for (int t = 1; t <= CHANNEL_STEPS; t++) {
                zs[1 + t] = pivot + (g.total - pivot) * t / CHANNEL_STEPS;
            }
            for (double z : zs) {
                double[] xy = g.channelPoint(z, psi);
                w = put(v, w, xy[0], xy[1], z);
            }
        }
        int[] tri = new int[3 * 2 * MERIDIANS * ((k - 1) + (l - 1) + 2)];
        int q = 0;
        for (int j = 0; j < MERIDIANS; j++) {
            int jn = (j + 1) % MERIDIANS;
            for (int i = 0; i + 1 < k; i++) {
                q = tri(tri, q, j * k + i, jn * k + i, jn * k + i + 1);
                q = tri(tri, q, j * k + i, jn * k + i + 1, j * k + i + 1);
            }
        }
        int outerTriangleCount = q / 3;
        int base = MERIDIANS * k;
        for (int j = 0; j < MERIDIANS; j++) {
            int jn = (j + 1) % MERIDIANS;
            for (int i = 0; i + 1 < l; i++) {
                q = tri(tri, q, base + j * l + i, base + jn * l + i + 1, base + jn * l + i);
                q = tri(tri, q, base + j * l + i, base + j * l + i + 1, base + jn * l + i + 1);
            }
            int o = j * k;
            int on = jn * k;
            int in = base + j * l;
            int inn = base + jn * l;
            q = tri(tri, q, o, in, inn);
            q = tri(tri, q, o, inn, on);
            q = tri(tri, q, o + k - 1, inn + l - 1, in + l - 1);
            q = tri(tri, q, o + k - 1, on + k - 1, inn + l - 1);
        }
        return new AbutmentMesh(v, tri, outerTriangleCount, outerVertexCount);
    }

    private static int put(float[] v, int w, double x, double y, double z) {
        v[w] = (float) x;
        v[w + 1] = (float) y;
        v[w + 2] = (float) z;
        return w + 3;
    }

    private static int tri(int[] t, int q, int a, int b, int c) {
        t[q] = a;
        t[q + 1] = b;
        t[q + 2] = c;
        return q + 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    /** True when every edge is shared by exactly two triangles, once in each direction, and V - E + F = 0. */
    public boolean isWatertight() {
        return watertight(vertices.length / 3, triangles);
    }

    static boolean watertight(int vertexCount, int[] triangles) {
        Map<Long, Integer> directed = new HashMap<>();
        for (int t = 0; t < triangles.length; t += 3) {
            for (int e = 0; e < 3; e++) {
                int a = triangles[t + e];
                int b = triangles[t + (e + 1) % 3];
                if (a == b) {
                    return false;
                }
                directed.merge(((long) a << 32) | b, 1, Integer::sum);
            }
        }
        for (var entry : directed.entrySet()) {
            long key = entry.getKey();
            long reverse = ((key & 0xffffffffL) << 32) | (key >>> 32);
            if (entry.getValue() != 1 || !Integer.valueOf(1).equals(directed.get(reverse))) {
                return false;
            }
        }
        long edges = directed.size() / 2;
        return vertexCount - edges + triangles.length / 3 == 0;
    }

    /** Enclosed volume in mm^3 (positive when the triangles face outwards). */
    public double volume() {
        double sum = 0;
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t];
            int b = 3 * triangles[t + 1];
            int c = 3 * triangles[t + 2];
            sum += vertices[a] * (vertices[b + 1] * vertices[c + 2] - vertices[b + 2] * vertices[c + 1])
                    - vertices[a + 1] * (vertices[b] * vertices[c + 2] - vertices[b + 2] * vertices[c])
                    + vertices[a + 2] * (vertices[b] * vertices[c + 1] - vertices[b + 1] * vertices[c]);
        }
        return sum / 6;
    }

    /** Thinnest wall of the mesh itself: smallest 3D distance from a channel vertex to the outer surface. */
    public double minimumWallThickness() {
        // Bounding boxes of the outer triangles let most point-triangle tests be skipped once a small
        // distance is known: a box farther away than the current minimum cannot hold a closer point.
        double[] box = new double[6 * outerTriangles];
        for (int t = 0; t < outerTriangles; t++) {
            for (int axis = 0; axis < 3; axis++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 3; c++) {
                    double v = vertices[3 * triangles[3 * t + c] + axis];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                box[6 * t + axis] = lo;
                box[6 * t + 3 + axis] = hi;
            }
        }
        double min = Double.POSITIVE_INFINITY;
        for (int vi = outerVertices; vi < vertices.length / 3; vi++) {
            double px = vertices[3 * vi];
            double py = vertices[3 * vi + 1];
            double pz = vertices[3 * vi + 2];
            for (int t = 0; t < outerTriangles; t++) {
                double dx = Math.max(0, Math.max(box[6 * t] - px, px - box[6 * t + 3]));
                double dy = Math.max(0, Math.max(box[6 * t + 1] - py, py - box[6 * t + 4]));
                double dz = Math.max(0, Math.max(box[6 * t + 2] - pz, pz - box[6 * t + 5]));
                if (dx * dx + dy * dy + dz * dz >= min * min) {
                    continue;
                }
                min = Math.min(min, pointTriangle(px, py, pz, triangles[3 * t], triangles[3 * t + 1],
                        triangles[3 * t + 2]));
            }
        }
        return min;
    }

    private double pointTriangle(double px, double py, double pz, int ia, int ib, int ic) {
        double ax = vertices[3 * ia];
        double ay = vertices[3 * ia + 1];
        double az = vertices[3 * ia + 2];
        double abx = vertices[3 * ib] - ax;
        double aby = vertices[3 * ib + 1] - ay;
        double abz = vertices[3 * ib + 2] - az;
        double acx = vertices[3 * ic] - ax;
        double acy = vertices[3 * ic + 1] - ay;
        double acz = vertices[3 * ic + 2] - az;
        double apx = px - ax;
        double apy = py - ay;
        double apz = pz - az;
        double d1 = abx * apx + aby * apy + abz * apz;
        double d2 = acx * apx + acy * apy + acz * apz;
        double[] best;
        if (d1 <= 0 && d2 <= 0) {
            return Math.sqrt(apx * apx + apy * apy + apz * apz);
        }
        double bpx = px - vertices[3 * ib];
        double bpy = py - vertices[3 * ib + 1];
        double bpz = pz - vertices[3 * ib + 2];
        double d3 = abx * bpx + aby * bpy + abz * bpz;
        double d4 = acx * bpx + acy * bpy + acz * bpz;
        if (d3 >= 0 && d4 <= d3) {
            return Math.sqrt(bpx * bpx + bpy * bpy + bpz * bpz);
        }
        double vc = d1 * d4 - d3 * d2;
        if (vc <= 0 && d1 >= 0 && d3 <= 0) {
            double t = d1 / (d1 - d3);
            best = new double[] {ax + t * abx, ay + t * aby, az + t * abz};
            return dist(px, py, pz, best);
        }
        double cpx = px - vertices[3 * ic];
        double cpy = py - vertices[3 * ic + 1];
        double cpz = pz - vertices[3 * ic + 2];
        double d5 = abx * cpx + aby * cpy + abz * cpz;
        double d6 = acx * cpx + acy * cpy + acz * cpz;
        if (d6 >= 0 && d5 <= d6) {
            return Math.sqrt(cpx * cpx + cpy * cpy + cpz * cpz);
        }
        double vb = d5 * d2 - d1 * d6;
        if (vb <= 0 && d2 >= 0 && d6 <= 0) {
            double t = d2 / (d2 - d6);
            best = new double[] {ax + t * acx, ay + t * acy, az + t * acz};
            return dist(px, py, pz, best);
        }
        double va = d3 * d6 - d5 * d4;
        if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
            double t = (d4 - d3) / ((d4 - d3) + (d5 - d6));
            double bx = vertices[3 * ib];
            double by = vertices[3 * ib + 1];
            double bz = vertices[3 * ib + 2];
            best = new double[] {bx + t * (vertices[3 * ic] - bx), by + t * (vertices[3 * ic + 1] - by),
                bz + t * (vertices[3 * ic + 2] - bz)};
            return dist(px, py, pz, best);
        }
        double denom = 1.0 / (va + vb + vc);
        double v = vb * denom;
        double w = vc * denom;
        best = new double[] {ax + abx * v + acx * w, ay + aby * v + acy * w, az + abz * v + acz * w};
        return dist(px, py, pz, best);
    }

    private static double dist(double px, double py, double pz, double[] q) {
        double dx = px - q[0];
        double dy = py - q[1];
        double dz = pz - q[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Binary STL: 80-byte header, triangle count, then normal and three vertices per triangle (little endian). */
    public byte[] toStl(String header) {
        ByteBuffer out = ByteBuffer.allocate(84 + 50 * triangleCount()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        // A header must not begin with "solid", or readers take the file for ASCII STL.
        byte[] padded = new byte[80];
        System.arraycopy(h, 0, padded, 0, Math.min(80, h.length));
        out.put(padded);
        out.putInt(triangleCount());
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t];
            int b = 3 * triangles[t + 1];
            int c = 3 * triangles[t + 2];
            double ux = vertices[b] - vertices[a];
            double uy = vertices[b + 1] - vertices[a + 1];
            double uz = vertices[b + 2] - vertices[a + 2];
            double vx = vertices[c] - vertices[a];
            double vy = vertices[c + 1] - vertices[a + 1];
            double vz = vertices[c + 2] - vertices[a + 2];
            double nx = uy * vz - uz * vy;
            double ny = uz * vx - ux * vz;
            double nz = ux * vy - uy * vx;
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            len = len == 0 ? 1 : len;
            out.putFloat((float) (nx / len)).putFloat((float) (ny / len)).putFloat((float) (nz / len));
            for (int corner : new int[] {a, b, c}) {
                out.putFloat(vertices[corner]).putFloat(vertices[corner + 1]).putFloat(vertices[corner + 2]);
            }
            out.putShort((short) 0);
        }
        return out.array();
    }

    public void writeStl(Path file, String header) throws IOException {
        Files.write(file, toStl(header));
    }

    /**
     * Reads a binary STL back, welds vertices with identical coordinates and checks it is watertight, so that what
     * was written to disk is what was checked.
     */
    public static boolean isWatertightStl(byte[] stl) {
        ByteBuffer in = ByteBuffer.wrap(stl).order(ByteOrder.LITTLE_ENDIAN);
        if (stl.length < 84) {
            return false;
        }
        in.position(80);
        int count = in.getInt();
        if (stl.length != 84 + 50L * count) {
            return false;
        }
        Map<String, Integer> index = new HashMap<>();
        int[] tri = new int[3 * count];
        for (int t = 0; t < count; t++) {
            in.position(84 + 50 * t + 12);
            for (int c = 0; c < 3; c++) {
                String key = Float.floatToIntBits(in.getFloat()) + ":" + Float.floatToIntBits(in.getFloat()) + ":"
                        + Float.floatToIntBits(in.getFloat());
                tri[3 * t + c] = index.computeIfAbsent(key, x -> index.size());
            }
        }
        return watertight(index.size(), tri);
    }
}
