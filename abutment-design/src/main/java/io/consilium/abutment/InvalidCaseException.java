package io.consilium.abutment;

/** A case that cannot be designed as given; the message names the field and the problem. */
public class InvalidCaseException extends IllegalArgumentException {

    private final String field;

    public InvalidCaseException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** JSON path of the offending field, e.g. {@code sites[1].softTissue.heightMm}. */
    public String field() {
        return field;
    }
}
