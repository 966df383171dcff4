package io.consilium.abutment;

/**
 * A permanent tooth position in FDI (ISO 3950) two-digit notation: quadrant 1-4 (upper right, upper left,
 * lower left, lower right), then position 1-8 from the midline (1 central incisor ... 8 third molar).
 */
public record FdiToothNumber(int quadrant, int position) {

    /** Upper or lower jaw. */
    public enum Jaw { MAXILLA, MANDIBLE }

    /** The tooth types that abutment design rules differ by. */
    public enum ToothType { INCISOR, CANINE, PREMOLAR, MOLAR }

    public FdiToothNumber {
        if (quadrant < 1 || quadrant > 4 || position < 1 || position > 8) {
            throw new IllegalArgumentException("FDI tooth number " + quadrant + position
                    + " does not exist in the permanent dentition (quadrants 1-4, positions 1-8)");
        }
    }

    /** Parses a two-digit FDI number such as 36. */
    public static FdiToothNumber of(int number) {
        if (number < 11 || number > 48) {
            throw new IllegalArgumentException("FDI tooth number " + number
                    + " does not exist in the permanent dentition (11-18, 21-28, 31-38, 41-48)");
        }
        return new FdiToothNumber(number / 10, number % 10);
    }

    public int number() {
        return quadrant * 10 + position;
    }

    public Jaw jaw() {
        return quadrant <= 2 ? Jaw.MAXILLA : Jaw.MANDIBLE;
    }

    public ToothType type() {
        return switch (position) {
            case 1, 2 -> ToothType.INCISOR;
            case 3 -> ToothType.CANINE;
            case 4, 5 -> ToothType.PREMOLAR;
            default -> ToothType.MOLAR;
        };
    }

    /** Teeth in the aesthetic zone, where margins go subgingival and zirconia is preferred. */
    public boolean isAnterior() {
        return position <= 3;
    }

    @Override
    public String toString() {
        return Integer.toString(number());
    }
}
