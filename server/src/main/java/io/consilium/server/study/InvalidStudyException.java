package io.consilium.server.study;

/** A study that cannot be accepted, with the reason a person can act on. */
public class InvalidStudyException extends RuntimeException {

    public InvalidStudyException(String message) {
        super(message);
    }
}
