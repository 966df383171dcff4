package io.consilium.dicom;

/**
 * The File Meta Information of a DICOM Part 10 file (PS3.10 7.1): group 0002, always Explicit VR Little
 * Endian, naming the SOP instance and the transfer syntax of the data set that follows.
 */
public record FileMetaInformation(Dataset group) {

    /** Our implementation class UID (UUID-derived 2.25 root) and version name (PS3.7 D.3.3.2). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.193409720113347735493003813271580183917";
    public static final String IMPLEMENTATION_VERSION_NAME = "CONSILIUM_01";

    static final Tag VERSION = new Tag(0x0002, 0x0001);
    static final Tag IMPLEMENTATION_CLASS = new Tag(0x0002, 0x0012);
    static final Tag IMPLEMENTATION_VERSION = new Tag(0x0002, 0x0013);

    /** A new meta group for an instance written by Consilium. */
    public static FileMetaInformation create(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        var group = new Dataset();
        group.put(DicomElement.of(VERSION, VR.OB, new byte[] {0, 1}));
        group.putString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, sopClassUid);
        group.putString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, sopInstanceUid);
        group.putString(Tag.TRANSFER_SYNTAX_UID, VR.UI, transferSyntaxUid);
        group.putString(IMPLEMENTATION_CLASS, VR.UI, IMPLEMENTATION_CLASS_UID);
        group.putString(IMPLEMENTATION_VERSION, VR.SH, IMPLEMENTATION_VERSION_NAME);
        return new FileMetaInformation(group);
    }

    public String mediaStorageSopClassUid() {
        return group.string(Tag.MEDIA_STORAGE_SOP_CLASS_UID);
    }

    public String mediaStorageSopInstanceUid() {
        return group.string(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID);
    }

    /** The UID as written, or null when the file lacks it. */
    public String transferSyntaxUid() {
        return group.string(Tag.TRANSFER_SYNTAX_UID);
    }

    /** The syntax of the data set that follows the meta information. */
    public TransferSyntax transferSyntax() {
        return TransferSyntax.ofUid(transferSyntaxUid());
    }

    /** The same meta group announcing another transfer syntax. */
    public FileMetaInformation withTransferSyntax(TransferSyntax syntax) {
        var copy = new Dataset();
        group.elements().forEach(copy::put);
        copy.putString(Tag.TRANSFER_SYNTAX_UID, VR.UI, syntax.uid());
        copy.putString(IMPLEMENTATION_CLASS, VR.UI, IMPLEMENTATION_CLASS_UID);
        copy.putString(IMPLEMENTATION_VERSION, VR.SH, IMPLEMENTATION_VERSION_NAME);
        return new FileMetaInformation(copy);
    }
}
