package io.consilium.dicom.net;

/** The Query/Retrieve information models of PS3.4 Annex C with their FIND, MOVE and GET SOP classes. */
public enum QueryModel {
    PATIENT_ROOT("1.2.840.10008.5.1.4.1.2.1.1", "1.2.840.10008.5.1.4.1.2.1.2", "1.2.840.10008.5.1.4.1.2.1.3"),
    STUDY_ROOT("1.2.840.10008.5.1.4.1.2.2.1", "1.2.840.10008.5.1.4.1.2.2.2", "1.2.840.10008.5.1.4.1.2.2.3");

    private final String find;
    private final String move;
    private final String get;

    QueryModel(String find, String move, String get) {
        this.find = find;
        this.move = move;
        this.get = get;
    }

    public String findSopClass() {
        return find;
    }

    public String moveSopClass() {
        return move;
    }

    public String getSopClass() {
        return get;
    }
}
