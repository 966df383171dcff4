package io.consilium.server.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;

/** Access settings (prefix {@code consilium.security}); the identity provider itself is {@code quarkus.oidc.*}. */
@ConfigMapping(prefix = "consilium.security")
public interface SecurityConfig {

    /**
     * The identity provider is the committed local development realm (users whose password is their user
     * name): the server warns loudly and refuses to listen beyond loopback.
     */
    @WithDefault("false")
    boolean developmentRealm();

    /**
     * FHIR (and DICOMweb) access each realm role grants, in the grammar of SMART scopes without their
     * context prefix: {@code Type.read}, {@code Type.write}, {@code *.read}, {@code Type.*}. A role that is
     * not listed grants nothing there.
     */
    Map<String, List<String>> roleGrants();

    /** The clinical areas whose records each realm role reads; a role that is not listed reads none. */
    Map<String, List<ClinicalArea>> roleAreas();
}
