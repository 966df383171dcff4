package io.consilium.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.VR;
import io.consilium.dicom.net.internal.AssociateParams;
import io.consilium.dicom.net.internal.Commands;
import io.consilium.dicom.net.internal.Pdus;
import io.consilium.dicom.net.internal.PresentationContext;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken peers: the SCP answers as PS3.8 says, keeps nothing partial and keeps serving others. */
class WireAbuseTest {

    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String EXPLICIT = "1.2.840.10008.1.2.1";

    @TempDir
    Path tmp;
    DicomServer server;
    Path received;

    @BeforeEach
    void start() throws Exception {
        received = tmp.resolve("received");
        server = DicomServer.start(NetSettings.of("CONSILIUM")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withMaxAssociations(2), "127.0.0.1", 0, new FolderStore(received));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void unknownPduTypeIsAbortedAsUnrecognized() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[] {0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0});
            assertThat(readPdu(s)).containsExactly(7, 0, 0, 2, 1);
        }
        assertStillServing();
    }

    @Test
    void dataBeforeAssociationIsAbortedAsUnexpected() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[] {0x04, 0, 0, 0, 0, 8, 0, 0, 0, 4, 1, 3, 0, 0});
            assertThat(readPdu(s)).containsExactly(7, 0, 0, 2, 2);
        }
        assertStillServing();
    }

    @Test
    void itemLengthPastItsPduIsAbortedAsInvalidParameter() throws Exception {
        byte[] rq = Pdus.associate(Pdus.ASSOCIATE_RQ, request());
        ByteBuffer.wrap(rq).putShort(6 + 68 + 2, (short) 0x7FFF);
        try (Socket s = connect()) {
            s.getOutputStream().write(rq);
            assertThat(readPdu(s)).containsExactly(7, 0, 0, 2, 6);
        }
        assertStillServing();
    }

    @Test
    void hugeAssociateLengthIsAbortedWithoutAllocating() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[] {0x01, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertThat(readPdu(s)).containsExactly(7, 0, 0, 2, 6);
        }
        assertStillServing();
    }

    @Test
    void unsupportedProtocolVersionIsRejectedPermanently() throws Exception {
        AssociateParams p = request();
        p.protocolVersion = 2;
        try (Socket s = connect()) {
            s.getOutputStream().write(Pdus.associate(Pdus.ASSOCIATE_RQ, p));
            assertThat(readPdu(s)).containsExactly(3, 0, 1, 2, 2);
        }
    }

    @Test
    void asynchronousWindowIsDeclinedByLeavingItOut() throws Exception {
        AssociateParams p = request();
        p.asyncWindow = new int[] {16, 16};
        try (Socket s = connect()) {
            s.getOutputStream().write(Pdus.associate(Pdus.ASSOCIATE_RQ, p));
            byte[] ac = readPdu(s);
            assertThat(ac[0]).isEqualTo((byte) 2);
            AssociateParams accepted = Pdus.parseAssociate(2, java.util.Arrays.copyOfRange(ac, 1, ac.length), p);
            assertThat(accepted.asyncWindow).isNull();
            assertThat(accepted.contexts).singleElement().satisfies(pc -> assertThat(pc.accepted()).isTrue());
        }
    }

    @Test
    void pdvLongerThanItsPduIsAbortedAndNothingIsStored() throws Exception {
        try (Socket s = associate()) {
            OutputStream out = s.getOutputStream();
            out.write(ByteBuffer.allocate(16).put((byte) 4).put((byte) 0).putInt(10).putInt(100).put((byte) 1)
                    .put((byte) 3).putInt(0).array());
            assertThat(readPdu(s)).containsExactly(7, 0, 0, 2, 6);
        }
        assertNothingKept();
        assertStillServing();
    }

    @Test
    void peerStoppingMidPduLeavesNothingAndOthersAreServed() throws Exception {
        try (Socket s = associate()) {
            OutputStream out = s.getOutputStream();
            Dataset rq = Commands.request(Commands.C_STORE_RQ, CT, 1, true);
            rq.putString(Commands.AFFECTED_SOP_INSTANCE, VR.UI, "1.2.3.4");
            byte[] command = Commands.encode(rq);
            out.write(pdv(command, true, true));
            // A data PDU that announces 1000 bytes and carries 100, then silence and close.
            out.write(ByteBuffer.allocate(112).put((byte) 4).put((byte) 0).putInt(1006).putInt(1002).put((byte) 1)
                    .put((byte) 2).array());
            out.flush();
            Thread.sleep(300);
        }
        Thread.sleep(300);
        assertNothingKept();
        assertStillServing();
    }

    @Test
    void idlePeerIsAbortedAfterTheIdleTimeout() throws Exception {
        try (Socket s = associate()) {
            long start = System.nanoTime();
            assertThat(readPdu(s)).containsExactly(7, 0, 0, 2, 0);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void silentConnectionIsClosedWhenArtimExpires() throws Exception {
        try (Socket s = connect()) {
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void floodIsBoundedAndRejectedAsTransientThenServiceResumes() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            held.add(associate());
            held.add(associate());
            int rejected = 0;
            int dropped = 0;
            List<Socket> flood = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Socket s = connect();
                s.getOutputStream().write(Pdus.associate(Pdus.ASSOCIATE_RQ, request()));
                flood.add(s);
            }
            for (Socket s : flood) {
                try (s) {
                    byte[] answer = readPdu(s);
                    if (answer.length == 0) {
                        dropped++;
                    } else {
                        assertThat(answer).containsExactly(3, 0, 2, 3, 2);
                        rejected++;
                    }
                } catch (IOException e) {
                    dropped++;
                }
            }
            assertThat(rejected).isPositive();
            assertThat(rejected + dropped).isEqualTo(30);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Thread.sleep(300);
        assertStillServing();
    }

    private void assertNothingKept() throws IOException {
        if (Files.isDirectory(received)) {
            try (Stream<Path> files = Files.list(received)) {
                assertThat(files).isEmpty();
            }
        }
    }

    private void assertStillServing() throws IOException {
        new DicomClient(NetSettings.of("CHECK")).echo(new RemoteAe("CONSILIUM", "127.0.0.1", server.port()));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        return s;
    }

    private Socket associate() throws IOException {
        Socket s = connect();
        s.getOutputStream().write(Pdus.associate(Pdus.ASSOCIATE_RQ, request()));
        assertThat(readPdu(s)[0]).isEqualTo((byte) 2);
        return s;
    }

    private static AssociateParams request() {
        var p = new AssociateParams();
        p.callingAe = "ABUSER";
        p.calledAe = "CONSILIUM";
        p.maxPduLength = 16384;
        p.contexts.add(new PresentationContext(1, CT, List.of(EXPLICIT), 0));
        return p;
    }

    private static byte[] pdv(byte[] value, boolean command, boolean last) {
        return ByteBuffer.allocate(12 + value.length).put((byte) 4).put((byte) 0).putInt(6 + value.length)
                .putInt(2 + value.length).put((byte) 1).put((byte) ((command ? 1 : 0) | (last ? 2 : 0))).put(value)
                .array();
    }

    /** The next PDU: its type followed by its body; empty when the SCP closed without a PDU. */
    private static byte[] readPdu(Socket s) throws IOException {
        var in = new DataInputStream(s.getInputStream());
        int type = in.read();
        if (type < 0) {
            return new byte[0];
        }
        in.readUnsignedByte();
        int length = in.readInt();
        byte[] out = new byte[1 + length];
        out[0] = (byte) type;
        in.readFully(out, 1, length);
        return out;
    }
}
