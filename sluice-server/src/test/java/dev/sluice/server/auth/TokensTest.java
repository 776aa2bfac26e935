package dev.sluice.server.auth;

import dev.sluice.exec.Workspace;
import dev.sluice.meta.MetadataSql;
import dev.sluice.server.sql.ServerTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * README's promise about API tokens, on a real SQLite workspace: a token is shown once and stored only as a hash, so
 * neither the database nor any file of the workspace holds its secret; the token itself, and only it, is valid.
 */
class TokensTest {
    @TempDir Path home;

    /** A token is {@code slt_<12 hex digits>_<secret>}, and the secret may itself contain {@code _}. */
    private static String secretOf(String token) {
        return token.substring("slt_000000000000_".length());
    }

    @Test
    void onlyAHashOfTheSecretIsStoredAndNoFileOfTheWorkspaceHoldsIt() throws Exception {
        String token;
        List<String> row = new ArrayList<>();
        try (Workspace ws = Workspace.open(home)) {
            MetadataSql sql = ws.metadata().sql();
            ServerTables.migrate(sql);
            Tokens tokens = new Tokens(sql);
            token = tokens.create("ci", Role.OPERATOR, Optional.empty(), "test").token();
            sql.read(c -> {
                try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM server_tokens")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.add(String.valueOf(rs.getObject(i)));
                    }
                }
                return null;
            });
            assertThat(tokens.verify(token)).isEqualTo(new Verdict.Valid(new Caller("ci", Role.OPERATOR)));
        }
        String secret = secretOf(token);
        assertThat(row).as("the token's row").contains("ci", "operator", TokenSecret.hash(secret))
                .noneMatch(v -> v.contains(secret));
        try (var files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(secret);
            }
        }
    }

    @Test
    void aWrongSecretAnUnknownIdAndAMalformedTokenAreAllJustInvalid() {
        try (Workspace ws = Workspace.open(home)) {
            ServerTables.migrate(ws.metadata().sql());
            Tokens tokens = new Tokens(ws.metadata().sql());
            String token = tokens.create("ci", Role.VIEWER, Optional.empty(), "test").token();
            String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
            String unknownId = "slt_000000000000_" + secretOf(token);

            assertThat(List.of(wrongSecret, unknownId, "not-a-token", "", token + "x"))
                    .allSatisfy(t -> assertThat(tokens.verify(t)).as(t).isEqualTo(new Verdict.Invalid()));
            assertThatThrownBy(() -> tokens.create("ci", Role.ADMIN, Optional.empty(), "test"))
                    .hasMessageContaining("a token named 'ci' exists already");
            assertThat(tokens.revoke("ci")).isTrue();
            assertThat(tokens.verify(token)).isEqualTo(new Verdict.Revoked("ci"));
        }
    }
}
