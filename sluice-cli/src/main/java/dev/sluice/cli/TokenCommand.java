package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.exec.Workspace;
import dev.sluice.server.auth.ApiToken;
import dev.sluice.server.auth.Role;
import dev.sluice.server.auth.TokenTtl;
import dev.sluice.server.auth.Tokens;
import dev.sluice.server.sql.ServerTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code sluice token create|list|revoke}: the server's API tokens, in the workspace's database (so it works whether
 * or not a server runs; a revoked token stops working on its next request). Not thread-safe (one per invocation).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Creates, lists and revokes the API tokens of sluice server (in this workspace's database).",
        subcommands = {TokenCommand.Create.class, TokenCommand.List_.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @ParentCommand
    SluiceCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: sluice token create|list|revoke");
    }

    /** The workspace with the server's tables up to date. */
    Workspace open() {
        parent.prepare();
        Workspace ws = Workspace.open(parent.environment().home());
        ServerTables.migrate(ws.metadata().sql());
        return ws;
    }

    /** What {@code create}, {@code list} and {@code revoke} share: the {@code token} command and picocli's spec. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;

        @Spec
        CommandSpec spec;

        /** A usage error (exit 2) with this message. */
        final CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token and prints it (shown once).")
    static final class Create extends Subcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses it, e.g. ci.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer (read), operator (runs), admin (everything).")
        String role;

        @Option(names = "--expires", paramLabel = "DURATION", description = "It stops working after this long, e.g. 90d, 12h.")
        String expires;

        @Override
        public Integer call() {
            Role r = Role.parse(role).orElseThrow(() -> usage("--role " + role + " is not a role: use viewer, operator or admin"));
            Optional<java.time.Duration> ttl = expires == null ? Optional.empty() : Optional.of(TokenTtl.parse(expires)
                    .orElseThrow(() -> usage("--expires " + expires + " is not a duration: write e.g. 90d, 12h or 30m")));
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace ws = token.open()) {
                Tokens.Created c = new Tokens(ws.metadata().sql()).create(name, r, ttl, "cli");
                out.println(c.token());
                spec.commandLine().getErr().println("created " + r.label() + " token '" + name + "'"
                        + c.info().expires().map(e -> ", expires " + e).orElse("") + "; it is shown once, above");
            } catch (Tokens.TokenException e) {
                throw usage(e.getMessage());
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the tokens (never their secrets).")
    static final class List_ extends Subcommand {
        @Option(names = "--json", description = "Print {\"tokens\": [{\"name\", \"role\", \"created\", \"created_by\", \"expires\", \"revoked\"}]}.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace ws = token.open()) {
                java.util.List<ApiToken> all = new Tokens(ws.metadata().sql()).list();
                if (json) {
                    ObjectNode root = ProblemReport.JSON.createObjectNode();
                    ArrayNode arr = root.putArray("tokens");
                    for (ApiToken t : all) {
                        arr.addObject().put("name", t.name()).put("role", t.role().label()).put("created", t.created().toString())
                                .put("created_by", t.createdBy()).put("expires", t.expires().map(Object::toString).orElse(null))
                                .put("revoked", t.revoked().map(Object::toString).orElse(null));
                    }
                    ProblemReport.printJson(root, out);
                    return 0;
                }
                java.time.Instant now = java.time.Instant.now();
                Inspection.listing(out, "no tokens yet; sluice server creates an admin token at its first start",
                        new String[] {"NAME", "ROLE", "CREATED", "BY", "STATE"}, all, t -> {
                            String state = t.revoked().map(r -> "revoked " + Inspection.time(r))
                                    .orElse(t.activeAt(now) ? t.expires().map(e -> "expires " + Inspection.time(e)).orElse("active")
                                            : "expired");
                            return new String[] {t.name(), t.role().label(), Inspection.time(t.created()), t.createdBy(), state};
                        });
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes the active token with this name, at once.")
    static final class Revoke extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The token's name (see sluice token list).")
        String name;

        @Override
        public Integer call() {
            try (Workspace ws = token.open()) {
                if (!new Tokens(ws.metadata().sql()).revoke(name)) {
                    throw usage("no active token named '" + name + "'; list them with: sluice token list");
                }
            }
            spec.commandLine().getOut().println("revoked token '" + name + "'");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
