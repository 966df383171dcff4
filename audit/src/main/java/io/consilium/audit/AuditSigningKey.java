package io.consilium.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 key pair that signs checkpoints of the chain (JDK built-in Ed25519). A signed checkpoint
 * fixes a stream's hash at a sequence number: rewriting the chain up to there needs the private key.
 */
public final class AuditSigningKey {

    private static final String ALGORITHM = "Ed25519";
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private AuditSigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = HexFormat.of().formatHex(AuditChain.sha256().digest(publicKey.getEncoded())).substring(0, 16);
    }

    /** A fresh key pair. */
    public static AuditSigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new AuditSigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    /**
     * Reads a key pair from its Base64 encodings (private key PKCS#8, public key X.509).
     *
     * @throws IllegalArgumentException when either is not an Ed25519 key or they do not belong together
     */
    public static AuditSigningKey decode(String privateKeyBase64, String publicKeyBase64) {
        try {
            var factory = KeyFactory.getInstance(ALGORITHM);
            var key = new AuditSigningKey(
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64.strip()))),
                    factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64.strip()))));
            byte[] probe = "consilium".getBytes(StandardCharsets.US_ASCII);
            if (!key.verifies(probe, key.sign(probe))) {
                throw new IllegalArgumentException("the audit signing key's private and public halves do not match");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 key pair (PKCS#8 / X.509, Base64): " + e.getMessage(), e);
        }
    }

    public String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** First 16 hex digits of the SHA-256 of the public key: names the key a checkpoint was signed with. */
    public String keyId() {
        return keyId;
    }

    String signCheckpoint(String stream, long sequence, String hash) {
        return Base64.getEncoder().encodeToString(sign(checkpointBytes(stream, sequence, hash)));
    }

    boolean verifiesCheckpoint(String stream, long sequence, String hash, String signatureBase64) {
        try {
            return verifies(checkpointBytes(stream, sequence, hash), Base64.getDecoder().decode(signatureBase64));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static byte[] checkpointBytes(String stream, long sequence, String hash) {
        return ("consilium-audit-checkpoint\n" + stream + "\n" + sequence + "\n" + hash)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint", e);
        }
    }

    private boolean verifies(byte[] data, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(data);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
