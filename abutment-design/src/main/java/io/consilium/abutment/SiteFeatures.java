package io.consilium.abutment;

import java.util.List;

/**
 * The numeric description of one site the network reads, scaled to about unit range. Case context (bridge size,
 * the bridge's mean implant tilt relative to this implant, number of implants) lets the network design the sites of
 * a case jointly rather than one by one.
 */
final class SiteFeatures {

    static final int COUNT = 33;

    private SiteFeatures() {
    }

    static float[] of(CasePlan plan, SitePlan s) {
        float[] f = new float[COUNT];
        FdiToothNumber t = s.tooth();
        f[t.type().ordinal()] = 1;
        f[4] = t.jaw() == FdiToothNumber.Jaw.MAXILLA ? 1 : 0;
        f[5] = t.position() / 8f;
        f[6] = (float) (s.platform().diameterMm() / 5.0);
        f[7 + s.platform().connection().ordinal()] = 1;
        f[10] = (float) (s.tiltMesialDeg() / 20);
        f[11] = (float) (s.tiltBuccalDeg() / 20);
        f[12] = (float) (Math.hypot(s.tiltMesialDeg(), s.tiltBuccalDeg()) / 20);
        f[13] = (float) (s.softTissueHeightMm() / 4);
        f[14] = (float) (s.softTissueThicknessMm() / 3);
        f[15] = (float) (s.mesialGapMm() / 5);
        f[16] = (float) (s.distalGapMm() / 5);
        f[17] = (float) (Math.min(s.mesialGapMm(), s.distalGapMm()) / 5);
        f[18] = (float) (s.occlusalClearanceMm() / 8);
        f[19] = s.neighbourMesialMm() != null ? 1 : 0;
        f[20] = s.neighbourMesialMm() != null ? (float) (s.neighbourMesialMm() / 10) : 0;
        f[21] = s.neighbourDistalMm() != null ? 1 : 0;
        f[22] = s.neighbourDistalMm() != null ? (float) (s.neighbourDistalMm() / 10) : 0;
        List<SitePlan> bridge = s.bridge() == null ? null : plan.bridges().get(s.bridge());
        if (bridge != null) {
            f[23] = 1;
            f[24] = bridge.size() / 6f;
            double[] mean = new double[3];
            for (SitePlan o : bridge) {
                for (int k = 0; k < 3; k++) {
                    mean[k] += o.axis()[k];
                }
            }
            double[] relative = s.tilt(DesignConstraints.normalise(mean));
            f[25] = (float) ((relative[0] - s.tiltMesialDeg()) / 20);
            f[26] = (float) ((relative[1] - s.tiltBuccalDeg()) / 20);
        }
        f[27 + plan.crownMaterial().ordinal()] = 1;
        f[31] = plan.sites().size() / 6f;
        f[32] = (float) ((s.softTissueHeightMm() + s.occlusalClearanceMm()
                - plan.crownMaterial().minimumOcclusalThicknessMm()) / 10);
        return f;
    }
}
