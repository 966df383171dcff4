package io.consilium.dicom.net.internal;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.internal.DatasetReader;
import io.consilium.dicom.internal.DatasetWriter;
import io.consilium.dicom.net.DicomNetException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;

/**
 * An established association: P-DATA-TF fragmentation and reassembly of DIMSE messages (PS3.8 9.3.5, Annex
 * E), A-RELEASE and A-ABORT. One thread uses it at a time (we decline asynchronous operations).
 */
public final class Link implements Closeable {

    /** Bounds data sets held in memory (C-FIND identifiers, responses); instances are streamed instead. */
    private static final int MAX_IN_MEMORY_DATA_SET = 16 << 20;
    private static final int PROVIDER = 2;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final AssociateParams request;
    private final AssociateParams accept;
    private final int maxReceive;
    private final int maxSendData;
    private final Duration artim;
    private final byte[] sendBuffer;

    private int pduLeft;
    private int pdvLeft;
    private int pdvContext;
    private boolean pdvCommand;
    private boolean pdvLast;
    private int messageContext;
    private boolean releaseRequested;
    private boolean closed;

    public Link(Socket socket, DataInputStream in, OutputStream out, AssociateParams request, AssociateParams accept,
            int maxReceive, long peerMaxReceive, Duration idle, Duration artim) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.request = request;
        this.accept = accept;
        this.maxReceive = maxReceive;
        this.artim = artim;
        // 0 means no limit; we still send at most 4 MiB per PDU.
        int limit = peerMaxReceive == 0 || peerMaxReceive > (1 << 22) ? (1 << 22) : (int) peerMaxReceive;
        this.maxSendData = Math.max(limit - 6, 64);
        this.sendBuffer = new byte[12 + maxSendData];
        socket.setSoTimeout((int) idle.toMillis());
    }

    /** Wraps a socket's streams for PDU reading and writing. */
    public static DataInputStream input(Socket socket) throws IOException {
        return new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    }

    public AssociateParams request() {
        return request;
    }

    public AssociateParams accept() {
        return accept;
    }

    public String remoteAddress() {
        return socket.getInetAddress().getHostAddress();
    }

    /** The accepted context for an abstract syntax (first one, preferring {@code preferredSyntax}), or -1. */
    public int context(String abstractSyntax, String preferredSyntax) {
        int found = -1;
        for (PresentationContext pc : accept.contexts) {
            if (pc.accepted() && abstractSyntax.equals(pc.abstractSyntax())) {
                if (preferredSyntax == null || preferredSyntax.equals(pc.transferSyntax())) {
                    return pc.id();
                }
                if (found < 0) {
                    found = pc.id();
                }
            }
        }
        return found;
    }

    public PresentationContext acceptedContext(int id) {
        return accept.context(id);
    }

    public TransferSyntax syntax(int contextId) {
        return TransferSyntax.ofUid(accept.context(contextId).transferSyntax());
    }

    // ---- sending ----

    public synchronized void sendCommand(int context, Dataset command) throws IOException {
        byte[] bytes = Commands.encode(command);
        send(context, true, ByteBuffer.wrap(bytes), null, 0, bytes.length);
    }

    public void sendDataSet(int context, Dataset dataset) throws IOException {
        TransferSyntax syntax = syntax(context);
        var bytes = new ByteArrayOutputStream(1024);
        new DatasetWriter(bytes, syntax.isExplicitVr()).write(dataset);
        byte[] b = bytes.toByteArray();
        sendDataSet(context, b);
    }

    public synchronized void sendDataSet(int context, byte[] encoded) throws IOException {
        send(context, false, ByteBuffer.wrap(encoded), null, 0, encoded.length);
    }

    /** Sends the data set bytes of a file region as they are: no decoding, no re-encoding. */
    public synchronized void sendDataSet(int context, FileChannel file, long offset, long length) throws IOException {
        send(context, false, null, file, offset, length);
    }

    private void send(int context, boolean command, ByteBuffer memory, FileChannel file, long offset, long length)
            throws IOException {
        long left = length;
        do {
            int n = (int) Math.min(maxSendData, left);
            boolean last = left == n;
            ByteBuffer b = ByteBuffer.wrap(sendBuffer);
            b.put((byte) Pdus.P_DATA_TF).put((byte) 0).putInt(n + 6).putInt(n + 2).put((byte) context)
                    .put((byte) ((command ? 1 : 0) | (last ? 2 : 0)));
            ByteBuffer target = ByteBuffer.wrap(sendBuffer, 12, n);
            if (memory != null) {
                target.put(memory.slice(memory.position(), n));
                memory.position(memory.position() + n);
            } else {
                while (target.hasRemaining()) {
                    if (file.read(target, offset + (length - left) + target.position() - 12) < 0) {
                        throw new EOFException("file ended before its data set length");
                    }
                }
            }
            out.write(sendBuffer, 0, 12 + n);
            left -= n;
        } while (left > 0);
        out.flush();
    }

    // ---- receiving ----

    /**
     * The next command set, or null when the peer asked to release the association (the caller answers with
     * {@link #answerRelease()}).
     */
    public Dataset readCommand() throws IOException {
        if (!nextPdv(true)) {
            return null;
        }
        if (!pdvCommand) {
            throw new PduException("data set fragment where a command was expected", PduException.UNEXPECTED_PARAMETER);
        }
        messageContext = pdvContext;
        byte[] bytes = new byte[512];
        int size = 0;
        while (true) {
            if (size + pdvLeft > Commands.MAX_COMMAND_LENGTH) {
                throw new PduException("command set longer than " + Commands.MAX_COMMAND_LENGTH + " bytes",
                        PduException.INVALID_PARAMETER_VALUE);
            }
            if (size + pdvLeft > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + pdvLeft));
            }
            in.readFully(bytes, size, pdvLeft);
            pduLeft -= pdvLeft;
            size += pdvLeft;
            pdvLeft = 0;
            if (pdvLast) {
                return Commands.decode(bytes, size);
            }
            nextFragment(true);
        }
    }

    /** The presentation context of the latest command. */
    public int messageContext() {
        return messageContext;
    }

    /** Reads the data set that follows the latest command into memory. */
    public Dataset readDataSet() throws IOException {
        var bytes = new ByteArrayOutputStream(1024);
        byte[] chunk = new byte[8192];
        nextFragment(false);
        while (true) {
            while (pdvLeft > 0) {
                int n = readData(chunk, 0, chunk.length);
                bytes.write(chunk, 0, n);
                if (bytes.size() > MAX_IN_MEMORY_DATA_SET) {
                    throw new PduException("data set larger than " + MAX_IN_MEMORY_DATA_SET + " bytes",
                            PduException.INVALID_PARAMETER_VALUE);
                }
            }
            if (pdvLast) {
                break;
            }
            nextFragment(false);
        }
        TransferSyntax syntax = syntax(messageContext);
        try {
            return new DatasetReader(ByteBuffer.wrap(bytes.toByteArray()), 0, syntax.isExplicitVr(),
                    syntax.isBigEndian()).readDataset();
        } catch (DicomParseException e) {
            throw new DicomNetException("the peer sent a malformed data set: " + e.getMessage(), e);
        }
    }

    /**
     * Streams the data set that follows the latest command into a file, straight from the socket buffer in
     * large writes. Returns the number of bytes written.
     */
    public long readDataSet(FileChannel file, byte[] buffer) throws IOException {
        long total = 0;
        int filled = 0;
        nextFragment(false);
        while (true) {
            while (pdvLeft > 0) {
                if (filled == buffer.length) {
                    writeFully(file, buffer, filled);
                    total += filled;
                    filled = 0;
                }
                filled += readData(buffer, filled, buffer.length - filled);
            }
            if (pdvLast) {
                break;
            }
            nextFragment(false);
        }
        writeFully(file, buffer, filled);
        return total + filled;
    }

    /** Skips the data set that follows the latest command (e.g. one we refuse). */
    public void skipDataSet() throws IOException {
        byte[] chunk = new byte[8192];
        nextFragment(false);
        while (true) {
            while (pdvLeft > 0) {
                readData(chunk, 0, chunk.length);
            }
            if (pdvLast) {
                return;
            }
            nextFragment(false);
        }
    }

    private static void writeFully(FileChannel file, byte[] buffer, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, length);
        while (b.hasRemaining()) {
            file.write(b);
        }
    }

    private int readData(byte[] buffer, int offset, int max) throws IOException {
        int n = in.read(buffer, offset, Math.min(max, pdvLeft));
        if (n < 0) {
            throw new EOFException("the peer closed the connection in the middle of a PDU");
        }
        pdvLeft -= n;
        pduLeft -= n;
        return n;
    }

    private void nextFragment(boolean command) throws IOException {
        if (!nextPdv(false)) {
            throw new PduException("A-RELEASE-RQ in the middle of a DIMSE message", PduException.UNEXPECTED_PDU);
        }
        if (pdvCommand != command) {
            throw new PduException((command ? "data set" : "command") + " fragment in the middle of a "
                    + (command ? "command" : "data set"), PduException.UNEXPECTED_PARAMETER);
        }
        if (pdvContext != messageContext) {
            throw new PduException("fragment on presentation context " + pdvContext + " in a message on context "
                    + messageContext, PduException.INVALID_PARAMETER_VALUE);
        }
    }

    /** Positions at the next PDV, reading a PDU header when the current one is used up. */
    private boolean nextPdv(boolean releaseAllowed) throws IOException {
        while (pduLeft == 0) {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("the peer closed the connection without A-RELEASE or A-ABORT");
            }
            in.readUnsignedByte();
            long length = in.readInt() & 0xFFFFFFFFL;
            switch (type) {
                case Pdus.P_DATA_TF -> {
                    if (length < 6 || length > maxReceive) {
                        throw new PduException("P-DATA-TF length " + length + " outside 6.." + maxReceive,
                                PduException.INVALID_PARAMETER_VALUE);
                    }
                    pduLeft = (int) length;
                }
                case Pdus.RELEASE_RQ -> {
                    fixedBody(length);
                    if (!releaseAllowed) {
                        throw new PduException("A-RELEASE-RQ in the middle of a message", PduException.UNEXPECTED_PDU);
                    }
                    releaseRequested = true;
                    return false;
                }
                case Pdus.ABORT -> {
                    fixedBody(length);
                    closeQuietly();
                    throw new AbortedException("the peer aborted the association");
                }
                case Pdus.ASSOCIATE_RQ, Pdus.ASSOCIATE_AC, Pdus.ASSOCIATE_RJ, Pdus.RELEASE_RP ->
                        throw new PduException("unexpected PDU type " + type + " on an established association",
                                PduException.UNEXPECTED_PDU);
                default -> throw new PduException(String.format("unrecognized PDU type 0x%02X", type),
                        PduException.UNRECOGNIZED_PDU);
            }
        }
        if (pduLeft < 6) {
            throw new PduException("PDV item header does not fit the P-DATA-TF PDU", PduException.INVALID_PARAMETER_VALUE);
        }
        long length = in.readInt() & 0xFFFFFFFFL;
        pdvContext = in.readUnsignedByte();
        int header = in.readUnsignedByte();
        pduLeft -= 6;
        if (length < 2 || length - 2 > pduLeft) {
            throw new PduException("PDV length " + length + " does not fit the " + (pduLeft + 4)
                    + " bytes left of its P-DATA-TF PDU", PduException.INVALID_PARAMETER_VALUE);
        }
        PresentationContext pc = accept.context(pdvContext);
        if (pc == null || !pc.accepted()) {
            throw new PduException("PDV on presentation context " + pdvContext + " which was not accepted",
                    PduException.INVALID_PARAMETER_VALUE);
        }
        if ((header & ~3) != 0) {
            throw new PduException(String.format("PDV message control header 0x%02X has reserved bits set", header),
                    PduException.INVALID_PARAMETER_VALUE);
        }
        pdvLeft = (int) length - 2;
        pdvCommand = (header & 1) == 1;
        pdvLast = (header & 2) == 2;
        return true;
    }

    private void fixedBody(long length) throws IOException {
        if (length != 4) {
            throw new PduException("release/abort PDU with length " + length + " instead of 4",
                    PduException.INVALID_PARAMETER_VALUE);
        }
        in.readInt();
    }

    // ---- ending ----

    public boolean releaseRequested() {
        return releaseRequested;
    }

    /** Answers the peer's A-RELEASE-RQ and closes. */
    public void answerRelease() throws IOException {
        try {
            out.write(Pdus.releaseResponse());
            out.flush();
            // The requestor closes the transport; give it ARTIM to do so.
            socket.setSoTimeout((int) artim.toMillis());
            in.read();
        } catch (IOException ignored) {
            // The peer closed first, as it may.
        } finally {
            closeQuietly();
        }
    }

    /** Asks for release and waits (ARTIM) for the answer. */
    public void release() throws IOException {
        try {
            out.write(Pdus.releaseRequest());
            out.flush();
            socket.setSoTimeout((int) artim.toMillis());
            while (true) {
                int type = in.read();
                if (type < 0) {
                    throw new EOFException("the peer closed the connection instead of answering A-RELEASE-RQ");
                }
                in.readUnsignedByte();
                long length = in.readInt() & 0xFFFFFFFFL;
                if (type == Pdus.RELEASE_RP) {
                    return;
                }
                if (type == Pdus.ABORT) {
                    throw new AbortedException("the peer aborted instead of releasing");
                }
                if (type != Pdus.P_DATA_TF && type != Pdus.RELEASE_RQ || length > maxReceive) {
                    throw new PduException("unexpected PDU type " + type + " while releasing", PduException.UNEXPECTED_PDU);
                }
                in.skipNBytes(length);
            }
        } finally {
            closeQuietly();
        }
    }

    /** Sends A-ABORT (service provider, with the reason) and closes. */
    public void abort(int reason) {
        try {
            out.write(Pdus.abort(PROVIDER, reason));
            out.flush();
        } catch (IOException ignored) {
            // Aborting a connection that is already gone.
        } finally {
            closeQuietly();
        }
    }

    /** Sends A-ABORT as service user (a failure on our side) and closes. */
    public void abortAsUser() {
        try {
            out.write(Pdus.abort(0, 0));
            out.flush();
        } catch (IOException ignored) {
            // Aborting a connection that is already gone.
        } finally {
            closeQuietly();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to do with a socket that will not close.
        }
    }

    /** The peer sent A-ABORT. */
    public static final class AbortedException extends DicomNetException {
        public AbortedException(String message) {
            super(message);
        }
    }
}
