package io.consilium.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Sends audit records to an IHE ATNA audit record repository: a DICOM audit message (PS3.15 A.5) in an
 * RFC 5424 syslog message, over UDP (RFC 5426) or TCP with octet-counting framing (RFC 6587).
 * The collector is part of the protected audit channel, so the message carries the patient identifier.
 */
public final class AtnaSyslogSender implements AutoCloseable {

    /** How messages travel to the collector. */
    public enum Transport {
        UDP, TCP
    }

    /** Facility 10 (security/authorization), severity 5 (notice), as ATNA asks. */
    private static final int PRIORITY = 10 * 8 + 5;
    private static final int MAX_UDP_PAYLOAD = 65_507;

    private final InetSocketAddress collector;
    private final Transport transport;
    private final String hostname;
    private final String appName;
    private final String auditSourceId;
    private DatagramSocket udp;
    private Socket tcp;

    public AtnaSyslogSender(String host, int port, Transport transport, String hostname, String appName,
            String auditSourceId) {
        this.collector = new InetSocketAddress(host, port);
        this.transport = transport;
        this.hostname = printable(hostname, 255);
        this.appName = printable(appName, 48);
        this.auditSourceId = auditSourceId;
    }

    /** Sends one record; reconnects once over TCP if the connection dropped. */
    public synchronized void send(SealedRecord record) throws IOException {
        byte[] message = message(record);
        if (transport == Transport.UDP) {
            if (message.length > MAX_UDP_PAYLOAD) {
                throw new IOException("audit message of " + message.length + " bytes exceeds a UDP datagram");
            }
            if (udp == null) {
                udp = new DatagramSocket();
            }
            udp.send(new DatagramPacket(message, message.length, collector));
            return;
        }
        byte[] frame = frame(message);
        try {
            tcpStream().write(frame);
        } catch (IOException dropped) {
            closeTcp();
            tcpStream().write(frame);
        }
    }

    /** The RFC 5424 message: header, no structured data, then the DICOM audit message XML (UTF-8 with BOM). */
    byte[] message(SealedRecord record) {
        String header = "<" + PRIORITY + ">1 "
                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        record.event().recordedAt().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC))
                + " " + hostname + " " + appName + " " + ProcessHandle.current().pid() + " DICOM+RFC3881 - ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = DicomAuditMessage.xml(record, auditSourceId).getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + 3 + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        message[head.length] = (byte) 0xEF;
        message[head.length + 1] = (byte) 0xBB;
        message[head.length + 2] = (byte) 0xBF;
        System.arraycopy(body, 0, message, head.length + 3, body.length);
        return message;
    }

    private static byte[] frame(byte[] message) {
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + message.length];
        System.arraycopy(length, 0, frame, 0, length.length);
        System.arraycopy(message, 0, frame, length.length, message.length);
        return frame;
    }

    private OutputStream tcpStream() throws IOException {
        if (tcp == null) {
            tcp = new Socket();
            tcp.connect(collector, 5_000);
        }
        return tcp.getOutputStream();
    }

    private void closeTcp() {
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException ignored) {
            // Already broken; a new connection follows.
        }
        tcp = null;
    }

    @Override
    public synchronized void close() {
        closeTcp();
        if (udp != null) {
            udp.close();
        }
    }

    /** RFC 5424 header fields are printable US-ASCII without spaces. */
    private static String printable(String value, int max) {
        String cleaned = value == null ? "" : value.replaceAll("[^\\x21-\\x7E]", "").toLowerCase(Locale.ROOT);
        cleaned = cleaned.isEmpty() ? "-" : cleaned;
        return cleaned.length() > max ? cleaned.substring(0, max) : cleaned;
    }
}
