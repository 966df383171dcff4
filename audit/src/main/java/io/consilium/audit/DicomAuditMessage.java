package io.consilium.audit;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/** The DICOM audit message (PS3.15 A.5.1, the RFC 3881 schema) for a sealed record. */
final class DicomAuditMessage {

    private DicomAuditMessage() {
    }

    static String xml(SealedRecord record, String auditSourceId) {
        AuditEvent event = record.event();
        var xml = new StringBuilder(1024);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.append("<AuditMessage>");
        xml.append("<EventIdentification EventActionCode=\"").append(ActionVerb.of(event.action()).actionCode)
                .append("\" EventDateTime=\"")
                .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.recordedAt().atOffset(ZoneOffset.UTC)))
                .append("\" EventOutcomeIndicator=\"").append(event.outcome().code()).append("\">");
        xml.append("<EventID csd-code=\"110100\" codeSystemName=\"DCM\" originalText=\"Application Activity\"/>");
        xml.append("<EventTypeCode csd-code=\"").append(attr(event.action()))
                .append("\" codeSystemName=\"urn:consilium:audit:action\" originalText=\"")
                .append(attr(event.action())).append("\"/>");
        if (!event.outcomeText().isEmpty()) {
            xml.append("<EventOutcomeDescription>").append(text(event.outcomeText())).append("</EventOutcomeDescription>");
        }
        xml.append("</EventIdentification>");

        Actor actor = event.actor();
        xml.append("<ActiveParticipant UserID=\"").append(attr(actor.id()));
        if (actor.kind() == Actor.Kind.MODEL) {
            xml.append("\" AlternativeUserID=\"").append(attr(actor.modelVersion() + " " + actor.weightsDigest()));
        }
        xml.append("\" UserIsRequestor=\"true\"");
        if (!event.source().isEmpty()) {
            boolean ip = event.source().matches("[0-9.:a-fA-F]+");
            xml.append(" NetworkAccessPointID=\"").append(attr(event.source()))
                    .append("\" NetworkAccessPointTypeCode=\"").append(ip ? "2" : "1").append("\"");
        }
        xml.append(">");
        if (!actor.role().isEmpty()) {
            xml.append("<RoleIDCode csd-code=\"").append(attr(actor.role()))
                    .append("\" codeSystemName=\"urn:consilium:role\" originalText=\"").append(attr(actor.role()))
                    .append("\"/>");
        }
        xml.append("</ActiveParticipant>");

        xml.append("<AuditSourceIdentification AuditSourceID=\"").append(attr(auditSourceId)).append("\">");
        xml.append("<AuditSourceTypeCode csd-code=\"4\" codeSystemName=\"DCM\" originalText=\"Application Server\"/>");
        xml.append("</AuditSourceIdentification>");

        if (!event.patientId().isEmpty()) {
            xml.append("<ParticipantObjectIdentification ParticipantObjectID=\"").append(attr(event.patientId()))
                    .append("\" ParticipantObjectTypeCode=\"1\" ParticipantObjectTypeCodeRole=\"1\">")
                    .append("<ParticipantObjectIDTypeCode csd-code=\"2\" codeSystemName=\"RFC-3881\""
                            + " originalText=\"Patient Number\"/>")
                    .append("</ParticipantObjectIdentification>");
        }
        for (String target : event.targets()) {
            xml.append("<ParticipantObjectIdentification ParticipantObjectID=\"").append(attr(target))
                    .append("\" ParticipantObjectTypeCode=\"2\" ParticipantObjectTypeCodeRole=\"4\">")
                    .append("<ParticipantObjectIDTypeCode csd-code=\"12\" codeSystemName=\"RFC-3881\""
                            + " originalText=\"URI\"/>")
                    .append("<ParticipantObjectDetail type=\"audit-record\" value=\"")
                    .append(java.util.Base64.getEncoder().encodeToString(
                            (record.stream() + "/" + record.sequence() + " " + record.hash())
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .append("\"/>")
                    .append("</ParticipantObjectIdentification>");
        }
        xml.append("</AuditMessage>");
        return xml.toString();
    }

    private static String attr(String value) {
        return text(value).replace("\"", "&quot;");
    }

    private static String text(String value) {
        var escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                default -> escaped.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return escaped.toString();
    }
}
