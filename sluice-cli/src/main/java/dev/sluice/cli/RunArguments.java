package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The common, well-formed shapes of a {@code sluice run} command line, read without picocli. Picocli is
 * compiled for Java 5, so none of its ~170 classes can be kept in the JVM's AOT cache or class-data archive:
 * building its model of the command costs about a fifth of a one-step run. Everything this class does not
 * recognise exactly (help, an unknown or repeated option, a bad value, {@code --opt=value} forms other than
 * {@code --workers=N}) is left to picocli, which parses it and reports errors as always; the command then runs
 * the same {@link RunCommand} code either way. Immutable.
 *
 * @param verbose  {@code --verbose} (before or after {@code run})
 * @param file     the pipeline file
 * @param params   {@code -p/--param NAME=VALUE}, in order
 * @param workers  {@code --workers N}, if given
 */
record RunArguments(boolean verbose, String file, List<String> params, Integer workers, boolean failFast,
                    boolean json, boolean noCache, String resume) {

    /** The arguments, when they are a plain {@code run} command line that needs no help or error message. */
    static Optional<RunArguments> parse(String[] args) {
        boolean verbose = false, failFast = false, json = false, noCache = false, seenRun = false;
        String file = null, resume = null;
        Integer workers = null;
        List<String> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!seenRun) {
                if (a.equals("--verbose") && !verbose) verbose = true;
                else if (a.equals("run")) seenRun = true;
                else return Optional.empty();
                continue;
            }
            switch (a) {
                case "--verbose" -> { if (verbose) return Optional.empty(); verbose = true; }
                case "--fail-fast" -> { if (failFast) return Optional.empty(); failFast = true; }
                case "--json" -> { if (json) return Optional.empty(); json = true; }
                case "--no-cache" -> { if (noCache) return Optional.empty(); noCache = true; }
                case "-p", "--param" -> {
                    if (i + 1 >= args.length || args[i + 1].indexOf('=') <= 0 || args[i + 1].startsWith("-")) return Optional.empty();
                    params.add(args[++i]);
                }
                case "--workers" -> {
                    if (workers != null || i + 1 >= args.length) return Optional.empty();
                    workers = positive(args[++i]);
                    if (workers == null) return Optional.empty();
                }
                case "--resume" -> {
                    if (resume != null || i + 1 >= args.length || args[i + 1].startsWith("-")) return Optional.empty();
                    resume = args[++i];
                }
                default -> {
                    if (a.startsWith("--workers=") && workers == null) {
                        workers = positive(a.substring("--workers=".length()));
                        if (workers == null) return Optional.empty();
                    } else if (!a.startsWith("-") && file == null) {
                        file = a;
                    } else {
                        return Optional.empty();
                    }
                }
            }
        }
        if (file == null) return Optional.empty();
        return Optional.of(new RunArguments(verbose, file, List.copyOf(params), workers, failFast, json, noCache, resume));
    }

    /** A plain positive decimal number of at most 6 digits, else null (picocli then reports the error). */
    private static Integer positive(String s) {
        if (s.isEmpty() || s.length() > 6) return null;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return null;
        }
        int n = Integer.parseInt(s);
        return n >= 1 ? n : null;
    }
}
