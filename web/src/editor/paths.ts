/**
 * Immutable access to nested fields of the resume by path, e.g.
 * `["work", 0, "positions", 1, "title"]`. The dotted form of a path
 * (`work.0.positions.1.title`) is the key the model uses for confidence.
 */

export type Path = readonly (string | number)[];

/** The model's dotted key for a path. */
export function pathKey(path: Path): string {
  return path.join(".");
}

/** Parses a dotted key or a JSON-pointer-ish string (`/work/0/name`, `work[0].name`) into a path. */
export function parsePath(text: string): Path {
  return text
    .replace(/\[(\d+)\]/g, ".$1")
    .split(/[./]/)
    .filter((part) => part !== "")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The value at `path`, or undefined when any step is missing. */
export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

/** A copy of `root` with `update` applied to the value at `path`; only the nodes on the path are copied. */
export function updateAt<T>(root: T, path: Path, update: (value: unknown) => unknown): T {
  if (path.length === 0) return update(root) as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = root as unknown;
  if (Array.isArray(container)) {
    const copy = container.slice();
    copy[head as number] = updateAt(copy[head as number], rest, update);
    return copy as T;
  }
  const record = (container ?? {}) as Record<string, unknown>;
  return { ...record, [head]: updateAt(record[head as string], rest, update) } as T;
}

/** A copy of `root` with `value` at `path`. */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  return updateAt(root, path, () => value);
}
