package io.consilium.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuditSigningKeyTest {

    private final AuditSigningKey key = AuditSigningKey.generate();

    @Test
    void aCheckpointVerifiesOnlyForWhatWasSigned() {
        String signature = key.signCheckpoint("main", 1000, "ab".repeat(32));
        assertThat(key.verifiesCheckpoint("main", 1000, "ab".repeat(32), signature)).isTrue();
        assertThat(key.verifiesCheckpoint("main", 1001, "ab".repeat(32), signature)).isFalse();
        assertThat(key.verifiesCheckpoint("main", 1000, "cd".repeat(32), signature)).isFalse();
        assertThat(key.verifiesCheckpoint("other", 1000, "ab".repeat(32), signature)).isFalse();
        assertThat(AuditSigningKey.generate().verifiesCheckpoint("main", 1000, "ab".repeat(32), signature)).isFalse();
    }

    @Test
    void survivesItsBase64Encoding() {
        AuditSigningKey decoded = AuditSigningKey.decode(key.privateKeyBase64(), key.publicKeyBase64());
        assertThat(decoded.keyId()).isEqualTo(key.keyId()).hasSize(16);
        assertThat(key.verifiesCheckpoint("main", 7, "00", decoded.signCheckpoint("main", 7, "00"))).isTrue();
    }

    @Test
    void halvesOfDifferentKeysAreRefused() {
        assertThatThrownBy(() -> AuditSigningKey.decode(key.privateKeyBase64(),
                AuditSigningKey.generate().publicKeyBase64()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not match");
        assertThatThrownBy(() -> AuditSigningKey.decode("bm90IGEga2V5", key.publicKeyBase64()))
                .hasMessageContaining("not an Ed25519 key pair");
    }
}
