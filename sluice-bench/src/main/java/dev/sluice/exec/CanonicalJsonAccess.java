package dev.sluice.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link CanonicalJson} (package-private) and the Jackson mapper it replaces, for {@code ReplacementTiming}. */
public final class CanonicalJsonAccess {
    private CanonicalJsonAccess() {
    }

    public static String write(Object value) throws JsonProcessingException {
        return CanonicalJson.write(value);
    }

    public static ObjectMapper jackson() {
        return CanonicalJson.JACKSON;
    }
}
