package io.consilium.dicom;

/** A transfer syntax Consilium cannot decode; the message names it so an integrator can reconfigure the PACS. */
public class UnsupportedTransferSyntaxException extends RuntimeException {

    private final String uid;

    public UnsupportedTransferSyntaxException(String uid) {
        super("unsupported transfer syntax " + uid);
        this.uid = uid;
    }

    public String uid() {
        return uid;
    }
}
