package io.consilium.abutment;

/** One abutment's parameters (indexed by {@link DesignParameter#ordinal()}) and its material. */
final class Design {

    final double[] values;
    AbutmentMaterial material;

    Design(double[] values, AbutmentMaterial material) {
        if (values.length != DesignParameter.COUNT) {
            throw new IllegalArgumentException("expected " + DesignParameter.COUNT + " parameters");
        }
        this.values = values.clone();
        this.material = material;
    }

    double get(DesignParameter p) {
        return values[p.ordinal()];
    }

    void set(DesignParameter p, double v) {
        values[p.ordinal()] = v;
    }

    Design copy() {
        return new Design(values, material);
    }

    double correctionMagnitude() {
        return Math.hypot(get(DesignParameter.ANGULATION_CORRECTION_MESIAL),
                get(DesignParameter.ANGULATION_CORRECTION_BUCCAL));
    }
}
