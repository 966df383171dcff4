package io.consilium.abutment;

/**
 * An abutment's solid failed the check before export (not watertight, or a wall thinner than its material
 * allows): the design cannot be milled as it stands. A design problem for the dentist to fix, not a fault.
 */
public final class MeshCheckException extends RuntimeException {

    private final int tooth;

    MeshCheckException(int tooth, String message) {
        super(message);
        this.tooth = tooth;
    }

    /** The FDI number of the implant whose abutment failed. */
    public int tooth() {
        return tooth;
    }
}
