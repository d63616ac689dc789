/**
 * What is wrong with a translation catalogue, measured against English: keys it
 * lacks or English lacks, messages that do not compile as ICU MessageFormat,
 * placeholders (and markup tags) other than English's, and plurals that miss a
 * category the language needs (Polish: one, few, many, other). Used by the
 * catalogue test; nothing in the running client imports it.
 */
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";

/** The argument and tag names a message uses, and the plural categories each plural argument covers. */
type Shape = { names: Set<string>; plurals: { name: string; categories: Set<string> }[] };

function shapeOf(elements: MessageFormatElement[], shape: Shape = { names: new Set(), plurals: [] }): Shape {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        shape.names.add(element.value);
        break;
      case TYPE.tag:
        shape.names.add(`<${element.value}>`);
        shapeOf(element.children, shape);
        break;
      case TYPE.select:
        shape.names.add(element.value);
        for (const option of Object.values(element.options)) shapeOf(option.value, shape);
        break;
      case TYPE.plural:
        shape.names.add(element.value);
        shape.plurals.push({ name: element.value, categories: new Set(Object.keys(element.options)) });
        for (const option of Object.values(element.options)) shapeOf(option.value, shape);
        break;
      default:
        break;
    }
  }
  return shape;
}

/** The shape of `message`, or the parser's complaint. */
export function compile(message: string): Shape | { error: string } {
  try {
    return shapeOf(parse(message));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function missingCategories(shape: Shape, locale: string): string[] {
  // Cardinal categories the language distinguishes; "=0"-style exact matches never replace them.
  const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  return shape.plurals.flatMap(({ name, categories }) =>
    needed.filter((c) => !categories.has(c)).map((c) => `plural {${name}} lacks "${c}"`),
  );
}

/** Everything wrong with English itself: messages that do not compile, plurals English needs. */
export function englishProblems(english: Readonly<Record<string, string>>): string[] {
  return Object.entries(english).flatMap(([id, text]) => {
    const shape = compile(text);
    if ("error" in shape) return [`en ${id}: does not compile (${shape.error})`];
    return missingCategories(shape, "en").map((p) => `en ${id}: ${p}`);
  });
}

/** Everything wrong with `catalogue` (the messages of `locale`) against `english`; empty when it is complete. */
export function catalogueProblems(
  english: Readonly<Record<string, string>>,
  catalogue: Readonly<Record<string, string>>,
  locale: string,
): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(english)) {
    if (!Object.hasOwn(catalogue, id)) problems.push(`${locale} ${id}: missing (English: "${english[id]}")`);
  }
  for (const [id, text] of Object.entries(catalogue)) {
    if (!Object.hasOwn(english, id)) {
      problems.push(`${locale} ${id}: English has no such message`);
      continue;
    }
    const shape = compile(text);
    if ("error" in shape) {
      problems.push(`${locale} ${id}: does not compile (${shape.error})`);
      continue;
    }
    const source = compile(english[id]!);
    if (!("error" in source)) {
      const ours = [...shape.names].sort().join(", ");
      const theirs = [...source.names].sort().join(", ");
      if (ours !== theirs) problems.push(`${locale} ${id}: placeholders {${ours}}, English has {${theirs}}`);
    }
    for (const p of missingCategories(shape, locale)) problems.push(`${locale} ${id}: ${p}`);
  }
  return problems;
}
