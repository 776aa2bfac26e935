package dev.sluice.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deserialization of user data (MLflow's and BentoML's pickle and cloudpickle model loading, Ray's pickled task
 * arguments, Airflow's XCom pickling): Sluice has no path from bytes to objects other than JSON into fixed types.
 * The compiled main code of every module references none of the JDK's or libraries' object deserializers, and a model
 * folder in any other format (a pickle, a Java serialization stream) is refused by {@code sluice serve} and by the
 * {@code predict} step with a message, never loaded.
 */
class DeserializationTest {
    /** Classes and methods that turn bytes into objects of types the bytes choose. */
    static final List<String> DESERIALIZERS = List.of("java/io/ObjectInputStream", "java/beans/XMLDecoder",
            "java/rmi/", "javax/naming/InitialContext", "org/yaml/snakeyaml/constructor/Constructor",
            "org/snakeyaml/engine/v2/constructor/", "activateDefaultTyping", "enableDefaultTyping",
            "com/thoughtworks/xstream", "org/apache/commons/lang3/SerializationUtils", "com/esotericsoftware/kryo");
    /** Jackson polymorphism by class name, in source. */
    static final Pattern CLASS_TYPING = Pattern.compile("JsonTypeInfo\\.Id\\.(CLASS|MINIMAL_CLASS)|@JsonTypeInfo\\(use\\s*=\\s*(CLASS|MINIMAL_CLASS)");

    @TempDir
    Path home;

    @Test
    void noMainClassOfAnyModuleReferencesADeserializer() throws IOException {
        List<Path> classes = new ArrayList<>();
        for (String module : List.of("sluice-core", "sluice-ml", "sluice-serve", "sluice-cli")) {
            Path dir = Sluice.repoRoot().resolve(module).resolve("target/classes");
            assertThat(dir).as("%s is built", module).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                classes.addAll(files.filter(p -> p.toString().endsWith(".class")).toList());
            }
        }
        assertThat(classes).hasSizeGreaterThan(300);
        List<String> found = new ArrayList<>();
        for (Path c : classes) {
            String text = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
            for (String d : DESERIALIZERS) if (text.contains(d)) found.add(c.getFileName() + " -> " + d);
        }
        assertThat(found).as("deserializers referenced by main classes").isEmpty();
    }

    @Test
    void noSourceUsesJacksonTypingByClassName() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : List.of("sluice-core", "sluice-ml", "sluice-serve", "sluice-cli")) {
            try (Stream<Path> files = Files.walk(Sluice.repoRoot().resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (CLASS_TYPING.matcher(Files.readString(f)).find()) found.add(f.getFileName().toString());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void modelFoldersInOtherFormatsAreRefusedByServeAndPredictNeverLoaded() throws IOException {
        ByteArrayOutputStream javaSerialized = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(javaSerialized)) {
            o.writeObject(new java.util.ArrayList<>(List.of("a", 1)));
        }
        // a pickle that would run os.system if unpickled (never is: nothing here reads pickles)
        String pickle = "cos\nsystem\n(S'touch " + home.resolve("pwned") + "'\ntR.";
        Path yaml = home.resolve("models.yaml");
        Files.writeString(yaml, """
                pipeline: formats
                steps:
                  pickled:  {run: [python3, -c, "import os; os.makedirs('outputs/model', exist_ok=True); open('outputs/model/model.json','w').write('{\\"format_version\\": 1, \\"model_type\\": \\"pickle\\", \\"task\\": \\"classification\\", \\"model\\": {\\"type\\": \\"pickle\\", \\"file\\": \\"model.pkl\\"}}'); open('outputs/model/model.pkl','w').write(%s)"], outputs: {model: model}}
                  java:     {run: [python3, -c, "import os; os.makedirs('outputs/model', exist_ok=True); open('outputs/model/model.json','wb').write(bytes.fromhex('%2$s')); open('outputs/model/weights.ser','wb').write(bytes.fromhex('%2$s'))"], outputs: {model: model}}
                  reg1:     {uses: register, inputs: {model: pickled.model}, with: {name: pickled, alias: champion}}
                  reg2:     {uses: register, inputs: {model: java.model}, with: {name: java, alias: champion}}
                """.formatted(pythonString(pickle), HexFormat.of().formatHex(javaSerialized.toByteArray())));
        Sluice sluice = new Sluice(home.resolve("ws"));
        Sluice.Result run = sluice.inProcess("run", yaml.toString());
        assertThat(run.code()).as(run.all()).isZero();
        Sluice.Result pickled = sluice.child("serve", "pickled", "--port", "0", "--no-log");
        assertThat(pickled.code()).isEqualTo(2);
        assertThat(pickled.err()).matches("sluice serve: cannot serve pickled@champion: cannot read model pickled@1 from \\S+:"
                + " its model.json names the model type 'pickle', which Sluice does not read \\(it reads linear, logistic,"
                + " random_forest, transform, xgboost\\); Sluice loads only its own JSON model formats, never pickled or"
                + " serialized objects: register the 'model' output of a Sluice trainer\n");
        Sluice.Result java = sluice.child("serve", "java", "--port", "0", "--no-log");
        assertThat(java.code()).isEqualTo(2);
        assertThat(java.err()).startsWith("sluice serve: cannot serve java@champion: cannot read model java@1 from ")
                .contains(": its model.json is not a Sluice model (").endsWith("); Sluice loads only its own JSON model"
                        + " formats, never pickled or serialized objects: register the 'model' output of a Sluice trainer\n");
        assertThat(home.resolve("pwned")).doesNotExist();
    }

    private static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("\n", "\\\\n").replace("'", "\\\\'") + "'";
    }
}
