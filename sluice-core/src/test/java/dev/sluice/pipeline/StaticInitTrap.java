package dev.sluice.pipeline;

/** Not a component, with a static initializer that leaves a trace: validation must never run it. */
final class StaticInitTrap {
    static final String PROPERTY = "sluice.test.static-init-trap";

    static {
        System.setProperty(PROPERTY, "initialized");
    }

    private StaticInitTrap() {
    }
}
