/**
 * Field-level differences between two resumes, and a variant's overrides over its master.
 *
 * Glossary
 * - Field: a path into the sections. Objects are followed key by key; a list whose entries all carry
 *   an `id` (the model gives every entry one) is followed entry by entry, addressed by `@id` rather
 *   than by position, while both sides hold the same entries in the same order. Any other list (words,
 *   highlights, or entries added, removed or moved) is one field as a whole.
 * - Override: a field a variant changed, with its value (or `removed`) and the master's value when
 *   the variant changed it (`base`, or `base_absent`).
 * - Conflict: an override whose base no longer matches the master: the master changed a field the
 *   variant changed too. It stays the variant's value until the person keeps it or takes the master's.
 *
 * `meta` (confidence, sources, language) always follows the master: it describes parsing, not content.
 */
import { isDeepStrictEqual } from "node:util";

export type FieldPath = string[];

export type Override = {
  path: FieldPath;
  value?: unknown;
  removed?: true;
  base?: unknown;
  base_absent?: true;
};

export type FieldChange = {
  path: FieldPath;
  before?: unknown;
  after?: unknown;
};

type Lookup = { present: true; value: unknown } | { present: false };

const IGNORED_TOP = new Set(["meta"]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The entry ids of a list whose entries all have a string id, or null. */
function entryIds(list: unknown[]): string[] | null {
  const ids: string[] = [];
  for (const e of list) {
    if (!isObject(e) || typeof e.id !== "string" || !e.id) return null;
    ids.push(e.id);
  }
  return new Set(ids).size === ids.length ? ids : null;
}

/** Every field whose value differs between `a` and `b`, in document order. */
export function diffFields(a: unknown, b: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(a, b, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: FieldPath, out: FieldChange[]): void {
  if (isDeepStrictEqual(a, b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (path.length === 0 && IGNORED_TOP.has(key)) continue;
      const inA = Object.hasOwn(a, key);
      const inB = Object.hasOwn(b, key);
      if (inA && inB) walk(a[key], b[key], [...path, key], out);
      else
        out.push({
          path: [...path, key],
          ...(inA ? { before: a[key] } : {}),
          ...(inB ? { after: b[key] } : {}),
        });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ids = entryIds(a);
    const idsB = entryIds(b);
    if (ids && idsB && isDeepStrictEqual(ids, idsB)) {
      for (const [i, id] of ids.entries()) walk(a[i], b[i], [...path, `@${id}`], out);
      return;
    }
  }
  out.push({ path, before: a, after: b });
}

const ABSENT: Lookup = { present: false };

/** The value at `path`, following `@id` segments by entry id. */
export function getAt(root: unknown, path: FieldPath): Lookup {
  let node: unknown = root;
  for (const segment of path) {
    if (Array.isArray(node) && segment.startsWith("@")) {
      const id = segment.slice(1);
      const entry = node.find((e) => isObject(e) && e.id === id);
      if (entry === undefined) return ABSENT;
      node = entry;
    } else if (isObject(node) && Object.hasOwn(node, segment)) {
      node = node[segment];
    } else {
      return ABSENT;
    }
  }
  return { present: true, value: node };
}

/** Set (or delete) the value at `path` in place; false when its parent does not exist. */
function setAt(root: Record<string, unknown>, path: FieldPath, value: Lookup): boolean {
  const parentPath = path.slice(0, -1);
  const last = path.at(-1);
  if (last === undefined) return false;
  const parent = getAt(root, parentPath);
  if (!parent.present || !isObject(parent.value)) {
    return false;
  }
  if (value.present) parent.value[last] = structuredClone(value.value);
  else delete parent.value[last];
  return true;
}

function setListEntry(root: Record<string, unknown>, path: FieldPath, value: Lookup): boolean {
  const parent = getAt(root, path.slice(0, -1));
  const last = path.at(-1);
  if (!parent.present || !Array.isArray(parent.value) || !last?.startsWith("@")) return false;
  const list = parent.value;
  const index = list.findIndex((e) => isObject(e) && e.id === last.slice(1));
  if (index < 0) return false;
  if (value.present) list[index] = structuredClone(value.value);
  else list.splice(index, 1);
  return true;
}

const mineOf = (o: Override): Lookup => (o.removed ? ABSENT : { present: true, value: o.value });
const baseOf = (o: Override): Lookup => (o.base_absent ? ABSENT : { present: true, value: o.base });

/**
 * The variant's sections: the master's, with each override laid over it. An override whose place no
 * longer exists in the master (its entry was deleted there) is not applied; it shows as a conflict.
 */
export function applyOverrides(master: Record<string, unknown>, overrides: readonly Override[]) {
  const out = structuredClone(master);
  // Shorter paths first, so a whole-list override never erases a finer one applied before it.
  const ordered = [...overrides].sort((x, y) => x.path.length - y.path.length);
  for (const o of ordered) {
    if (!setAt(out, o.path, mineOf(o))) setListEntry(out, o.path, mineOf(o));
  }
  return out;
}

function sameLookup(a: Lookup, b: Lookup): boolean {
  if (!a.present || !b.present) return a.present === b.present;
  return isDeepStrictEqual(a.value, b.value);
}

/** Overrides whose master value moved since the variant changed them. */
export function conflictsOf(master: unknown, overrides: readonly Override[]) {
  const out: { path: FieldPath; mine: Lookup; master: Lookup; base: Lookup }[] = [];
  for (const o of overrides) {
    const now = getAt(master, o.path);
    const base = baseOf(o);
    if (!sameLookup(now, base)) out.push({ path: o.path, mine: mineOf(o), master: now, base });
  }
  return out;
}

/**
 * The overrides that make `master` into `variant`: one per differing field. A field already
 * overridden keeps its base (an unresolved conflict stays one); a newly changed field takes the
 * master's current value as its base.
 */
export function overridesFor(
  master: Record<string, unknown>,
  variant: Record<string, unknown>,
  previous: readonly Override[],
): Override[] {
  const kept = new Map(previous.map((o) => [pathKey(o.path), o]));
  return diffFields(master, variant).map((c) => {
    const before = kept.get(pathKey(c.path));
    const base = before ? baseOf(before) : getAt(master, c.path);
    return {
      path: c.path,
      ...("after" in c ? { value: c.after } : { removed: true as const }),
      ...(base.present ? { base: base.value } : { base_absent: true as const }),
    };
  });
}

/** Resolve conflicts: `keep` makes the master's current value the new base; `take` drops the override. */
export function resolveOverride(
  master: unknown,
  overrides: readonly Override[],
  path: FieldPath,
  choice: "keep_mine" | "take_master",
): Override[] {
  const key = pathKey(path);
  if (!overrides.some((o) => pathKey(o.path) === key)) return [...overrides];
  if (choice === "take_master") return overrides.filter((o) => pathKey(o.path) !== key);
  const now = getAt(master, path);
  return overrides.map((o) => {
    if (pathKey(o.path) !== key) return o;
    const { base: _b, base_absent: _a, ...rest } = o;
    return { ...rest, ...(now.present ? { base: now.value } : { base_absent: true as const }) };
  });
}

/** A path as one string (`work/@e1/name`); segments never contain `/` for the model's keys and ids. */
export function pathKey(path: FieldPath): string {
  return path.join("/");
}
