package io.consilium.dicom.net;

/** DIMSE status codes (PS3.7 Annex C) that callers of this package see. */
public final class Status {
    public static final int SUCCESS = 0x0000;
    public static final int PENDING = 0xFF00;
    public static final int PENDING_WARNING = 0xFF01;
    public static final int CANCEL = 0xFE00;
    /** Sub-operations complete, one or more failed or had warnings (C-MOVE/C-GET). */
    public static final int WARNING = 0xB000;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    public static final int OUT_OF_RESOURCES = 0xA700;
    public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;
    public static final int CANNOT_UNDERSTAND = 0xC000;
    public static final int PROCESSING_FAILURE = 0x0110;
    /** PS3.7 C: another instance is stored under this SOP Instance UID. */
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    /** Storage: the data set does not match the SOP class (e.g. unreadable, UIDs missing). */
    public static final int DATA_SET_DOES_NOT_MATCH = 0xA900;

    private Status() {
    }

    public static boolean isFailure(int status) {
        return status != SUCCESS && status != PENDING && status != PENDING_WARNING && (status & 0xF000) != 0xB000;
    }
}
