package io.consilium.server.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The local development realm has well-known passwords: with it the server warns on every start and
 * refuses to listen anywhere but on loopback.
 */
@ApplicationScoped
class DevelopmentRealmGuard {

    private static final Logger LOG = Logger.getLogger(DevelopmentRealmGuard.class);
    static final String SETTING = "consilium.security.development-realm";

    private final SecurityConfig config;
    private final String host;
    private final boolean listening;
    private final String authServer;

    DevelopmentRealmGuard(SecurityConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean listening,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url", defaultValue = "") String authServer) {
        this.config = config;
        this.host = host;
        this.listening = listening;
        this.authServer = authServer;
    }

    void check(@Observes StartupEvent event) {
        if (!config.developmentRealm() || !listening) {
            return;
        }
        if (!isLoopback(host)) {
            throw new ConfigurationException(SETTING + "=true (the local development realm, whose passwords are"
                    + " public) cannot be used with quarkus.http.host=" + host + ": it listens beyond this machine."
                    + " Point CONSILIUM_OIDC_AUTH_SERVER_URL at your identity provider and unset CONSILIUM_DEV_REALM,"
                    + " or listen on 127.0.0.1", Set.of(SETTING, "quarkus.http.host"));
        }
        LOG.warnf("DEVELOPMENT REALM: signing in through %s, where the users rad1, rad2, dent1, tech1, int1,"
                + " aud1 and admin1 have their user name as password. For development on this machine only,"
                + " never for patient data.", authServer);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
