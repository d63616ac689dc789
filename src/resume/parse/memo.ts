/**
 * A bounded cache for a pure function of one string. The layout layers ask
 * the same questions of the same text many times ("is this segment a date?",
 * "is this line a section title?"), once per line per pass; the answers
 * depend on the text alone. Results are shared, so only immutable ones
 * (booleans, strings, undefined) belong here.
 *
 * The cache outlives a parse (the parse thread stays warm), so it is bounded
 * twice: in entries, and in key length (long text is computed every time),
 * which keeps it near a megabyte whatever the documents hold.
 */
export function memoizeText<T extends string | number | boolean | undefined>(
  fn: (text: string) => T,
  maxEntries = 4096,
  maxKeyLength = 200,
): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (text.length > maxKeyLength) return fn(text);
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    const value = fn(text);
    // Dropped wholesale when full: a parse reads a few hundred distinct lines, so this is rare.
    if (cache.size >= maxEntries) cache.clear();
    cache.set(text, value);
    return value;
  };
}
