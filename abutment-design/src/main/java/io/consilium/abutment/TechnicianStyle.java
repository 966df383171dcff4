package io.consilium.abutment;

import java.util.List;

/**
 * Design styles of dental technicians, following published guidance: aesthetic (subgingival margin about 1 mm in
 * the aesthetic zone, gentle concave emergence, zirconia), conservative (margin about 0.5 mm subgingival, narrow
 * straight emergence, minimal tissue displacement) and strength-first (near-equigingival margin for cement control,
 * wider emergence and taller chimney for retention, titanium). The synthetic data draws each site's reference
 * design from one of them. A site's style is observable from the case: the instructions name it, or else it is the
 * lab's default for the tooth. Training warms the gate up with expert k for the k-th style of this declaration.
 */
enum TechnicianStyle {
    AESTHETIC(1.0, 0.7, 18, 1.8, 1.0, 4.5, 0.8, List.of("aesthetic priority", "prioritise aesthetics",
            "natural emergence for aesthetics")),
    CONSERVATIVE(0.5, 0.5, 14, 1.4, 0.9, 4.0, 0.5, List.of("keep it conservative", "conservative design",
            "minimal tissue displacement")),
    STRENGTH(0.2, 0.2, 24, 1.0, 1.05, 5.5, 0.6, List.of("strength first", "patient is a bruxer",
            "heavy occlusal load"));

    final double anteriorDepthMm;
    final double posteriorDepthMm;
    final double emergenceDeg;
    final double flareHeightMm;
    final double diameterFactor;
    final double chimneyMm;
    final double correctionFraction;
    final List<String> phrases;

    TechnicianStyle(double anteriorDepthMm, double posteriorDepthMm, double emergenceDeg, double flareHeightMm,
            double diameterFactor, double chimneyMm, double correctionFraction, List<String> phrases) {
        this.anteriorDepthMm = anteriorDepthMm;
        this.posteriorDepthMm = posteriorDepthMm;
        this.emergenceDeg = emergenceDeg;
        this.flareHeightMm = flareHeightMm;
        this.diameterFactor = diameterFactor;
        this.chimneyMm = chimneyMm;
        this.correctionFraction = correctionFraction;
        this.phrases = phrases;
    }

    /** The style a lab applies when the instructions do not name one. */
    static TechnicianStyle defaultFor(FdiToothNumber tooth) {
        if (tooth.isAnterior() && tooth.jaw() == FdiToothNumber.Jaw.MAXILLA) {
            return AESTHETIC;
        }
        return tooth.type() == FdiToothNumber.ToothType.MOLAR ? STRENGTH : CONSERVATIVE;
    }

    AbutmentMaterial defaultMaterial(FdiToothNumber tooth) {
        return switch (this) {
            case AESTHETIC -> AbutmentMaterial.ZIRCONIA;
            case STRENGTH -> AbutmentMaterial.TITANIUM;
            case CONSERVATIVE -> tooth.isAnterior() ? AbutmentMaterial.ZIRCONIA : AbutmentMaterial.TITANIUM;
        };
    }
}
