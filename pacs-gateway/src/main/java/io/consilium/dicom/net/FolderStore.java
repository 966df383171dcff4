package io.consilium.dicom.net;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Keeps received instances as {@code <folder>/<SOP Instance UID>.dcm}, each renamed into place only once
 * complete (like DCMTK storescp). Used by the command line, the benchmark and the interoperability tests;
 * the server keeps instances in its archive instead.
 */
public final class FolderStore implements StoreHandler {

    private static final Pattern UID = Pattern.compile("[0-9.]{1,64}");

    private final Path folder;

    public FolderStore(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    @Override
    public Path incomingDirectory() {
        return folder;
    }

    @Override
    public int stored(ReceivedInstance instance) throws IOException {
        if (!UID.matcher(instance.sopInstanceUid()).matches()) {
            return Status.CANNOT_UNDERSTAND;
        }
        Path target = folder.resolve(instance.sopInstanceUid() + ".dcm");
        try {
            Files.move(instance.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(instance.file(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        return Status.SUCCESS;
    }
}
