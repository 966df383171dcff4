package io.consilium.dicom.net;

import java.util.Objects;

/** A peer application entity: its AE title and where it listens. */
public record RemoteAe(String aeTitle, String host, int port) {

    public RemoteAe {
        aeTitle = AeTitles.check(aeTitle);
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}
