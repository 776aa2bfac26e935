package dev.sluice.exec;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Cache keys must not change when they are written without Jackson: the text is compared with Jackson's. */
class CanonicalJsonTest {

    @Test
    void writesWhatJacksonWritesForTheValuesOfACacheKey() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("z", 1);
        params.put("a", List.of(1L, 2.5, -0.0, 1e21, 3.0f, true, "x"));
        params.put("text", "line\none\t\"quoted\" back\\slash \u0001\u001f\u007f é ✓ \uD83D\uDE00 </script>");
        params.put("nothing", null);
        params.put("nested", Map.of("b", Map.of(), "a", List.of(List.of(), Map.of("k", "v"))));
        Map<String, Object> parts = new TreeMap<>();
        parts.put("params", params);
        parts.put("inputs", Map.of("parts", List.of("sha256:ab", "sha256:cd")));
        parts.put("env", new TreeMap<>());
        parts.put("code", "sha256:00");

        assertThat(CanonicalJson.write(parts)).isEqualTo(CanonicalJson.JACKSON.writeValueAsString(parts));
    }

    @Test
    void randomStringsAndNumbersMatchJackson() throws Exception {
        Random random = new Random(6);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) s.append((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x3000));
            List<Object> values = new ArrayList<>(List.of(s.toString(), random.nextLong(), random.nextInt(),
                    random.nextDouble() * Math.pow(10, random.nextInt(40) - 20), random.nextFloat()));
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(s.toString(), values);
            map.put("k" + i, s.reverse().toString());

            assertThat(CanonicalJson.write(map)).isEqualTo(CanonicalJson.JACKSON.writeValueAsString(map));
        }
    }

    @Test
    void leavesOtherValuesToJackson() throws Exception {
        for (Object v : List.<Object>of(Double.NaN, new BigDecimal("1.50"), Path.of("/tmp/x"), Map.of("k", Float.POSITIVE_INFINITY))) {
            assertThat(CanonicalJson.plain(v)).isFalse();
            assertThat(CanonicalJson.write(v)).isEqualTo(CanonicalJson.JACKSON.writeValueAsString(v));
        }
    }
}
