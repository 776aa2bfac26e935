package dev.sluice.exec;

import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-line reason a step failed with, as {@code sluice run}, {@code show} and the report print it: the message
 * of what the step threw, or, for failures a user cannot read off a message, what happened and what to do: out of
 * memory (raise the heap), stack overflow (raise the stack size), no space left on a device (free some). Stateless.
 */
final class StepErrors {
    private static final long MIB = 1024 * 1024;

    private StepErrors() {
    }

    /** The reason for {@code e}: a known condition with its hint, else the first line of its message. */
    static String reason(Throwable e) {
        return switch (e) {
            case OutOfMemoryError oom -> outOfMemory(oom);
            case StackOverflowError so -> "stack overflow (StackOverflowError): the step recursed too deeply; fix the"
                    + " recursion, or raise the threads' stack size with SLUICE_JAVA_OPTS=-Xss16m";
            default -> noSpace(e).orElseGet(() -> e instanceof VirtualMachineError || e instanceof LinkageError
                    ? e.getClass().getSimpleName() + ": " + oneLine(e) : oneLine(e));
        };
    }

    /** The first line of the message, or the class name when there is none. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String outOfMemory(OutOfMemoryError e) {
        String what = e.getMessage() == null ? "OutOfMemoryError" : e.getMessage();
        if (what.contains("Direct buffer memory")) {
            return "out of memory (" + what + "): raise the limit with SLUICE_JAVA_OPTS=-XX:MaxDirectMemorySize=...";
        }
        if (what.contains("Metaspace") || what.contains("native thread")) {
            return "out of memory (" + what + "): the machine or the JVM's limits are too small for this run";
        }
        long max = Runtime.getRuntime().maxMemory();
        return "out of memory (" + what + "): the step needs more than the JVM's heap of " + (max + MIB - 1) / MIB
                + " MiB; raise the heap with SLUICE_JAVA_OPTS=-Xmx" + biggerHeap(max)
                + " (java -Xmx when Sluice is embedded), or give the step less data";
    }

    /** Twice the heap, rounded up to a power of two: {@code 128m}, {@code 8g}. */
    static String biggerHeap(long maxBytes) {
        long mib = Long.highestOneBit(Math.max(1, 2 * maxBytes / MIB - 1)) << 1;
        return mib >= 1024 ? mib / 1024 + "g" : mib + "m";
    }

    /** "no space left on device", with the file when the error names one, for ENOSPC anywhere in the causes. */
    static Optional<String> noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || !mentionsNoSpace(m)) continue;
            String where = t instanceof FileSystemException fse && fse.getFile() != null ? " writing " + fse.getFile()
                    : m.equalsIgnoreCase("no space left on device") ? "" : " (" + oneLine(t) + ")";
            return Optional.of("no space left on device" + where
                    + ": free some space (or move SLUICE_HOME to a bigger disk) and resume the run");
        }
        return Optional.empty();
    }

    /** True when a message (a step's error, a command's last output) says a disk is full (ENOSPC, EDQUOT). */
    static boolean mentionsNoSpace(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("no space left on device") || lower.contains("disk quota exceeded");
    }
}
