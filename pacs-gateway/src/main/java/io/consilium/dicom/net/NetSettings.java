package io.consilium.dicom.net;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How this application entity talks on the network, as SCU and SCP.
 *
 * @param aeTitle            our AE title (calling AE as SCU, the only called AE we answer to as SCP)
 * @param maxPduLength       the largest P-DATA-TF PDU we accept (announced in A-ASSOCIATE)
 * @param connectTimeout     TCP connect (SCU)
 * @param artimTimeout       ARTIM: waiting for A-ASSOCIATE-RQ/AC and for A-RELEASE-RP
 * @param idleTimeout        an established association with no PDU for this long is aborted
 * @param tls                JDK TLS on every association when not null
 * @param allowedCallingAes  SCP: calling AE titles accepted (empty: any)
 * @param maxAssociations    SCP: associations served at once; more are rejected (transient, local limit)
 * @param maxPerPeer         SCP: connections open at once from one peer address; more are rejected the same way
 * @param user               SCU: user identity sent in A-ASSOCIATE-RQ (null: none)
 * @param userCheck          SCP: when set, associations must carry a user identity that it accepts
 */
public record NetSettings(String aeTitle, int maxPduLength, Duration connectTimeout, Duration artimTimeout,
        Duration idleTimeout, SSLContext tls, Set<String> allowedCallingAes, int maxAssociations,
        int maxPerPeer, UserIdentity user, UserCheck userCheck) {

    /** Username and optional passcode (PS3.7 D.3.3.7 types 1 and 2). */
    public record UserIdentity(String username, String password) {
        public UserIdentity {
            Objects.requireNonNull(username, "username");
        }
    }

    /** Decides whether a user identity may associate. */
    @FunctionalInterface
    public interface UserCheck {
        boolean accepts(String username, String password);
    }

    public static final int DEFAULT_MAX_PDU = 1 << 16;

    public NetSettings {
        aeTitle = AeTitles.check(aeTitle);
        if (maxPduLength < 4096 || maxPduLength > (1 << 24)) {
            throw new IllegalArgumentException("max PDU length " + maxPduLength + " is outside 4096..16777216");
        }
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(artimTimeout);
        Objects.requireNonNull(idleTimeout);
        allowedCallingAes = Set.copyOf(allowedCallingAes);
        if (maxAssociations < 1 || maxPerPeer < 1) {
            throw new IllegalArgumentException("max associations, in all and per peer, must be positive");
        }
    }

    /**
     * Defaults: 64 KiB PDUs, 10 s connect and ARTIM, 60 s idle, no TLS, anyone may call, 32 associations, 8 of them
     * from one address.
     */
    public static NetSettings of(String aeTitle) {
        return new NetSettings(aeTitle, DEFAULT_MAX_PDU, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(60), null, Set.of(), 32, 8, null, null);
    }

    public NetSettings withMaxPduLength(int bytes) {
        return new NetSettings(aeTitle, bytes, connectTimeout, artimTimeout, idleTimeout, tls, allowedCallingAes,
                maxAssociations, maxPerPeer, user, userCheck);
    }

    public NetSettings withTimeouts(Duration connect, Duration artim, Duration idle) {
        return new NetSettings(aeTitle, maxPduLength, connect, artim, idle, tls, allowedCallingAes,
                maxAssociations, maxPerPeer, user, userCheck);
    }

    public NetSettings withTls(SSLContext context) {
        return new NetSettings(aeTitle, maxPduLength, connectTimeout, artimTimeout, idleTimeout, context,
                allowedCallingAes, maxAssociations, maxPerPeer, user, userCheck);
    }

    public NetSettings withAllowedCallingAes(Set<String> aeTitles) {
        return new NetSettings(aeTitle, maxPduLength, connectTimeout, artimTimeout, idleTimeout, tls, aeTitles,
                maxAssociations, maxPerPeer, user, userCheck);
    }

    public NetSettings withMaxAssociations(int count) {
        return new NetSettings(aeTitle, maxPduLength, connectTimeout, artimTimeout, idleTimeout, tls,
                allowedCallingAes, count, maxPerPeer, user, userCheck);
    }

    public NetSettings withMaxPerPeer(int count) {
        return new NetSettings(aeTitle, maxPduLength, connectTimeout, artimTimeout, idleTimeout, tls,
                allowedCallingAes, maxAssociations, count, user, userCheck);
    }

    public NetSettings withUser(UserIdentity identity) {
        return new NetSettings(aeTitle, maxPduLength, connectTimeout, artimTimeout, idleTimeout, tls,
                allowedCallingAes, maxAssociations, maxPerPeer, identity, userCheck);
    }

    public NetSettings withUserCheck(UserCheck check) {
        return new NetSettings(aeTitle, maxPduLength, connectTimeout, artimTimeout, idleTimeout, tls,
                allowedCallingAes, maxAssociations, maxPerPeer, user, check);
    }
}
