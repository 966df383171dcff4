package io.consilium.abutment;

import java.util.Arrays;
import java.util.Locale;

/**
 * Abutment materials with the manufacturing limits that proposals are projected onto. Figures follow
 * common milling guidance: ceramics need thicker walls than metals to survive occlusal load.
 */
public enum AbutmentMaterial {
    TITANIUM(0.4, 30.0),
    ZIRCONIA(0.5, 25.0),
    LITHIUM_DISILICATE(0.8, 20.0),
    PEEK(1.0, 20.0);

    private final double minimumWallThicknessMm;
    private final double maximumAngulationCorrectionDeg;

    AbutmentMaterial(double minimumWallThicknessMm, double maximumAngulationCorrectionDeg) {
        this.minimumWallThicknessMm = minimumWallThicknessMm;
        this.maximumAngulationCorrectionDeg = maximumAngulationCorrectionDeg;
    }

    public double minimumWallThicknessMm() {
        return minimumWallThicknessMm;
    }

    public double maximumAngulationCorrectionDeg() {
        return maximumAngulationCorrectionDeg;
    }

    /** Reads a material as clinicians write it ("zirconia", "Lithium disilicate"), naming it when unknown. */
    public static AbutmentMaterial parse(String text) {
        String key = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace(' ', '_')
                .replace('-', '_');
        try {
            return valueOf(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown abutment material '" + text + "'; known: "
                    + Arrays.toString(values()), e);
        }
    }
}
