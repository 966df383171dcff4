package io.consilium.dicom.net;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.net.internal.AssociateParams;
import io.consilium.dicom.net.internal.Commands;
import io.consilium.dicom.net.internal.Handshake;
import io.consilium.dicom.net.internal.Link;
import io.consilium.dicom.net.internal.PduException;
import io.consilium.dicom.net.internal.Pdus;
import io.consilium.dicom.net.internal.PresentationContext;
import io.consilium.dicom.net.internal.StoreReceiver;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * Our SCP: Verification (C-ECHO) and every Storage SOP class (C-STORE), over plain TCP or JDK TLS. Each
 * association gets its own thread up to {@link NetSettings#maxAssociations()}; beyond that a few more
 * connections are answered with A-ASSOCIATE-RJ (transient, local limit exceeded) and the rest are closed, so
 * a flood cannot exhaust threads or memory. Connections that send nothing hold their thread until ARTIM expires,
 * so two more limits keep such a trickle from stopping all ingest: one peer address has at most
 * {@link NetSettings#maxPerPeer()} connections open, and the last quarter of the associations is kept for
 * addresses that have associated before (with an AE title this SCP accepted). Protocol errors end one
 * association with A-ABORT and a logged reason; the others keep being served.
 */
public final class DicomServer implements Closeable {

    private static final System.Logger LOG = System.getLogger(DicomServer.class.getName());
    static final String VERIFICATION = "1.2.840.10008.1.1";
    /** Every Storage SOP class of PS3.4 Annex B lives under this root. */
    private static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";
    private static final int REJECTORS = 4;
    /** Enough addresses for every modality and PACS of a hospital; beyond it new peers are not remembered. */
    private static final int KNOWN_PEERS = 4096;
    private static final List<String> NON_STORAGE_PREFERENCE = List.of(
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());

    private final NetSettings settings;
    private final StoreHandler handler;
    private final ServerSocket serverSocket;
    private final ExecutorService sessions;
    private final ExecutorService rejectors;
    private final Semaphore sessionPermits;
    private final Semaphore rejectPermits = new Semaphore(REJECTORS);
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<InetAddress, Integer> openPerPeer = new ConcurrentHashMap<>();
    private final Set<InetAddress> knownPeers = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    private DicomServer(NetSettings settings, StoreHandler handler, ServerSocket serverSocket) {
        this.settings = settings;
        this.handler = handler;
        this.serverSocket = serverSocket;
        this.sessionPermits = new Semaphore(settings.maxAssociations());
        this.sessions = Executors.newFixedThreadPool(settings.maxAssociations(), daemon("dicom-association"));
        this.rejectors = Executors.newFixedThreadPool(REJECTORS, daemon("dicom-reject"));
        this.acceptor = daemon("dicom-acceptor").newThread(this::acceptLoop);
    }

    /**
     * Listens on {@code host:port} (port 0: an ephemeral port, see {@link #port()}).
     */
    public static DicomServer start(NetSettings settings, String host, int port, StoreHandler handler)
            throws IOException {
        ServerSocket socket = settings.tls() != null
                ? settings.tls().getServerSocketFactory().createServerSocket()
                : new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        var server = new DicomServer(settings, handler, socket);
        server.acceptor.start();
        LOG.log(Level.INFO, "DICOM SCP {0} listening on {1}:{2,number,#}{3}", settings.aeTitle(), host,
                server.port(), settings.tls() != null ? " (TLS)" : "");
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public NetSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        closing = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        sessions.shutdownNow();
        rejectors.shutdownNow();
        try {
            sessions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(Level.WARNING, "DICOM SCP: accept failed: {0}", e.getMessage());
                }
                continue;
            }
            InetAddress peer = socket.getInetAddress();
            String refusal = admit(peer);
            if (refusal == null && sessionPermits.tryAcquire()) {
                sessions.execute(() -> {
                    try {
                        serve(socket);
                    } finally {
                        sessionPermits.release();
                        leave(peer);
                    }
                });
                continue;
            }
            if (refusal == null) {
                leave(peer);
                refusal = settings.maxAssociations() + " associations already open";
            }
            String reason = refusal;
            if (rejectPermits.tryAcquire()) {
                rejectors.execute(() -> {
                    try {
                        rejectBusy(socket, reason);
                    } finally {
                        rejectPermits.release();
                    }
                });
            } else {
                LOG.log(Level.WARNING, "DICOM SCP: connection from {0} dropped ({1}), {2} rejections already in "
                        + "progress", peer.getHostAddress(), reason, REJECTORS);
                closeQuietly(socket);
            }
        }
    }

    /** Counts a connection from {@code peer} in; the reason it may not be served now, or null. */
    private String admit(InetAddress peer) {
        int open = openPerPeer.merge(peer, 1, Integer::sum);
        if (open > settings.maxPerPeer()) {
            leave(peer);
            return settings.maxPerPeer() + " connections from this address already open";
        }
        int inUse = settings.maxAssociations() - sessionPermits.availablePermits();
        int reserved = settings.maxAssociations() / 4;
        if (!knownPeers.contains(peer) && inUse >= settings.maxAssociations() - reserved) {
            leave(peer);
            return "the last " + reserved + " associations are kept for peers that have associated before";
        }
        return null;
    }

    private void leave(InetAddress peer) {
        openPerPeer.computeIfPresent(peer, (address, open) -> open > 1 ? open - 1 : null);
    }

    /** Over the limit: read the request (briefly) and reject it as transient, so the peer retries later. */
    private void rejectBusy(Socket socket, String reason) {
        try (socket) {
            socket.setSoTimeout((int) Math.min(settings.artimTimeout().toMillis(), 2000));
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake();
            }
            DataInputStream in = Link.input(socket);
            if (in.read() != Pdus.ASSOCIATE_RQ) {
                return;
            }
            in.readUnsignedByte();
            long length = in.readInt() & 0xFFFFFFFFL;
            if (length <= Handshake.MAX_ASSOCIATE_LENGTH) {
                in.skipNBytes(length);
            }
            OutputStream out = socket.getOutputStream();
            out.write(Pdus.reject(2, 3, 2));
            out.flush();
            LOG.log(Level.WARNING, "DICOM SCP: association from {0} rejected: {1}",
                    socket.getInetAddress().getHostAddress(), reason);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "DICOM SCP: rejecting a busy connection failed: {0}", e.getMessage());
        }
    }

    private void serve(Socket socket) {
        long id = ids.incrementAndGet();
        String address = socket.getInetAddress().getHostAddress();
        Link link = null;
        StoreHandler.Association association = null;
        String outcome = "failed";
        OutputStream out = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.artimTimeout().toMillis());
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake();
            }
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            DataInputStream in = Link.input(socket);
            AssociateParams rq = readRequest(in, out, address);
            if (rq == null) {
                return;
            }
            String username = rq.userIdentityType == 0 ? null : new String(rq.userPrimary, StandardCharsets.UTF_8);
            int[] rejection = rejection(rq, username);
            if (rejection != null) {
                out.write(Pdus.reject(rejection[0], rejection[1], rejection[2]));
                out.flush();
                LOG.log(Level.WARNING, "DICOM SCP: association {0} from {1} ({2} -> {3}) rejected: {4}", id, address,
                        rq.callingAe, rq.calledAe, Pdus.describeReject(rejection[0], rejection[1], rejection[2]));
                return;
            }
            if (knownPeers.size() < KNOWN_PEERS) {
                knownPeers.add(socket.getInetAddress());
            }
            AssociateParams ac = negotiate(rq);
            out.write(Pdus.associate(Pdus.ASSOCIATE_AC, ac));
            out.flush();
            link = new Link(socket, in, out, rq, ac, settings.maxPduLength(), rq.maxPduLength,
                    settings.idleTimeout(), settings.artimTimeout());
            association = new StoreHandler.Association(id, rq.callingAe, rq.calledAe, address, username);
            LOG.log(Level.DEBUG, "DICOM SCP: association {0} from {1} ({2}) accepted", id, rq.callingAe, address);
            outcome = dispatch(link, association);
        } catch (SocketTimeoutException e) {
            if (link == null) {
                outcome = "failed: ARTIM expired before A-ASSOCIATE-RQ";
                closeQuietly(socket);
            } else {
                outcome = "aborted: idle for " + settings.idleTimeout().toSeconds() + " s";
                link.abort(PduException.NOT_SPECIFIED);
            }
            LOG.log(Level.WARNING, "DICOM SCP: association {0} from {1}: {2}", id, address, outcome);
        } catch (PduException e) {
            outcome = "aborted: " + e.getMessage();
            LOG.log(Level.WARNING, "DICOM SCP: association {0} from {1} aborted (reason {2}): {3}", id, address,
                    e.abortReason(), e.getMessage());
            if (link != null) {
                link.abort(e.abortReason());
            } else {
                abort(socket, out, e.abortReason());
            }
        } catch (Link.AbortedException e) {
            outcome = "aborted by the peer";
            LOG.log(Level.INFO, "DICOM SCP: association {0} from {1} aborted by the peer", id, address);
        } catch (EOFException | SocketException e) {
            outcome = "failed: connection lost: " + e.getMessage();
            LOG.log(Level.WARNING, "DICOM SCP: association {0} from {1}: connection lost: {2}", id, address,
                    e.getMessage());
            closeQuietly(socket);
        } catch (IOException | RuntimeException e) {
            outcome = "failed: " + e.getMessage();
            LOG.log(Level.WARNING, "DICOM SCP: association " + id + " from " + address + " failed", e);
            if (link != null) {
                link.abort(PduException.NOT_SPECIFIED);
            } else {
                closeQuietly(socket);
            }
        } finally {
            if (association != null) {
                try {
                    handler.closed(association, outcome);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "DICOM SCP: recording the end of association " + id + " failed", e);
                }
            }
        }
    }

    private AssociateParams readRequest(DataInputStream in, OutputStream out, String address) throws IOException {
        int type = in.read();
        if (type < 0) {
            LOG.log(Level.DEBUG, "DICOM SCP: {0} connected and closed without A-ASSOCIATE-RQ", address);
            return null;
        }
        in.readUnsignedByte();
        long length = in.readInt() & 0xFFFFFFFFL;
        if (type != Pdus.ASSOCIATE_RQ) {
            boolean known = type >= Pdus.ASSOCIATE_RQ && type <= Pdus.ABORT;
            throw new PduException(String.format("%s PDU type 0x%02X before A-ASSOCIATE-RQ",
                    known ? "unexpected" : "unrecognized", type),
                    known ? PduException.UNEXPECTED_PDU : PduException.UNRECOGNIZED_PDU);
        }
        if (length < 68 || length > Handshake.MAX_ASSOCIATE_LENGTH) {
            throw new PduException("A-ASSOCIATE-RQ length " + length + " outside 68.." + Handshake.MAX_ASSOCIATE_LENGTH,
                    PduException.INVALID_PARAMETER_VALUE);
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        return Pdus.parseAssociate(Pdus.ASSOCIATE_RQ, body, null);
    }

    /** {result, source, reason} of an A-ASSOCIATE-RJ (PS3.8 9.3.4), or null to accept. */
    private int[] rejection(AssociateParams rq, String username) {
        if ((rq.protocolVersion & 1) == 0) {
            return new int[] {1, 2, 2};
        }
        if (!AssociateParams.APPLICATION_CONTEXT.equals(rq.applicationContext)) {
            return new int[] {1, 1, 2};
        }
        if (!settings.aeTitle().equals(rq.calledAe)) {
            return new int[] {1, 1, 7};
        }
        if (!settings.allowedCallingAes().isEmpty() && !settings.allowedCallingAes().contains(rq.callingAe)) {
            return new int[] {1, 1, 3};
        }
        if (settings.userCheck() != null) {
            boolean known = (rq.userIdentityType == 1 || rq.userIdentityType == 2) && username != null
                    && settings.userCheck().accepts(username, rq.userIdentityType == 2
                            ? new String(rq.userSecondary, StandardCharsets.UTF_8) : null);
            if (!known) {
                return new int[] {1, 1, 1};
            }
        }
        return null;
    }

    private AssociateParams negotiate(AssociateParams rq) {
        var ac = new AssociateParams();
        ac.calledAe = rq.calledAe;
        ac.callingAe = rq.callingAe;
        ac.maxPduLength = settings.maxPduLength();
        // The asynchronous operations window is declined by leaving it out: one operation at a time.
        if (rq.userIdentityType != 0 && rq.userResponseRequested && settings.userCheck() != null) {
            ac.userIdentityResponse = new byte[0];
        }
        for (PresentationContext pc : rq.contexts) {
            String syntax;
            int result;
            if (VERIFICATION.equals(pc.abstractSyntax())) {
                syntax = preferred(pc.transferSyntaxes());
                result = syntax == null ? PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED : 0;
            } else if (pc.abstractSyntax().startsWith(STORAGE_ROOT)) {
                // Instances are kept as received: the first syntax the sender proposes that we can read back.
                syntax = pc.transferSyntaxes().stream().filter(DicomServer::known).findFirst().orElse(null);
                result = syntax == null ? PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED : 0;
            } else {
                syntax = null;
                result = PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED;
            }
            ac.contexts.add(new PresentationContext(pc.id(), pc.abstractSyntax(),
                    syntax == null ? List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()) : List.of(syntax), result));
        }
        return ac;
    }

    private static String preferred(List<String> proposed) {
        return NON_STORAGE_PREFERENCE.stream().filter(proposed::contains).findFirst().orElse(null);
    }

    private static boolean known(String uid) {
        try {
            TransferSyntax.ofUid(uid);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String dispatch(Link link, StoreHandler.Association association) throws IOException {
        var receiver = new StoreReceiver(handler);
        while (true) {
            Dataset command = link.readCommand();
            if (command == null) {
                link.answerRelease();
                return "released";
            }
            int field = Commands.field(command);
            switch (field) {
                case Commands.C_ECHO_RQ -> link.sendCommand(link.messageContext(),
                        Commands.response(command, Status.SUCCESS, false));
                case Commands.C_STORE_RQ -> receiver.receive(link, command, association);
                case Commands.C_CANCEL_RQ -> { }
                default -> {
                    if (Commands.hasDataSet(command)) {
                        link.skipDataSet();
                    }
                    LOG.log(Level.WARNING, "DICOM SCP: association {0}: command 0x{1} is not offered",
                            association.id(), Integer.toHexString(field));
                    link.sendCommand(link.messageContext(),
                            Commands.response(command, Status.UNRECOGNIZED_OPERATION, false));
                }
            }
        }
    }

    private static void abort(Socket socket, OutputStream out, int reason) {
        try {
            if (out != null) {
                out.write(Pdus.abort(2, reason));
                out.flush();
            }
        } catch (IOException ignored) {
            // The peer is gone already.
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to do.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        var counter = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
