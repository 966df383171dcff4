package io.consilium.dicom.net.internal;

import io.consilium.dicom.net.DicomNetException;

/** The peer broke the Upper Layer protocol; {@link #abortReason()} is the A-ABORT reason to send (PS3.8 9.3.8). */
public final class PduException extends DicomNetException {

    public static final int NOT_SPECIFIED = 0;
    public static final int UNRECOGNIZED_PDU = 1;
    public static final int UNEXPECTED_PDU = 2;
    public static final int UNRECOGNIZED_PARAMETER = 4;
    public static final int UNEXPECTED_PARAMETER = 5;
    public static final int INVALID_PARAMETER_VALUE = 6;

    private final int abortReason;

    public PduException(String message, int abortReason) {
        super(message);
        this.abortReason = abortReason;
    }

    public int abortReason() {
        return abortReason;
    }
}
