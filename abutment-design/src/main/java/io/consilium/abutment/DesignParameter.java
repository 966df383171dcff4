package io.consilium.abutment;

/**
 * The regressed parameters of one abutment. Heights are measured from the implant platform along the abutment
 * axis; angulation correction is given as components towards mesial and towards buccal.
 */
public enum DesignParameter {
    MARGIN_HEIGHT_BUCCAL("marginHeightBuccal", Unit.MM),
    MARGIN_HEIGHT_LINGUAL("marginHeightLingual", Unit.MM),
    MARGIN_HEIGHT_MESIAL("marginHeightMesial", Unit.MM),
    MARGIN_HEIGHT_DISTAL("marginHeightDistal", Unit.MM),
    EMERGENCE_ANGLE("emergenceAngle", Unit.DEG),
    CUFF_HEIGHT("cuffHeight", Unit.MM),
    TOTAL_HEIGHT("totalHeight", Unit.MM),
    MARGIN_DIAMETER_MESIODISTAL("marginDiameterMesiodistal", Unit.MM),
    MARGIN_DIAMETER_BUCCOLINGUAL("marginDiameterBuccolingual", Unit.MM),
    ANGULATION_CORRECTION_MESIAL("angulationCorrectionMesial", Unit.DEG),
    ANGULATION_CORRECTION_BUCCAL("angulationCorrectionBuccal", Unit.DEG),
    SCREW_CHANNEL_ANGLE("screwChannelAngle", Unit.DEG);

    /** Millimetres or degrees, each with the clinical tolerance a proposal is judged by. */
    public enum Unit {
        MM("mm", 0.2), DEG("deg", 2.0);

        private final String symbol;
        private final double tolerance;

        Unit(String symbol, double tolerance) {
            this.symbol = symbol;
            this.tolerance = tolerance;
        }

        public String symbol() {
            return symbol;
        }

        public double tolerance() {
            return tolerance;
        }
    }

    private final String key;
    private final Unit unit;

    DesignParameter(String key, Unit unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The JSON name, e.g. {@code marginHeightBuccal}. */
    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }

    static final int COUNT = values().length;
}
