// The one way codecs are compiled and cached, shared by the gob encoder and decoder and the JSON
// codec: as decoder.go's getDecEnginePtr, an entry is installed before compiling (so a recursive
// type finds itself) and removed again if compiling fails.

/**
 * The function cached under `key`, compiling it on first use. While `compile` runs, a lookup of
 * `key` (a recursive type reaching itself) gets `forward(target)`, which must call `target()` to
 * reach the finished function.
 */
export function compileOnce<K, F>(cache: Map<K, F>, key: K, forward: (target: () => F) => F, compile: () => F): F {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let real: F | undefined;
  cache.set(
    key,
    forward(() => real!),
  );
  try {
    real = compile();
  } catch (e) {
    cache.delete(key);
    throw e;
  }
  cache.set(key, real);
  return real;
}
