package dev.sluice.ml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test data from src/test/resources, copied into a test's folder. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Copies {@code /telco/telco-sample.csv} (303 customers, see its SOURCE.md) to {@code dir/data/telco.csv}. */
    public static Path telcoCsv(Path dir) throws IOException {
        return copy("/telco/telco-sample.csv", dir.resolve("data/telco.csv"));
    }

    public static Path copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("no test resource " + resource);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
