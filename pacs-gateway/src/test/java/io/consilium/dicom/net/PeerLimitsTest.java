package io.consilium.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.net.internal.AssociateParams;
import io.consilium.dicom.net.internal.Pdus;
import io.consilium.dicom.net.internal.PresentationContext;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that never send A-ASSOCIATE-RQ hold an association until ARTIM expires: a trickle of them from one
 * address, or from several, must not stop the modalities that send studies. Peers are told apart by loopback
 * source address (127.0.0.2, 127.0.0.3, ...), which Linux routes to 127.0.0.1.
 */
class PeerLimitsTest {

    private static final Duration ARTIM = Duration.ofSeconds(20);
    /** A-ASSOCIATE-RJ, transient, service provider (presentation), local limit exceeded. */
    private static final byte[] BUSY = {3, 0, 2, 3, 2};

    @TempDir
    Path tmp;
    DicomServer server;
    final List<Socket> idle = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = DicomServer.start(NetSettings.of("CONSILIUM").withTimeouts(Duration.ofSeconds(2), ARTIM,
                Duration.ofSeconds(20)).withMaxAssociations(8).withMaxPerPeer(3), "127.0.0.1", 0,
                new FolderStore(tmp));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : idle) {
            socket.close();
        }
        server.close();
    }

    @Test
    void oneAddressHoldsAtMostItsShareAndOthersAreServedAtOnce() throws Exception {
        holdIdle("127.0.0.2", 3);

        // A fourth connection from that address is refused as busy right away, not held for ARTIM.
        long start = System.nanoTime();
        assertThat(associate("127.0.0.2")).containsExactly(BUSY);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // Everyone else is served as usual.
        assertThat(associate("127.0.0.3")[0]).as("A-ASSOCIATE-AC").isEqualTo((byte) 2);
        echo();
    }

    @Test
    void theLastQuarterIsKeptForPeersThatAssociatedBefore() throws Exception {
        echo();
        // Six of eight held by addresses never seen before: the remaining two are for known peers only.
        holdIdle("127.0.0.2", 3);
        holdIdle("127.0.0.3", 3);

        assertThat(associate("127.0.0.4")).as("a new address").containsExactly(BUSY);
        echo();
        echo();
    }

    private void holdIdle(String address, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            idle.add(connect(address));
        }
        // The SCP accepts on its own thread: let it count them in.
        Thread.sleep(300);
    }

    private void echo() throws IOException {
        new DicomClient(NetSettings.of("MODALITY")).echo(new RemoteAe("CONSILIUM", "127.0.0.1", server.port()));
    }

    /** Sends an A-ASSOCIATE-RQ from {@code address}; the answer PDU (type and body). */
    private byte[] associate(String address) throws IOException {
        try (Socket socket = connect(address)) {
            var rq = new AssociateParams();
            rq.callingAe = "PEER";
            rq.calledAe = "CONSILIUM";
            rq.maxPduLength = 16384;
            rq.contexts.add(new PresentationContext(1, DicomServer.VERIFICATION, List.of("1.2.840.10008.1.2"), 0));
            socket.getOutputStream().write(Pdus.associate(Pdus.ASSOCIATE_RQ, rq));
            var in = new DataInputStream(socket.getInputStream());
            int type = in.read();
            if (type < 0) {
                return new byte[0];
            }
            in.readUnsignedByte();
            byte[] pdu = new byte[1 + in.readInt()];
            pdu[0] = (byte) type;
            in.readFully(pdu, 1, pdu.length - 1);
            return pdu;
        }
    }

    private Socket connect(String address) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }
}
