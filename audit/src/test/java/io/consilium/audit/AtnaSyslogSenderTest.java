package io.consilium.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Sends to a real syslog receiver on 127.0.0.1 and checks what arrived, byte for byte where it matters. */
class AtnaSyslogSenderTest {

    private final SealedRecord record = AuditChain.seal("consilium", 7,
            AuditEvent.of(Actor.user("dr.grey", "radiologist"), "study.read", "ImagingStudy/1.2.3")
                    .at(Instant.parse("2026-11-27T08:00:00.5Z")).patient("PID-<4711>").source("10.1.2.3").build(),
            AuditChain.GENESIS);

    @Test
    void udpCollectorReceivesAnRfc5424DicomAuditMessage() throws Exception {
        try (var receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                var sender = new AtnaSyslogSender("127.0.0.1", receiver.getLocalPort(),
                        AtnaSyslogSender.Transport.UDP, "consilium-host", "consilium", "consilium-site")) {
            receiver.setSoTimeout(5_000);
            sender.send(record);
            var packet = new DatagramPacket(new byte[65_536], 65_536);
            receiver.receive(packet);
            assertWellFormed(Arrays.copyOf(packet.getData(), packet.getLength()));
        }
    }

    @Test
    void tcpCollectorReceivesOctetCountedFrames() throws Exception {
        try (var receiver = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var sender = new AtnaSyslogSender("127.0.0.1", receiver.getLocalPort(),
                        AtnaSyslogSender.Transport.TCP, "consilium-host", "consilium", "consilium-site")) {
            sender.send(record);
            sender.send(record);
            try (Socket connection = receiver.accept()) {
                connection.setSoTimeout(5_000);
                InputStream in = connection.getInputStream();
                assertWellFormed(readFrame(in));
                assertWellFormed(readFrame(in));
            }
        }
    }

    private static byte[] readFrame(InputStream in) throws Exception {
        var length = new StringBuilder();
        int c;
        while ((c = in.read()) != ' ') {
            assertThat(c).as("frame length digit").isBetween((int) '0', (int) '9');
            length.append((char) c);
        }
        byte[] frame = new byte[Integer.parseInt(length.toString())];
        new DataInputStream(in).readFully(frame);
        return frame;
    }

    private static void assertWellFormed(byte[] message) throws Exception {
        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<85>1 2026-11-27T08:00:00.5Z consilium-host consilium "
                + ProcessHandle.current().pid() + " DICOM+RFC3881 - \uFEFF<?xml");
        int bom = text.indexOf('\uFEFF');
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                text.substring(bom + 1).getBytes(StandardCharsets.UTF_8)));
        Element event = (Element) xml.getElementsByTagName("EventIdentification").item(0);
        assertThat(event.getAttribute("EventActionCode")).isEqualTo("R");
        assertThat(event.getAttribute("EventOutcomeIndicator")).isEqualTo("0");
        assertThat(((Element) xml.getElementsByTagName("ActiveParticipant").item(0)).getAttribute("UserID"))
                .isEqualTo("dr.grey");
        assertThat(((Element) xml.getElementsByTagName("AuditSourceIdentification").item(0))
                .getAttribute("AuditSourceID")).isEqualTo("consilium-site");
        Element patient = (Element) xml.getElementsByTagName("ParticipantObjectIdentification").item(0);
        assertThat(patient.getAttribute("ParticipantObjectID")).isEqualTo("PID-<4711>");
        assertThat(patient.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("1");
    }
}
