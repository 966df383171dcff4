package io.consilium.audit;

/** An audit record could not be made durable: the audited action must fail too. */
public class AuditWriteException extends RuntimeException {

    public AuditWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
