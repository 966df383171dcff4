package io.consilium.audit;

import java.util.Objects;

/**
 * Who acted: a person (with the role they acted in), a service, or an AI model identified by name, version
 * and the digest of the weights it ran with, so an auditor can tell exactly which model decided.
 *
 * @param kind          person, service or model
 * @param id            user name, service name, or model name
 * @param role          the role the person acted in (e.g. {@code radiologist}); empty for services and models
 * @param modelVersion  model version; empty unless {@code kind} is {@link Kind#MODEL}
 * @param weightsDigest digest of the model weights, e.g. {@code sha256:...}; empty unless a model
 */
public record Actor(Kind kind, String id, String role, String modelVersion, String weightsDigest) {

    /** What kind of actor this is. */
    public enum Kind {
        USER, SERVICE, MODEL
    }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        id = AuditEvent.requireText(id, "actor id");
        role = AuditEvent.orEmpty(role);
        modelVersion = AuditEvent.orEmpty(modelVersion);
        weightsDigest = AuditEvent.orEmpty(weightsDigest);
        if (kind == Kind.MODEL && (modelVersion.isEmpty() || weightsDigest.isEmpty())) {
            throw new IllegalArgumentException("a model actor needs its version and weights digest");
        }
    }

    public static Actor user(String userName, String role) {
        return new Actor(Kind.USER, userName, role, "", "");
    }

    public static Actor service(String serviceName) {
        return new Actor(Kind.SERVICE, serviceName, "", "", "");
    }

    public static Actor model(String name, String version, String weightsDigest) {
        return new Actor(Kind.MODEL, name, "", version, weightsDigest);
    }
}
