package dev.sluice.exec;

/**
 * A step's cache key: the SHA-256 of {@code partsJson}, a canonical JSON object of everything the key covers
 * (component and version, code fingerprint, parameters, declared environment, input artifacts, files read),
 * kept so that {@code sluice why} can say which part changed.
 */
record CacheKey(String key, String partsJson) {}
