package io.consilium.dicom.net.internal;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.internal.DatasetReader;
import io.consilium.dicom.internal.DatasetWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** DIMSE command sets (PS3.7 9.3, 10.3): group 0000, always Implicit VR Little Endian. */
public final class Commands {

    public static final Tag GROUP_LENGTH = new Tag(0x0000, 0x0000);
    public static final Tag AFFECTED_SOP_CLASS = new Tag(0x0000, 0x0002);
    public static final Tag REQUESTED_SOP_CLASS = new Tag(0x0000, 0x0003);
    public static final Tag COMMAND_FIELD = new Tag(0x0000, 0x0100);
    public static final Tag MESSAGE_ID = new Tag(0x0000, 0x0110);
    public static final Tag RESPONDED_MESSAGE_ID = new Tag(0x0000, 0x0120);
    public static final Tag MOVE_DESTINATION = new Tag(0x0000, 0x0600);
    public static final Tag PRIORITY = new Tag(0x0000, 0x0700);
    public static final Tag DATA_SET_TYPE = new Tag(0x0000, 0x0800);
    public static final Tag STATUS = new Tag(0x0000, 0x0900);
    public static final Tag ERROR_COMMENT = new Tag(0x0000, 0x0902);
    public static final Tag AFFECTED_SOP_INSTANCE = new Tag(0x0000, 0x1000);
    public static final Tag REMAINING = new Tag(0x0000, 0x1020);
    public static final Tag COMPLETED = new Tag(0x0000, 0x1021);
    public static final Tag FAILED = new Tag(0x0000, 0x1022);
    public static final Tag WARNING = new Tag(0x0000, 0x1023);
    public static final Tag MOVE_ORIGINATOR_AE = new Tag(0x0000, 0x1030);
    public static final Tag MOVE_ORIGINATOR_ID = new Tag(0x0000, 0x1031);

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_GET_RQ = 0x0010;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_CANCEL_RQ = 0x0FFF;
    public static final int RESPONSE = 0x8000;
    public static final int NO_DATA_SET = 0x0101;
    /** Bounds a command set; real ones are a few hundred bytes. */
    public static final int MAX_COMMAND_LENGTH = 1 << 16;

    private Commands() {
    }

    public static Dataset request(int field, String sopClass, int messageId, boolean withDataSet) {
        var c = new Dataset();
        c.putString(AFFECTED_SOP_CLASS, VR.UI, sopClass);
        c.putInts(COMMAND_FIELD, VR.US, field);
        c.putInts(MESSAGE_ID, VR.US, messageId);
        if (field != C_ECHO_RQ) {
            c.putInts(PRIORITY, VR.US, 0);
        }
        c.putInts(DATA_SET_TYPE, VR.US, withDataSet ? 0 : NO_DATA_SET);
        return c;
    }

    public static Dataset response(Dataset request, int status, boolean withDataSet) {
        var c = new Dataset();
        String sopClass = request.string(AFFECTED_SOP_CLASS);
        if (sopClass != null) {
            c.putString(AFFECTED_SOP_CLASS, VR.UI, sopClass);
        }
        c.putInts(COMMAND_FIELD, VR.US, field(request) | RESPONSE);
        c.putInts(RESPONDED_MESSAGE_ID, VR.US, request.intValue(MESSAGE_ID, 0));
        c.putInts(DATA_SET_TYPE, VR.US, withDataSet ? 0 : NO_DATA_SET);
        c.putInts(STATUS, VR.US, status);
        String instance = request.string(AFFECTED_SOP_INSTANCE);
        if (instance != null) {
            c.putString(AFFECTED_SOP_INSTANCE, VR.UI, instance);
        }
        return c;
    }

    public static int field(Dataset command) {
        return command.intValue(COMMAND_FIELD, -1);
    }

    public static int status(Dataset command) {
        return command.intValue(STATUS, -1);
    }

    public static boolean hasDataSet(Dataset command) {
        return command.intValue(DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
    }

    /** Encodes a command set with its group length first. */
    public static byte[] encode(Dataset command) {
        try {
            var body = new ByteArrayOutputStream(256);
            var rest = new Dataset();
            command.elements().stream().filter(e -> !e.tag().equals(GROUP_LENGTH)).forEach(rest::put);
            new DatasetWriter(body, false).write(rest);
            var length = new Dataset();
            length.putInts(GROUP_LENGTH, VR.UL, body.size());
            var out = new ByteArrayOutputStream(body.size() + 12);
            new DatasetWriter(out, false).write(length);
            body.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dataset decode(byte[] bytes, int length) throws PduException {
        try {
            Dataset command = new DatasetReader(ByteBuffer.wrap(bytes, 0, length).slice(), 0, false, false)
                    .readDataset();
            for (var e : command.elements()) {
                if (e.tag().group() != 0) {
                    throw new PduException("command set holds element " + e.tag() + " outside group 0000",
                            PduException.INVALID_PARAMETER_VALUE);
                }
            }
            if (field(command) < 0) {
                throw new PduException("command set lacks its Command Field (0000,0100)",
                        PduException.INVALID_PARAMETER_VALUE);
            }
            return command;
        } catch (DicomParseException e) {
            throw new PduException("malformed command set: " + e.getMessage(), PduException.INVALID_PARAMETER_VALUE);
        }
    }
}
