/**
 * One LinkedIn CSV file → rows keyed by column name.
 *
 * Real exports quote fields with commas and line breaks, may start with a
 * byte-order mark, and some start with a "Notes:" paragraph before the header
 * row; the header is therefore found, not assumed to be line 1: it is the
 * first record holding the columns the importer needs.
 */
import { parse } from "csv-parse/sync";

export type CsvRow = Record<string, string>;

export type CsvTable = { rows: CsvRow[]; columns: string[] };

/** Bounds on one file: no CV section has this many entries or this long a field. */
const MAX_RECORDS = 5_000;
const MAX_RECORD_CHARS = 100_000;

const key = (column: string) =>
  column
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase();

/**
 * Parses `text` and returns the rows under the first header that contains
 * every column of `required` (compared without case). Undefined when there
 * is no such header or the file is not CSV.
 */
export function readCsvTable(text: string, required: string[]): CsvTable | undefined {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      to: MAX_RECORDS,
    }) as string[][];
  } catch {
    return undefined;
  }
  const wanted = required.map(key);
  const headerIndex = records.findIndex((record) => {
    const columns = new Set(record.map(key));
    return wanted.every((c) => columns.has(c));
  });
  if (headerIndex === -1) return undefined;
  const columns = records[headerIndex]!.map(key);
  const rows = records.slice(headerIndex + 1).map((record) => {
    // No prototype: a column named "constructor" or "__proto__" is just a column.
    const row: CsvRow = Object.create(null);
    columns.forEach((column, i) => {
      // A repeated column name keeps its first value.
      if (column && !Object.hasOwn(row, column))
        row[column] = (record[i] ?? "").replace(/\r\n?/g, "\n").trim();
    });
    return row;
  });
  return { rows: rows.filter((row) => Object.values(row).some((v) => v !== "")), columns };
}

/** The value of `column` (any case), or "". */
export function cell(row: CsvRow, column: string): string {
  return Object.hasOwn(row, key(column)) ? row[key(column)]! : "";
}
