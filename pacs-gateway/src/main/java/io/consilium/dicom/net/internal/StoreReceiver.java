package io.consilium.dicom.net.internal;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.VR;
import io.consilium.dicom.net.Status;
import io.consilium.dicom.net.StoreHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Receives one C-STORE-RQ's data set straight into a Part 10 file (meta information we write, then the bytes
 * as they arrive), hands the complete file to the {@link StoreHandler} and answers with its status. The
 * file is deleted whatever happens afterwards: an instance cut off mid-transfer is never kept.
 */
public final class StoreReceiver {

    private static final System.Logger LOG = System.getLogger(StoreReceiver.class.getName());
    private static final int BUFFER = 256 << 10;

    private final StoreHandler handler;
    private final byte[] buffer = new byte[BUFFER];

    public StoreReceiver(StoreHandler handler) {
        this.handler = handler;
    }

    /** @return the status sent back */
    public int receive(Link link, Dataset command, StoreHandler.Association association) throws IOException {
        PresentationContext pc = link.acceptedContext(link.messageContext());
        String sopClass = command.string(Commands.AFFECTED_SOP_CLASS);
        String sopInstance = command.string(Commands.AFFECTED_SOP_INSTANCE);
        if (!Commands.hasDataSet(command)) {
            throw new PduException("C-STORE-RQ without a data set", PduException.INVALID_PARAMETER_VALUE);
        }
        if (sopClass == null || sopInstance == null || !sopClass.equals(pc.abstractSyntax())) {
            link.skipDataSet();
            return respond(link, command, Status.CANNOT_UNDERSTAND, "SOP class or instance UID missing, or SOP class "
                    + "differs from the presentation context");
        }
        Path partial = Files.createTempFile(handler.incomingDirectory(), ".dimse-", ".part");
        try {
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ByteBuffer header = ByteBuffer.wrap(Part10.header(sopClass, sopInstance, pc.transferSyntax(),
                        association.callingAeTitle()));
                while (header.hasRemaining()) {
                    file.write(header);
                }
                link.readDataSet(file, buffer);
            }
            int status;
            String comment = null;
            try {
                status = handler.stored(new StoreHandler.ReceivedInstance(association, sopClass, sopInstance,
                        pc.transferSyntax(), partial));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "association {0} from {1}: cannot keep a received instance: {2}",
                        association.id(), association.callingAeTitle(), e.getMessage());
                status = Status.OUT_OF_RESOURCES;
                comment = "cannot store the instance";
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "association {0} from {1}: received instance refused: {2}",
                        association.id(), association.callingAeTitle(), e.getMessage());
                status = Status.PROCESSING_FAILURE;
                comment = "the instance could not be processed";
            }
            return respond(link, command, status, comment);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static int respond(Link link, Dataset command, int status, String comment) throws IOException {
        Dataset rsp = Commands.response(command, status, false);
        if (comment != null) {
            rsp.putString(Commands.ERROR_COMMENT, VR.LO, comment.length() > 64 ? comment.substring(0, 64) : comment);
        }
        link.sendCommand(link.messageContext(), rsp);
        return status;
    }
}
