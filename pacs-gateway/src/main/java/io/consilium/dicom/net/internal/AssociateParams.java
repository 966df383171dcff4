package io.consilium.dicom.net.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of an A-ASSOCIATE-RQ or -AC PDU (PS3.8 9.3.2, 9.3.3 and Annex D user information). */
public final class AssociateParams {

    public static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.193409720113347735493003813271580183917";
    public static final String IMPLEMENTATION_VERSION = "CONSILIUM_01";

    public int protocolVersion = 1;
    public String calledAe = "";
    public String callingAe = "";
    public String applicationContext = APPLICATION_CONTEXT;
    public final List<PresentationContext> contexts = new ArrayList<>();
    /** Largest P-DATA-TF variable field the sender of this PDU receives; 0 = no limit. */
    public long maxPduLength;
    public String implementationClassUid = IMPLEMENTATION_CLASS_UID;
    public String implementationVersionName = IMPLEMENTATION_VERSION;
    /** Asynchronous operations window as proposed (invoked, performed); null when absent. */
    public int[] asyncWindow;
    /** SCP/SCU role selection: SOP class UID to {scu role, scp role}. */
    public final Map<String, boolean[]> roles = new LinkedHashMap<>();
    /** User identity type (1 username, 2 username and passcode, ...); 0 when absent. */
    public int userIdentityType;
    public boolean userResponseRequested;
    public byte[] userPrimary = new byte[0];
    public byte[] userSecondary = new byte[0];
    /** A-ASSOCIATE-AC: the server response of a positive user identity acknowledgement; null when absent. */
    public byte[] userIdentityResponse;

    public PresentationContext context(int id) {
        for (PresentationContext pc : contexts) {
            if (pc.id() == id) {
                return pc;
            }
        }
        return null;
    }
}
