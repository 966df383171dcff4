package io.consilium.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a collector configured, every sealed record reaches it as an ATNA syslog message. */
@QuarkusTest
@TestProfile(AuditSyslogForwardingTest.WithCollector.class)
class AuditSyslogForwardingTest {

    /** JVM-wide, because the profile and the test may live in different class loaders. */
    private static final String PORT = "audit-syslog-test.port";

    @Inject
    AuditTrail trail;

    @Test
    void sealedRecordsAreForwardedToTheConfiguredCollector() throws Exception {
        String message;
        try (var collector = new DatagramSocket(Integer.parseInt(System.getProperty(PORT)),
                InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(10_000);
            trail.record(AuditEvent.of(Actor.user("dr.grey", "radiologist"), "study.read", "ImagingStudy/1.2.3")
                    .patient("PID-FORWARDED-1").build());
            do {
                var packet = new DatagramPacket(new byte[65_536], 65_536);
                collector.receive(packet);
                message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            } while (!message.contains("PID-FORWARDED-1"));
        }
        assertThat(message).startsWith("<85>1 ").contains(" consilium ").contains(" DICOM+RFC3881 - ")
                .contains("ParticipantObjectID=\"PID-FORWARDED-1\"").contains("UserID=\"dr.grey\"")
                .contains("AuditSourceID=\"consilium-test-site\"");
    }

    private static String freePort() {
        try (var probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return Integer.toString(probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class WithCollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("consilium.audit.syslog.host", "127.0.0.1",
                    "consilium.audit.syslog.port", (String) System.getProperties().computeIfAbsent(PORT,
                            key -> freePort()),
                    "consilium.audit.syslog.transport", "UDP",
                    "consilium.audit.source-id", "consilium-test-site");
        }
    }
}
