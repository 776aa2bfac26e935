package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and SIGTERM during a run: the first cancels the run (which then ends as cancelled with its
 * summary), the second kills the running command steps' processes and exits at once with 130. Uses {@code sun.misc.Signal} (module jdk.unsupported)
 * through reflection; where that is missing, a shutdown hook cancels the run instead. Thread-safe.
 */
final class SignalHandlers implements AutoCloseable {
    private final List<Runnable> restore = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private Thread hook;

    private SignalHandlers() {
    }

    /**
     * Installs the handlers; {@link #close()} restores the previous ones.
     *
     * @param cancel  what the first signal does (on a thread of its own)
     * @param killNow what the second does before the process halts: it must not wait for long
     */
    static SignalHandlers install(Runnable cancel, Runnable killNow, PrintWriter err) {
        SignalHandlers handlers = new SignalHandlers();
        Runnable onSignal = () -> {
            if (handlers.count.incrementAndGet() == 1) {
                err.println();
                err.println("cancelling the run (press Ctrl-C again to quit at once)...");
                err.flush();
                Thread.ofPlatform().daemon().name("sluice-cancel").start(cancel);
            } else {
                try {
                    killNow.run();
                } finally {
                    err.flush();
                    Runtime.getRuntime().halt(130);
                }
            }
        };
        for (String name : List.of("INT", "TERM")) {
            if (!handlers.handle(name, onSignal)) {
                handlers.fallback(cancel);
                break;
            }
        }
        return handlers;
    }

    private boolean handle(String name, Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            Object handler = java.lang.reflect.Proxy.newProxyInstance(handlerClass.getClassLoader(),
                    new Class<?>[]{handlerClass}, (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onSignal.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "sluice-signal-handler";
                    });
            var handleMethod = signalClass.getMethod("handle", signalClass, handlerClass);
            Object previous = handleMethod.invoke(null, signal, handler);
            restore.add(() -> {
                try {
                    handleMethod.invoke(null, signal, previous);
                } catch (ReflectiveOperationException | RuntimeException ignored) {
                    // the process is ending anyway
                }
            });
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void fallback(Runnable cancel) {
        hook = new Thread(cancel, "sluice-cancel-on-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            hook = null;
        }
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }
}
