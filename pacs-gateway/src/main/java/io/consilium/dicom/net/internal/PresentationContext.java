package io.consilium.dicom.net.internal;

import java.util.List;

/**
 * A presentation context as proposed (abstract syntax, transfer syntaxes) or answered (result, the one
 * transfer syntax accepted). Results per PS3.8 9.3.3.2: 0 acceptance, 1 user rejection, 2 no reason,
 * 3 abstract syntax not supported, 4 transfer syntaxes not supported.
 */
public record PresentationContext(int id, String abstractSyntax, List<String> transferSyntaxes, int result) {

    public static final int ACCEPTANCE = 0;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    public boolean accepted() {
        return result == ACCEPTANCE;
    }

    public String transferSyntax() {
        return transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0);
    }
}
