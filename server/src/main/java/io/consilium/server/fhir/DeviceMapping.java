package io.consilium.server.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * An AI model version as a Device, the way IHE AI Results names the algorithm behind a result: name, version,
 * manufacturer, what it does, and its training facts as properties.
 */
public final class DeviceMapping {

    /** Same system as the audit module's device identifiers, so audit records and Devices match. */
    public static final String DEVICES = "urn:consilium:device";
    static final String PROPERTIES = "urn:consilium:device-property";

    private DeviceMapping() {
    }

    public static Device device(AiModel model) {
        var device = new Device();
        device.setId(model.deviceId());
        device.addIdentifier(identifier(model));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.setManufacturer("Consilium");
        device.addDeviceName().setName(model.name()).setType(Device.DeviceNameType.MODELNAME);
        device.setModelNumber(model.name());
        device.setType(new CodeableConcept().setText("AI algorithm: " + model.kind()));
        device.addVersion().setValue(model.version())
                .setType(new CodeableConcept().setText("model version"));
        device.addVersion().setValue(model.weightsDigest())
                .setType(new CodeableConcept().setText("weights digest"));
        model.properties().forEach((name, value) -> device.addProperty()
                .setType(new CodeableConcept(new Coding(PROPERTIES, name, null)).setText(name))
                .addValueCode(new CodeableConcept().setText(value)));
        return device;
    }

    /** A reference to the Device of a model: literal, with the identifier audit records use. */
    public static Reference reference(AiModel model) {
        return reference(model.name(), model.version());
    }

    /** A reference to the Device of a model version, from its name and version alone (as a result stores them). */
    static Reference reference(String name, String version) {
        return new Reference("Device/" + deviceId(name, version)).setIdentifier(identifier(name, version))
                .setDisplay(name + " " + version);
    }

    static Identifier identifier(AiModel model) {
        return identifier(model.name(), model.version());
    }

    /** Audit records identify a model as {@code name:version}. */
    private static Identifier identifier(String name, String version) {
        return new Identifier().setSystem(DEVICES).setValue(name + ":" + version);
    }

    /** A valid FHIR id: the name's safe characters and a digest of the version. */
    static String deviceId(String name, String version) {
        String safe = name.replaceAll("[^A-Za-z0-9\\-.]", "-");
        if (safe.length() > 40) {
            safe = safe.substring(0, 40);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(version.getBytes(StandardCharsets.UTF_8));
            return safe + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
