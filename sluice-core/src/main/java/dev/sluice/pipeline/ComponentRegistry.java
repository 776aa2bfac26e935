package dev.sluice.pipeline;

import dev.sluice.api.Component;
import dev.sluice.api.ComponentProvider;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps {@code uses:} names to components: short names from every {@link ComponentProvider} on the
 * class path (the built-ins and each module's), plus components added with {@link #with}, plus any
 * class name of a {@link Component} with a public no-arg constructor. Immutable and thread-safe.
 */
public final class ComponentRegistry {
    private final Map<String, Component> byName;

    private ComponentRegistry(Map<String, Component> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /** The components of every provider found by {@link ServiceLoader} on this class loader's path. */
    public static ComponentRegistry defaults() {
        Map<String, Component> all = new TreeMap<>();
        ClassLoader loader = ComponentRegistry.class.getClassLoader();
        for (ComponentProvider provider : ServiceLoader.load(ComponentProvider.class, loader)) {
            for (Component c : provider.components()) {
                all.put(c.spec().name(), c);
            }
        }
        return new ComponentRegistry(all);
    }

    public static ComponentRegistry empty() {
        return new ComponentRegistry(Map.of());
    }

    /** A registry that also knows {@code component} under its spec's name (replacing one of the same name). */
    public ComponentRegistry with(Component component) {
        Map<String, Component> all = new TreeMap<>(byName);
        all.put(component.spec().name(), component);
        return new ComponentRegistry(all);
    }

    /** Short names, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** The components known by short name, sorted by it. */
    public List<Component> components() {
        return List.copyOf(byName.values());
    }

    /**
     * Finds a component by short name, or by class name when {@code uses} looks like one. A class is loaded without
     * being initialized and checked to be a concrete {@link Component} first: naming any other class on the class path
     * (one that loads a native library in its static initializer, say) runs none of its code.
     *
     * @throws IllegalArgumentException saying why nothing was found (the caller adds location and suggestions); a
     *                                  {@link NotAComponent} when a class was found that cannot be a component
     */
    public Component resolve(String uses) {
        Component c = byName.get(uses);
        if (c != null) return c;
        if (!uses.contains(".")) throw new IllegalArgumentException("unknown component '" + uses + "'");
        Class<?> type;
        try {
            type = Class.forName(uses, false, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : ComponentRegistry.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("unknown component '" + uses + "': no such class on the class path");
        }
        if (!Component.class.isAssignableFrom(type)) {
            throw new NotAComponent("class '" + uses + "' does not implement " + Component.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new NotAComponent("component class '" + uses + "' is " + (type.isInterface() ? "an interface" : "abstract")
                    + "; name a concrete class");
        }
        try {
            return (Component) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new NotAComponent("component class '" + uses + "' needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new NotAComponent("component class '" + uses + "' failed to construct: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new NotAComponent("component class '" + uses + "' cannot be instantiated: " + e);
        }
    }

    /** {@code uses:} names a class that exists but cannot be a component (not one, abstract, no public constructor...). */
    public static final class NotAComponent extends IllegalArgumentException {
        NotAComponent(String message) {
            super(message);
        }
    }
}
