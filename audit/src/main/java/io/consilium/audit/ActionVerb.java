package io.consilium.audit;

import java.util.Locale;

/**
 * The verb of an action name ({@code study.register} -> create): the DICOM EventActionCode and, for
 * BALP, the REST interaction it amounts to.
 */
enum ActionVerb {
    CREATE("create", "C"), READ("read", "R"), UPDATE("update", "U"), DELETE("delete", "D"),
    QUERY("search-type", "E"), EXECUTE(null, "E");

    /** FHIR restful-interaction code, or null when the action is no REST interaction. */
    final String interaction;
    /** DICOM EventActionCode, the same letters as FHIR AuditEvent.action. */
    final String actionCode;

    ActionVerb(String interaction, String actionCode) {
        this.interaction = interaction;
        this.actionCode = actionCode;
    }

    static ActionVerb of(String action) {
        String verb = action.substring(action.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (verb) {
            case "create", "register", "store", "import" -> CREATE;
            case "read", "view", "open", "export" -> READ;
            case "update", "edit", "complete", "approve", "reject" -> UPDATE;
            case "delete" -> DELETE;
            case "query", "search", "find" -> QUERY;
            default -> EXECUTE;
        };
    }
}
