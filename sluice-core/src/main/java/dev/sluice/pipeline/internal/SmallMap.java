package dev.sluice.pipeline.internal;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable map of a few entries in insertion order, stored as one array of alternating keys and values and
 * searched linearly: a step's {@code with:} or {@code inputs:} costs one small array instead of a LinkedHashMap
 * with an entry object per key (a pipeline of a million steps holds millions of these maps). Only for the small
 * maps {@link Copies} gives it; thread-safe.
 */
final class SmallMap<K, V> extends AbstractMap<K, V> {
    /** Larger maps stay LinkedHashMaps: a linear search is only cheaper for a handful of keys. */
    static final int MAX = 8;

    private final Object[] keysAndValues;

    SmallMap(Map<K, V> m) {
        if (m.size() > MAX) throw new IllegalArgumentException("more than " + MAX + " entries");
        keysAndValues = new Object[2 * m.size()];
        int i = 0;
        for (Map.Entry<K, V> e : m.entrySet()) {
            keysAndValues[i++] = e.getKey();
            keysAndValues[i++] = e.getValue();
        }
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keysAndValues.length; i += 2) if (Objects.equals(keysAndValues[i], key)) return i;
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) keysAndValues[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keysAndValues.length / 2;
    }

    /**
     * A fresh view each time: {@link AbstractMap} would keep it in a field, one more object per map for as long as
     * the pipeline lives (the validator asks every step's inputs for their names).
     */
    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                return new Walk<>(keysAndValues, 0);
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public int size() {
                return keysAndValues.length / 2;
            }
        };
    }

    /** A fresh view each time, as {@link #keySet()}. */
    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return new Walk<>(keysAndValues, 1);
            }

            @Override
            public int size() {
                return keysAndValues.length / 2;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(java.util.function.BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < keysAndValues.length; i += 2) action.accept((K) keysAndValues[i], (V) keysAndValues[i + 1]);
    }

    /** The keys (from 0) or the values (from 1) of the alternating array. */
    private static final class Walk<T> implements Iterator<T> {
        private final Object[] keysAndValues;
        private int i;

        Walk(Object[] keysAndValues, int from) {
            this.keysAndValues = keysAndValues;
            this.i = from;
        }

        @Override
        public boolean hasNext() {
            return i < keysAndValues.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (i >= keysAndValues.length) throw new NoSuchElementException();
            T t = (T) keysAndValues[i];
            i += 2;
            return t;
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keysAndValues.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<K, V> next() {
                        if (i >= keysAndValues.length) throw new NoSuchElementException();
                        Entry<K, V> e = new SimpleImmutableEntry<>((K) keysAndValues[i], (V) keysAndValues[i + 1]);
                        i += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keysAndValues.length / 2;
            }
        };
    }
}
