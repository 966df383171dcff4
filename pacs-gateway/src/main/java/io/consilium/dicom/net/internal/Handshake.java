package io.consilium.dicom.net.internal;

import io.consilium.dicom.net.DicomNetException;
import io.consilium.dicom.net.NetSettings;
import io.consilium.dicom.net.RemoteAe;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/** The requestor's side of association establishment (PS3.8 9.1.1). */
public final class Handshake {

    /** An A-ASSOCIATE PDU larger than this is hostile: no real one needs more than a few KiB per context. */
    public static final int MAX_ASSOCIATE_LENGTH = 1 << 20;

    private Handshake() {
    }

    public static Link connect(NetSettings settings, RemoteAe peer, AssociateParams rq) throws IOException {
        rq.callingAe = settings.aeTitle();
        rq.calledAe = peer.aeTitle();
        rq.maxPduLength = settings.maxPduLength();
        if (settings.user() != null) {
            rq.userIdentityType = settings.user().password() == null ? 1 : 2;
            rq.userPrimary = settings.user().username().getBytes(StandardCharsets.UTF_8);
            rq.userSecondary = settings.user().password() == null ? new byte[0]
                    : settings.user().password().getBytes(StandardCharsets.UTF_8);
            rq.userResponseRequested = true;
        }
        Socket socket = settings.tls() != null ? settings.tls().getSocketFactory().createSocket() : new Socket();
        try {
            socket.connect(new InetSocketAddress(peer.host(), peer.port()), (int) settings.connectTimeout().toMillis());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.artimTimeout().toMillis());
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake();
            }
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            out.write(Pdus.associate(Pdus.ASSOCIATE_RQ, rq));
            out.flush();
            DataInputStream in = Link.input(socket);
            int type = in.read();
            if (type < 0) {
                throw new DicomNetException(peer + " closed the connection instead of answering A-ASSOCIATE-RQ");
            }
            in.readUnsignedByte();
            long length = in.readInt() & 0xFFFFFFFFL;
            if (length > MAX_ASSOCIATE_LENGTH) {
                throw new DicomNetException(peer + " answered with a PDU of " + length + " bytes");
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new DicomNetException(peer + " closed the connection in the middle of its answer");
            }
            switch (type) {
                case Pdus.ASSOCIATE_AC -> {
                    AssociateParams ac;
                    try {
                        ac = Pdus.parseAssociate(Pdus.ASSOCIATE_AC, body, rq);
                    } catch (PduException e) {
                        out.write(Pdus.abort(2, e.abortReason()));
                        out.flush();
                        throw e;
                    }
                    return new Link(socket, in, out, rq, ac, settings.maxPduLength(), ac.maxPduLength,
                            settings.idleTimeout(), settings.artimTimeout());
                }
                case Pdus.ASSOCIATE_RJ -> {
                    if (body.length != 4) {
                        throw new DicomNetException(peer + " rejected the association with a malformed A-ASSOCIATE-RJ");
                    }
                    throw new DicomNetException("association rejected by " + peer + ": "
                            + Pdus.describeReject(body[1], body[2], body[3]));
                }
                case Pdus.ABORT -> throw new DicomNetException(peer + " aborted the association request");
                default -> {
                    out.write(Pdus.abort(2, PduException.UNEXPECTED_PDU));
                    out.flush();
                    throw new DicomNetException(peer + " answered A-ASSOCIATE-RQ with PDU type " + type);
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            closeQuietly(socket);
            throw new DicomNetException("no answer from " + peer + " within " + settings.artimTimeout().toSeconds()
                    + " s (ARTIM)", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already failing; the original error is what matters.
        }
    }
}
