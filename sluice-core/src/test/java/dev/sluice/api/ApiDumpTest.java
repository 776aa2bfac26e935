package dev.sluice.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The public API of {@code dev.sluice.api}, what step authors compile against, is written down in
 * {@code sluice-core/api/dev.sluice.api.txt}: every public or protected type of the package (nested ones too), with
 * its generic declaration, supertypes and permitted subtypes, and every public or protected constructor, method and
 * field, sorted. This test fails when the compiled package no longer matches the file, so that a change to the API
 * is a decision someone acknowledged in the same commit, as OkHttp's API dumps do. Run with
 * {@code -Dsluice.api.update=true} to rewrite the file instead.
 */
class ApiDumpTest {
    static final String PACKAGE = "dev.sluice.api";
    static final Path DUMP = Path.of("api", PACKAGE + ".txt");
    static final String UPDATE = "./mvnw -B -o -pl sluice-core test -Dtest=ApiDumpTest -Dsluice.api.update=true";

    @Test
    void thePublicApiMatchesTheCommittedDump() throws Exception {
        String actual = dump(PACKAGE);
        if (Boolean.getBoolean("sluice.api.update")) {
            Files.createDirectories(DUMP.toAbsolutePath().getParent());
            Files.writeString(DUMP, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.exists(DUMP) ? Files.readString(DUMP, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            fail("The public API of " + PACKAGE + " differs from " + DUMP.toAbsolutePath() + ":\n"
                    + difference(expected, actual)
                    + "If the change is intended, acknowledge it: run\n  " + UPDATE
                    + "\nand commit sluice-core/api/" + PACKAGE + ".txt with the change (users compile against it).");
        }
    }

    @Test
    void theDumpSeesPublicMembersAndNotPrivateOnes() throws Exception {
        String dump = dump(PACKAGE);
        assertThat(dump)
                .contains("public abstract interface dev.sluice.api.Step")
                .contains("dev.sluice.api.Step.run(dev.sluice.api.StepContext) throws java.lang.Exception")
                .doesNotContain("private ")
                .doesNotContain("ApiDumpTest");
    }

    /** The sorted signatures of every accessible type and member of {@code pkg}, one per line. */
    static String dump(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> lines = new ArrayList<>();
        for (Class<?> type : types(pkg)) {
            lines.add(declaration(type));
            List<String> members = new ArrayList<>();
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c)) members.add("  " + c.toGenericString());
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m) && !m.isBridge()) members.add("  " + m.toGenericString());
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f)) members.add("  " + f.toGenericString());
            }
            members.sort(null);
            lines.addAll(members);
        }
        return String.join("\n", lines) + "\n";
    }

    /** The package's public types and, within them, their public and protected nested types, sorted by name. */
    private static List<Class<?>> types(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        URL url = ApiDumpTest.class.getClassLoader().getResource(pkg.replace('.', '/') + "/Step.class");
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("cannot list " + pkg + ": its classes are not in a folder (" + url + ")");
        }
        Path folder = Path.of(url.toURI()).getParent();
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$") || name.equals("package-info.class")) continue;
                Class<?> type = Class.forName(pkg + "." + name.substring(0, name.length() - 6), false,
                        ApiDumpTest.class.getClassLoader());
                if (Modifier.isPublic(type.getModifiers())) addWithNested(type, out);
            }
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    private static void addWithNested(Class<?> type, List<Class<?>> out) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) return;
        out.add(type);
        for (Class<?> nested : type.getDeclaredClasses()) {
            int m = nested.getModifiers();
            if (Modifier.isPublic(m) || Modifier.isProtected(m)) addWithNested(nested, out);
        }
    }

    private static boolean visible(Member member) {
        if (member.isSynthetic()) return false;
        int m = member.getModifiers();
        return Modifier.isPublic(m) || Modifier.isProtected(m);
    }

    /** {@code public final class a.B<T> extends a.C<T> implements a.D permits ...}. */
    private static String declaration(Class<?> type) {
        StringBuilder s = new StringBuilder(type.toGenericString());
        Type sup = type.getGenericSuperclass();
        if (sup != null && sup != Object.class && !type.isEnum() && !type.isRecord()) {
            s.append(" extends ").append(sup.getTypeName());
        }
        Set<String> interfaces = new LinkedHashSet<>();
        for (Type i : type.getGenericInterfaces()) interfaces.add(i.getTypeName());
        if (!interfaces.isEmpty()) s.append(type.isInterface() ? " extends " : " implements ")
                .append(String.join(", ", interfaces));
        if (type.isSealed()) {
            s.append(" permits ").append(String.join(", ", Arrays.stream(type.getPermittedSubclasses())
                    .map(Class::getName).sorted().toList()));
        }
        return s.toString();
    }

    /** The lines only in {@code expected} (-) and only in {@code actual} (+). */
    private static String difference(String expected, String actual) {
        List<String> before = expected.lines().toList();
        List<String> after = actual.lines().toList();
        StringBuilder s = new StringBuilder();
        before.stream().filter(l -> !after.contains(l)).forEach(l -> s.append("- ").append(l).append('\n'));
        after.stream().filter(l -> !before.contains(l)).forEach(l -> s.append("+ ").append(l).append('\n'));
        if (s.isEmpty()) s.append("(the same lines in another order)\n");
        return s.toString();
    }
}
