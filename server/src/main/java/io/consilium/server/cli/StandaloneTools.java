package io.consilium.server.cli;

import io.consilium.server.abutment.AbutmentCommand;
import io.consilium.server.dicom.DicomCommand;
import io.consilium.server.seg.SegCommand;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tools that need neither the database nor a running server ({@code dicom}, {@code seg}, {@code abutment}),
 * started without the application: no database is opened, so they run beside a running server, and a file tool
 * answers in well under two seconds instead of waiting for the whole application to boot. The launcher sends these
 * commands here. Their only dependencies are configuration-backed objects, built from the same configuration sources
 * Quarkus reads (system properties, environment, {@code application.properties}, profile included).
 */
public final class StandaloneTools {

    /** The command groups that run here; every other command goes through the application. */
    static final List<Class<?>> GROUPS = List.of(DicomCommand.class, SegCommand.class, AbutmentCommand.class);

    private StandaloneTools() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        int exitCode = commandLine.execute(args);
        // Commands print without a line end now and then; nothing flushes behind them before exit.
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }

    static CommandLine commandLine() {
        var factory = new ConfigFactory(configuration());
        var root = new CommandLine(new Root(), factory);
        for (Class<?> group : GROUPS) {
            root.addSubcommand(new CommandLine(group, factory));
        }
        // One writer each for the whole tree, so main can flush what any command printed.
        root.setOut(new PrintWriter(System.out, true));
        root.setErr(new PrintWriter(System.err, true));
        return root;
    }

    /** The same sources, in the same order, as the application: system properties, environment, properties file. */
    private static SmallRyeConfig configuration() {
        URL properties = StandaloneTools.class.getClassLoader().getResource("application.properties");
        if (properties == null) {
            throw new IllegalStateException("application.properties is not on the class path");
        }
        String profile = System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod"));
        try {
            var builder = new SmallRyeConfigBuilder().withProfile(profile).addDefaultSources().addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(properties, 250))
                    // Quarkus' own spellings: "10s" for a duration, a path relative to the working directory.
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withConverter(Path.class, 200, new PathConverter())
                    // Only the mappings these tools use are known here; the server's other keys are not errors.
                    .withValidateUnknown(false);
            configMappings().forEach(builder::withMapping);
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every configuration mapping that a command of {@link #GROUPS} needs, found through its constructor. */
    private static Set<Class<?>> configMappings() {
        Set<Class<?>> mappings = new LinkedHashSet<>();
        GROUPS.forEach(group -> collect(group, mappings, new LinkedHashSet<>()));
        return mappings;
    }

    private static void collect(Class<?> type, Set<Class<?>> mappings, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type.isAnnotationPresent(ConfigMapping.class)) {
            mappings.add(type);
            return;
        }
        Command command = type.getAnnotation(Command.class);
        if (command != null) {
            for (Class<?> sub : command.subcommands()) {
                collect(sub, mappings, seen);
            }
        }
        for (Class<?> parameter : injectionConstructor(type).getParameterTypes()) {
            collect(parameter, mappings, seen);
        }
    }

    private static Constructor<?> injectionConstructor(Class<?> type) {
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        if (constructors.length != 1) {
            throw new IllegalStateException(type.getName() + " needs exactly one constructor to be built here");
        }
        return constructors[0];
    }

    /**
     * Builds commands and what their constructors ask for, as the application's CDI container would for these
     * configuration-only objects: a configuration mapping from the configuration, anything else once, from its one
     * constructor.
     */
    private static final class ConfigFactory implements CommandLine.IFactory {

        private final SmallRyeConfig config;
        private final Map<Class<?>, Object> singletons = new HashMap<>();

        ConfigFactory(SmallRyeConfig config) {
            this.config = config;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type.isAnnotationPresent(ConfigMapping.class)) {
                return type.cast(config.getConfigMapping(type));
            }
            if (type.isInterface() || hasNoArgumentConstructor(type)) {
                // Options, mixins, converters, collections: picocli builds them as usual.
                return CommandLine.defaultFactory().create(type);
            }
            return type.cast(instance(type, type.isAnnotationPresent(Command.class)));
        }

        private static boolean hasNoArgumentConstructor(Class<?> type) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 0) {
                    return true;
                }
            }
            return false;
        }

        private Object instance(Class<?> type, boolean fresh) throws Exception {
            if (type.isAnnotationPresent(ConfigMapping.class)) {
                return config.getConfigMapping(type);
            }
            Object known = fresh ? null : singletons.get(type);
            if (known != null) {
                return known;
            }
            Constructor<?> constructor = injectionConstructor(type);
            Object[] arguments = new Object[constructor.getParameterCount()];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = instance(constructor.getParameterTypes()[i], false);
            }
            constructor.setAccessible(true);
            Object made;
            try {
                made = constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                // A bad setting: its own message, not the reflection's.
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (!fresh) {
                singletons.put(type, made);
            }
            return made;
        }
    }

    @Command(name = "consilium", mixinStandardHelpOptions = true,
            description = "Tools that run without the application; './consilium --help' lists every command.")
    static final class Root implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }
}
