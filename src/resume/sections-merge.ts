/**
 * Field-level merge of two edits of the same sections (two tabs, two devices).
 *
 * Each side's change is the set of JSON pointers (RFC 6901) where it differs
 * from the base both started from: objects are compared key by key, lists
 * index by index while their length is unchanged (a list that grew or shrank,
 * or an entry moved, is one change at the list's own path). The edits merge
 * when no changed path of one side equals, contains or lies inside a changed
 * path of the other, unless both made the same change there; the merge is
 * the newer version with this side's changes applied.
 *
 * Input is untrusted JSON: comparison stops at `MAX_DEPTH` (a deeper subtree
 * counts as changed whole) and at `MAX_CHANGES` paths per side, so the work is
 * linear in the size of the documents.
 */

type Json = unknown;

const MAX_DEPTH = 32;
const MAX_CHANGES = 10_000;

export type MergeResult =
  | { ok: true; merged: Record<string, unknown>; ours: string[]; theirs: string[] }
  | { ok: false; conflicts: string[] };

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const escapeSegment = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** Deep equality with a depth bound: a subtree deeper than `MAX_DEPTH` is never equal. */
export function sameJson(a: Json, b: Json, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i], depth + 1));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k], depth + 1));
  }
  return false;
}

/** The JSON pointers where `next` differs from `base` (see the module comment); null past the cap. */
export function changedPaths(base: Json, next: Json): string[] | null {
  const out: string[] = [];
  const walk = (a: Json, b: Json, path: string, depth: number): boolean => {
    if (out.length > MAX_CHANGES) return false;
    if (a === b) return true;
    if (depth < MAX_DEPTH && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (let i = 0; i < a.length; i++) if (!walk(a[i], b[i], `${path}/${i}`, depth + 1)) return false;
      return true;
    }
    if (depth < MAX_DEPTH && isObject(a) && isObject(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) if (!walk(a[k], b[k], `${path}/${escapeSegment(k)}`, depth + 1)) return false;
      return true;
    }
    if (!sameJson(a, b, depth)) out.push(path);
    return true;
  };
  return walk(base, next, "", 0) && out.length <= MAX_CHANGES ? out : null;
}

/** A pointer and the pointers above it, shortest first ("/a/b" → "", "/a", "/a/b"). */
function prefixes(path: string): string[] {
  const out = [""];
  for (let at = path.indexOf("/", 1); at !== -1; at = path.indexOf("/", at + 1)) out.push(path.slice(0, at));
  if (path !== "") out.push(path);
  return out;
}

const unescapeSegment = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

function valueAt(doc: Json, path: string): Json {
  let at = doc;
  for (const segment of path.split("/").slice(1)) {
    if (Array.isArray(at)) at = at[Number(segment)];
    else if (isObject(at))
      at = Object.hasOwn(at, unescapeSegment(segment)) ? at[unescapeSegment(segment)] : undefined;
    else return undefined;
  }
  return at;
}

/** Set (or, for `undefined`, remove) the value at `path`, whose parent exists in `doc`. */
function setAt(doc: Record<string, Json>, path: string, value: Json): void {
  const segments = path.split("/").slice(1).map(unescapeSegment);
  const last = segments.pop();
  if (last === undefined) return;
  let parent: Json = doc;
  for (const segment of segments)
    parent = Array.isArray(parent) ? parent[Number(segment)] : (parent as Record<string, Json>)[segment];
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else if (isObject(parent)) {
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
}

/**
 * Merge `ours` (this request's sections, edited from `base`) into `theirs` (the version stored since).
 * Conflicts are the paths both sides changed differently, sorted.
 */
export function mergeSections(
  base: Record<string, unknown>,
  ours: Record<string, unknown>,
  theirs: Record<string, unknown>,
): MergeResult {
  const mine = changedPaths(base, ours);
  const other = changedPaths(base, theirs);
  // Too many changes to compare path by path: everything conflicts.
  if (mine === null || other === null) return { ok: false, conflicts: [""] };
  // Their paths, and every path above one of them: a lookup per prefix keeps this linear.
  const theirPaths = new Set(other);
  const aboveTheirs = new Set(other.flatMap(prefixes));
  const conflicts = new Set<string>();
  const agreed = new Set<string>();
  for (const p of mine) {
    // The shorter of two overlapping paths covers both changes.
    const covering = prefixes(p).find((r) => theirPaths.has(r)) ?? (aboveTheirs.has(p) ? p : undefined);
    if (covering === undefined || agreed.has(covering) || conflicts.has(covering)) continue;
    // Both sides made the same change there: nothing to ask.
    if (sameJson(valueAt(ours, covering), valueAt(theirs, covering))) agreed.add(covering);
    else conflicts.add(covering);
  }
  if (conflicts.size > 0) return { ok: false, conflicts: [...conflicts].sort() };
  const merged = structuredClone(theirs);
  for (const p of mine) setAt(merged, p, structuredClone(valueAt(ours, p)));
  return { ok: true, merged, ours: mine, theirs: other };
}
