package io.consilium.dicom.net.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes the Upper Layer PDUs of PS3.8 9.3 (all big endian). */
public final class Pdus {

    public static final int ASSOCIATE_RQ = 1;
    public static final int ASSOCIATE_AC = 2;
    public static final int ASSOCIATE_RJ = 3;
    public static final int P_DATA_TF = 4;
    public static final int RELEASE_RQ = 5;
    public static final int RELEASE_RP = 6;
    public static final int ABORT = 7;

    private static final int APPLICATION_CONTEXT_ITEM = 0x10;
    private static final int PC_RQ_ITEM = 0x20;
    private static final int PC_AC_ITEM = 0x21;
    private static final int ABSTRACT_SYNTAX_ITEM = 0x30;
    private static final int TRANSFER_SYNTAX_ITEM = 0x40;
    private static final int USER_INFO_ITEM = 0x50;
    private static final int MAX_LENGTH_ITEM = 0x51;
    private static final int IMPLEMENTATION_CLASS_ITEM = 0x52;
    private static final int ASYNC_WINDOW_ITEM = 0x53;
    private static final int ROLE_ITEM = 0x54;
    private static final int IMPLEMENTATION_VERSION_ITEM = 0x55;
    private static final int USER_IDENTITY_RQ_ITEM = 0x58;
    private static final int USER_IDENTITY_AC_ITEM = 0x59;

    private Pdus() {
    }

    public static byte[] associate(int type, AssociateParams p) {
        var body = new ByteArrayOutputStream(512);
        u16(body, p.protocolVersion);
        u16(body, 0);
        body.writeBytes(aeTitle(p.calledAe));
        body.writeBytes(aeTitle(p.callingAe));
        body.writeBytes(new byte[32]);
        item(body, APPLICATION_CONTEXT_ITEM, ascii(p.applicationContext));
        for (PresentationContext pc : p.contexts) {
            var sub = new ByteArrayOutputStream();
            sub.write(pc.id());
            sub.write(0);
            sub.write(type == ASSOCIATE_RQ ? 0 : pc.result());
            sub.write(0);
            if (type == ASSOCIATE_RQ) {
                item(sub, ABSTRACT_SYNTAX_ITEM, ascii(pc.abstractSyntax()));
            }
            for (String ts : pc.transferSyntaxes()) {
                item(sub, TRANSFER_SYNTAX_ITEM, ascii(ts));
            }
            item(body, type == ASSOCIATE_RQ ? PC_RQ_ITEM : PC_AC_ITEM, sub.toByteArray());
        }
        var user = new ByteArrayOutputStream();
        item(user, MAX_LENGTH_ITEM, ByteBuffer.allocate(4).putInt((int) p.maxPduLength).array());
        item(user, IMPLEMENTATION_CLASS_ITEM, ascii(p.implementationClassUid));
        if (p.asyncWindow != null) {
            item(user, ASYNC_WINDOW_ITEM, ByteBuffer.allocate(4).putShort((short) p.asyncWindow[0])
                    .putShort((short) p.asyncWindow[1]).array());
        }
        p.roles.forEach((uid, role) -> {
            var r = new ByteArrayOutputStream();
            byte[] u = ascii(uid);
            u16(r, u.length);
            r.writeBytes(u);
            r.write(role[0] ? 1 : 0);
            r.write(role[1] ? 1 : 0);
            item(user, ROLE_ITEM, r.toByteArray());
        });
        item(user, IMPLEMENTATION_VERSION_ITEM, ascii(p.implementationVersionName));
        if (type == ASSOCIATE_RQ && p.userIdentityType != 0) {
            var u = new ByteArrayOutputStream();
            u.write(p.userIdentityType);
            u.write(p.userResponseRequested ? 1 : 0);
            u16(u, p.userPrimary.length);
            u.writeBytes(p.userPrimary);
            u16(u, p.userSecondary.length);
            u.writeBytes(p.userSecondary);
            item(user, USER_IDENTITY_RQ_ITEM, u.toByteArray());
        }
        if (type == ASSOCIATE_AC && p.userIdentityResponse != null) {
            var u = new ByteArrayOutputStream();
            u16(u, p.userIdentityResponse.length);
            u.writeBytes(p.userIdentityResponse);
            item(user, USER_IDENTITY_AC_ITEM, u.toByteArray());
        }
        item(body, USER_INFO_ITEM, user.toByteArray());
        return pdu(type, body.toByteArray());
    }

    /**
     * Decodes the variable part of an A-ASSOCIATE-RQ or -AC. For an AC, {@code request} supplies the abstract
     * syntax of each answered context.
     */
    public static AssociateParams parseAssociate(int type, byte[] body, AssociateParams request) throws PduException {
        if (body.length < 68) {
            throw new PduException("A-ASSOCIATE PDU of " + body.length + " bytes is shorter than its fixed 68",
                    PduException.INVALID_PARAMETER_VALUE);
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        var p = new AssociateParams();
        p.protocolVersion = in.getShort(0) & 0xFFFF;
        p.calledAe = text(body, 4, 16);
        p.callingAe = text(body, 20, 16);
        p.applicationContext = null;
        boolean userInfoSeen = false;
        int at = 68;
        while (at < body.length) {
            int itemType = body[at] & 0xFF;
            int length = item(in, at, body.length);
            int value = at + 4;
            switch (itemType) {
                case APPLICATION_CONTEXT_ITEM -> p.applicationContext = text(body, value, length);
                case PC_RQ_ITEM, PC_AC_ITEM -> {
                    if (itemType != (type == ASSOCIATE_RQ ? PC_RQ_ITEM : PC_AC_ITEM)) {
                        throw new PduException(String.format("presentation context item 0x%02X in the wrong PDU",
                                itemType), PduException.UNEXPECTED_PARAMETER);
                    }
                    p.contexts.add(presentationContext(type, in, body, value, length, request));
                }
                case USER_INFO_ITEM -> {
                    userInfoSeen = true;
                    userInformation(type, in, body, value, value + length, p);
                }
                default -> throw new PduException(String.format("unrecognized A-ASSOCIATE item 0x%02X", itemType),
                        PduException.UNRECOGNIZED_PARAMETER);
            }
            at = value + length;
        }
        if (p.applicationContext == null || p.contexts.isEmpty() || !userInfoSeen) {
            throw new PduException("A-ASSOCIATE lacks its application context, presentation contexts or user "
                    + "information", PduException.INVALID_PARAMETER_VALUE);
        }
        return p;
    }

    private static PresentationContext presentationContext(int type, ByteBuffer in, byte[] body, int start,
            int length, AssociateParams request) throws PduException {
        if (length < 4) {
            throw new PduException("presentation context item too short", PduException.INVALID_PARAMETER_VALUE);
        }
        int id = body[start] & 0xFF;
        int result = body[start + 2] & 0xFF;
        if ((id & 1) == 0) {
            throw new PduException("presentation context ID " + id + " is even", PduException.INVALID_PARAMETER_VALUE);
        }
        String abstractSyntax = null;
        List<String> syntaxes = new ArrayList<>();
        int end = start + length;
        int at = start + 4;
        while (at < end) {
            int subType = body[at] & 0xFF;
            int subLength = item(in, at, end);
            String uid = text(body, at + 4, subLength);
            if (subType == ABSTRACT_SYNTAX_ITEM && type == ASSOCIATE_RQ) {
                abstractSyntax = uid;
            } else if (subType == TRANSFER_SYNTAX_ITEM) {
                syntaxes.add(uid);
            } else {
                throw new PduException(String.format("unexpected presentation context sub-item 0x%02X", subType),
                        PduException.UNEXPECTED_PARAMETER);
            }
            at += 4 + subLength;
        }
        if (type == ASSOCIATE_RQ) {
            if (abstractSyntax == null || abstractSyntax.isEmpty() || syntaxes.isEmpty()) {
                throw new PduException("presentation context " + id + " lacks its abstract or transfer syntax",
                        PduException.INVALID_PARAMETER_VALUE);
            }
            return new PresentationContext(id, abstractSyntax, syntaxes, 0);
        }
        PresentationContext proposed = request == null ? null : request.context(id);
        if (proposed == null) {
            throw new PduException("A-ASSOCIATE-AC answers presentation context " + id + " that was not proposed",
                    PduException.INVALID_PARAMETER_VALUE);
        }
        if (result == PresentationContext.ACCEPTANCE && syntaxes.size() != 1) {
            throw new PduException("accepted presentation context " + id + " names " + syntaxes.size()
                    + " transfer syntaxes", PduException.INVALID_PARAMETER_VALUE);
        }
        return new PresentationContext(id, proposed.abstractSyntax(), syntaxes, result);
    }

    private static void userInformation(int type, ByteBuffer in, byte[] body, int start, int end, AssociateParams p)
            throws PduException {
        int at = start;
        while (at < end) {
            int subType = body[at] & 0xFF;
            int length = item(in, at, end);
            int value = at + 4;
            switch (subType) {
                case MAX_LENGTH_ITEM -> {
                    requireLength(length, 4, "maximum length");
                    p.maxPduLength = in.getInt(value) & 0xFFFFFFFFL;
                }
                case IMPLEMENTATION_CLASS_ITEM -> p.implementationClassUid = text(body, value, length);
                case IMPLEMENTATION_VERSION_ITEM -> p.implementationVersionName = text(body, value, length);
                case ASYNC_WINDOW_ITEM -> {
                    requireLength(length, 4, "asynchronous operations window");
                    p.asyncWindow = new int[] {in.getShort(value) & 0xFFFF, in.getShort(value + 2) & 0xFFFF};
                }
                case ROLE_ITEM -> {
                    if (length < 4) {
                        throw new PduException("role selection item too short", PduException.INVALID_PARAMETER_VALUE);
                    }
                    int uidLength = in.getShort(value) & 0xFFFF;
                    if (uidLength + 4 != length) {
                        throw new PduException("role selection UID length disagrees with its item",
                                PduException.INVALID_PARAMETER_VALUE);
                    }
                    p.roles.put(text(body, value + 2, uidLength),
                            new boolean[] {body[value + 2 + uidLength] == 1, body[value + 3 + uidLength] == 1});
                }
                case USER_IDENTITY_RQ_ITEM -> {
                    if (length < 6) {
                        throw new PduException("user identity item too short", PduException.INVALID_PARAMETER_VALUE);
                    }
                    p.userIdentityType = body[value] & 0xFF;
                    p.userResponseRequested = body[value + 1] == 1;
                    int primary = in.getShort(value + 2) & 0xFFFF;
                    if (4 + primary + 2 > length) {
                        throw new PduException("user identity primary field exceeds its item",
                                PduException.INVALID_PARAMETER_VALUE);
                    }
                    int secondary = in.getShort(value + 4 + primary) & 0xFFFF;
                    if (6 + primary + secondary != length) {
                        throw new PduException("user identity fields disagree with the item length",
                                PduException.INVALID_PARAMETER_VALUE);
                    }
                    p.userPrimary = java.util.Arrays.copyOfRange(body, value + 4, value + 4 + primary);
                    p.userSecondary = java.util.Arrays.copyOfRange(body, value + 6 + primary,
                            value + 6 + primary + secondary);
                }
                case USER_IDENTITY_AC_ITEM -> {
                    int responseLength = length >= 2 ? in.getShort(value) & 0xFFFF : -1;
                    if (responseLength < 0 || responseLength + 2 != length) {
                        throw new PduException("user identity response length disagrees with its item",
                                PduException.INVALID_PARAMETER_VALUE);
                    }
                    p.userIdentityResponse = java.util.Arrays.copyOfRange(body, value + 2, value + 2 + responseLength);
                }
                // Extended, common extended negotiation and others: optional, and not needed by our services.
                default -> { }
            }
            at = value + length;
        }
    }

    private static void requireLength(int length, int expected, String what) throws PduException {
        if (length != expected) {
            throw new PduException(what + " item has length " + length + " instead of " + expected,
                    PduException.INVALID_PARAMETER_VALUE);
        }
    }

    /** The length of the item starting at {@code at}, checked against the end of its container. */
    private static int item(ByteBuffer in, int at, int end) throws PduException {
        if (at + 4 > end) {
            throw new PduException("item header at byte " + at + " runs past its container",
                    PduException.INVALID_PARAMETER_VALUE);
        }
        int length = in.getShort(at + 2) & 0xFFFF;
        if (at + 4 + length > end) {
            throw new PduException(String.format("item 0x%02X at byte %d has length %d past its container",
                    in.get(at) & 0xFF, at, length), PduException.INVALID_PARAMETER_VALUE);
        }
        return length;
    }

    public static byte[] reject(int result, int source, int reason) {
        return pdu(ASSOCIATE_RJ, new byte[] {0, (byte) result, (byte) source, (byte) reason});
    }

    public static byte[] abort(int source, int reason) {
        return pdu(ABORT, new byte[] {0, 0, (byte) source, (byte) reason});
    }

    public static byte[] releaseRequest() {
        return pdu(RELEASE_RQ, new byte[4]);
    }

    public static byte[] releaseResponse() {
        return pdu(RELEASE_RP, new byte[4]);
    }

    private static byte[] pdu(int type, byte[] body) {
        return ByteBuffer.allocate(6 + body.length).put((byte) type).put((byte) 0).putInt(body.length).put(body)
                .array();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("item of " + value.length + " bytes");
        }
        out.write(type);
        out.write(0);
        u16(out, value.length);
        out.writeBytes(value);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static byte[] aeTitle(String ae) {
        byte[] out = new byte[16];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] a = ascii(ae);
        System.arraycopy(a, 0, out, 0, Math.min(16, a.length));
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** ASCII text with the trailing NUL (UIDs) or space (AE titles) padding and leading spaces removed. */
    private static String text(byte[] b, int at, int length) {
        int end = at + length;
        while (end > at && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return new String(b, at, end - at, StandardCharsets.US_ASCII).strip();
    }

    public static String describeReject(int result, int source, int reason) {
        String why = switch (source) {
            case 1 -> switch (reason) {
                case 2 -> "application context name not supported";
                case 3 -> "calling AE title not recognized";
                case 7 -> "called AE title not recognized";
                default -> "no reason given";
            };
            case 2 -> reason == 2 ? "protocol version not supported" : "no reason given";
            case 3 -> reason == 1 ? "temporary congestion" : reason == 2 ? "local limit exceeded" : "no reason given";
            default -> "reason " + reason;
        };
        return (result == 1 ? "permanent" : "transient") + ", " + why;
    }
}
