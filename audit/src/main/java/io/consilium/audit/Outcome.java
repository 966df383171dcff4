package io.consilium.audit;

/** How an audited action ended, with the codes DICOM (EventOutcomeIndicator) and FHIR AuditEvent share. */
public enum Outcome {
    SUCCESS("0"), MINOR_FAILURE("4"), SERIOUS_FAILURE("8"), MAJOR_FAILURE("12");

    private final String code;

    Outcome(String code) {
        this.code = code;
    }

    /** The DICOM / FHIR outcome code. */
    public String code() {
        return code;
    }
}
