package io.consilium.abutment;

import java.util.Arrays;
import java.util.Locale;

/** Crown materials with the minimum occlusal thickness the crown needs above the abutment. */
public enum CrownMaterial {
    MONOLITHIC_ZIRCONIA(1.0),
    LITHIUM_DISILICATE(1.5),
    METAL_CERAMIC(2.0),
    COMPOSITE(2.0);

    private final double minimumOcclusalThicknessMm;

    CrownMaterial(double minimumOcclusalThicknessMm) {
        this.minimumOcclusalThicknessMm = minimumOcclusalThicknessMm;
    }

    public double minimumOcclusalThicknessMm() {
        return minimumOcclusalThicknessMm;
    }

    public static CrownMaterial parse(String text) {
        String key = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        try {
            return valueOf(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidCaseException("crownMaterial", "unknown crown material '" + text + "'; known: "
                    + Arrays.toString(values()));
        }
    }
}
