/**
 * Decompression-bomb check for PDFs, run before pdf.js sees the file.
 *
 * pdf.js inflates a stream completely into memory, and one 128 KB file can
 * hold a Flate stream of 128 MB (or nested Flate layers of gigabytes). So
 * every `stream … ` body in the file is decoded here first, through its
 * filter chain (Flate, LZW, RunLength, ASCIIHex, ASCII85; image codecs end the
 * chain, text extraction never decodes images), counting the output of every
 * stage against one budget for the whole file and discarding it chunk by
 * chunk. Past the budget the parse stops with `parse_resource_limit`.
 *
 * The scan does not trust the file's structure: it finds every `stream`
 * keyword, including ones inside other objects' data (pdf.js follows xref
 * offsets anywhere), and feeds each decoder from the stream start until the
 * decoder's own end-of-data (pdf.js's `/Length` can be an indirect object, and
 * the bytes `endstream` may appear inside compressed data). Data that starts
 * with a zlib header is inflated even when the dictionary cannot be read.
 * What the scan cannot see is still bounded by the parse sandbox's memory cap.
 */
import { Readable, Transform, type TransformCallback, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflate, inflateSync } from "node:zlib";
import { AppError } from "../../../errors.js";
import { Ascii85Decoder, AsciiHexDecoder, LzwDecoder, RunLengthDecoder } from "./stream-decoders.js";
import { mayHideText } from "./visible-content.js";

export type StreamScan = {
  streams: number;
  decodedBytes: number;
  /**
   * False when every stream that may be page content was read and sets no
   * invisible rendering mode and no white fill (visible-content.ts): the
   * page replay that looks for hidden text can then be skipped.
   */
  textMayBeHidden: boolean;
};

const FILTER_ALIASES: Record<string, string> = {
  Fl: "FlateDecode",
  LZW: "LZWDecode",
  RL: "RunLengthDecode",
  AHx: "ASCIIHexDecode",
  A85: "ASCII85Decode",
};

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([...WHITESPACE, 0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const STREAM = Buffer.from("stream", "latin1");
/** How far back the scan looks for the dictionary of a stream. */
const MAX_DICT_BYTES = 64 * 1024;
/** Decoded content read for the visibility proof; past it the proof gives up (the replay runs). */
const MAX_INSPECTED_BYTES = 8 * 1024 * 1024;
const ENDSTREAM = Buffer.from("endstream", "latin1");
/** Stream types that are never page content: fonts, images, object and xref streams, metadata. */
const NOT_CONTENT_TYPES = new Set(["ObjStm", "XRef", "Metadata", "EmbeddedFile", "CMap"]);
const NOT_CONTENT_SUBTYPES = new Set(["Image", "Type1C", "CIDFontType0C", "OpenType", "XML"]);

/** zlib's two-byte header, which pdf.js's FlateStream insists on. */
function hasZlibHeader(data: Buffer): boolean {
  if (data.length < 2) return false;
  const cmf = data[0]!;
  const flg = data[1]!;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}

/** Start of the `<<` that the `>>` ending at `end` closes, or -1. */
function dictStart(bytes: Buffer, end: number): number {
  let depth = 0;
  const floor = Math.max(0, end - MAX_DICT_BYTES);
  for (let i = end - 1; i > floor; i--) {
    const pair = bytes[i - 1] === bytes[i] ? bytes[i] : undefined;
    if (pair === 0x3e) {
      depth++;
      i--;
    } else if (pair === 0x3c) {
      depth--;
      i--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

type StreamDict = {
  filters: string[] | undefined;
  /** `/Type /ObjStm`: its objects may name the font programs (`/FontFile… n 0 R`). */
  objectStream: boolean;
  length: number | undefined;
  /** False when the dictionary shows the stream is no content stream (a font, an image, an ICC profile …). */
  mayBeContent: boolean;
};

/** `/Filter` and a direct `/Length` of the outermost dictionary in `text` (strings and nested values skipped). */
function readDict(text: string): StreamDict {
  const tokens = text.match(/<<|>>|\[|\]|\/[^\s/[\]<>(){}%]*|\((?:\\.|[^\\()])*\)|[^\s/[\]<>(){}%]+/g) ?? [];
  let depth = 0;
  let filters: string[] | undefined;
  let length: number | undefined;
  let mayBeContent = true;
  let objectStream = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "<<" || token === "[") depth++;
    else if (token === ">>" || token === "]") depth--;
    else if (depth === 1 && (token === "/Type" || token === "/Subtype")) {
      const value = tokens[i + 1]?.slice(1) ?? "";
      if ((token === "/Type" ? NOT_CONTENT_TYPES : NOT_CONTENT_SUBTYPES).has(value)) mayBeContent = false;
      if (token === "/Type" && value === "ObjStm") objectStream = true;
    } else if (depth === 1 && /^\/(?:Length[123]|N|FunctionType)$/.test(token)) {
      // Embedded font programs carry /Length1–3, ICC profiles /N, functions /FunctionType.
      mayBeContent = false;
    } else if (depth === 1 && token === "/Filter") {
      const value = tokens[i + 1];
      if (value?.startsWith("/")) filters = [value.slice(1)];
      else if (value === "[") {
        filters = [];
        for (let j = i + 2; j < tokens.length && tokens[j] !== "]"; j++) {
          if (tokens[j]!.startsWith("/")) filters.push(tokens[j]!.slice(1));
        }
      }
    } else if (depth === 1 && token === "/Length") {
      const value = tokens[i + 1];
      const after = tokens[i + 3];
      if (value && /^\d+$/.test(value) && after !== "R") length = Number(value);
    }
  }
  return { filters: filters?.map((f) => FILTER_ALIASES[f] ?? f), length, mayBeContent, objectStream };
}

const DECODABLE = new Set(["FlateDecode", "LZWDecode", "RunLengthDecode", "ASCIIHexDecode", "ASCII85Decode"]);
/** Largest output inflated in one call; bigger streams go through the pipeline chunk by chunk. */
const WHOLE_INFLATE_BYTES = 4 * 1024 * 1024;

function decoderFor(filter: string): Transform {
  switch (filter) {
    case "FlateDecode":
      return createInflate();
    case "LZWDecode":
      return new LzwDecoder();
    case "RunLengthDecode":
      return new RunLengthDecoder();
    case "ASCIIHexDecode":
      return new AsciiHexDecoder();
    default:
      return new Ascii85Decoder();
  }
}

/** `data` inflated in one call, or undefined when it is damaged, cut off or larger than `room` allows. */
function inflateWhole(data: Buffer, room: number): Buffer | undefined {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, Math.min(room + 1, WHOLE_INFLATE_BYTES)) });
  } catch {
    return undefined;
  }
}

class BudgetExceeded extends Error {}

/**
 * Decodes every stream of `bytes` through its filters, counting all output;
 * throws `parse_resource_limit` once the total passes `budget` bytes.
 */
export async function scanPdfStreams(
  bytes: Uint8Array,
  budget: number,
  signal?: AbortSignal,
): Promise<StreamScan> {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded = 0;
  let streams = 0;
  let inspected = 0;
  let textMayBeHidden = false;
  // Streams whose content may hide text, by object number: a font program without the usual
  // /Length1 (some generators leave it out) reads as garbage operators, and is cleared at the end
  // when a font descriptor names it.
  const doubtful: number[] = [];
  // Content that is visible if its one-component colours are gray (no Separation, DeviceN or Indexed space).
  let grayDoubt = false;
  const objectStreams: Buffer[] = [];
  const check = (content: string, object: number | undefined) => {
    if (!mayHideText(content)) return;
    if (!mayHideText(content, { oneComponentIsGray: true })) grayDoubt = true;
    else if (object === undefined) textMayBeHidden = true;
    else doubtful.push(object);
  };
  const count = (n: number) => {
    decoded += n;
    if (decoded > budget) throw new BudgetExceeded();
  };

  for (let at = file.indexOf(STREAM); at !== -1; at = file.indexOf(STREAM, at + STREAM.length)) {
    signal?.throwIfAborted();
    // A keyword: a delimiter before it (not "endstream"), an end of line after it.
    const before = at > 0 ? file[at - 1]! : 0x20;
    if (!DELIMITERS.has(before) || (at >= 3 && file.toString("latin1", at - 3, at) === "end")) continue;
    let start = at + STREAM.length;
    while (file[start] === 0x20) start++;
    if (file[start] === 0x0d) start++;
    if (file[start] === 0x0a) start++;
    if (start === at + STREAM.length) continue;

    let dict: StreamDict = { filters: undefined, length: undefined, mayBeContent: true, objectStream: false };
    let object: number | undefined;
    let close = at - 1;
    while (close > 0 && WHITESPACE.has(file[close]!)) close--;
    if (file[close] === 0x3e && file[close - 1] === 0x3e) {
      const open = dictStart(file, close + 1);
      if (open >= 0) {
        dict = readDict(file.toString("latin1", open, close + 1));
        object = objectNumber(file.toString("latin1", Math.max(0, open - 32), open));
      }
    }
    const end = dict.length !== undefined ? Math.min(file.length, start + dict.length) : file.length;
    const data = file.subarray(start, end);
    let filters = dict.filters ?? [];
    if (filters[0] !== "FlateDecode" && hasZlibHeader(data)) filters = ["FlateDecode", ...filters];
    // Image codecs (DCT, JPX, JBIG2, CCITTFax) and unknown filters end the chain: text extraction stops there.
    const undecodable = filters.findIndex((f) => !DECODABLE.has(f));
    const stages = undecodable === -1 ? filters.length : undecodable;
    // Content streams are read for the visibility proof, until one may hide text; streams that end in
    // an image codec are images.
    const inspect: boolean = !textMayBeHidden && dict.mayBeContent && stages === filters.length;
    if (stages === 0) {
      if (inspect) {
        const stop = dict.length !== undefined ? end : file.indexOf(ENDSTREAM, start);
        inspected += stop - start;
        if (stop === -1 || inspected > MAX_INSPECTED_BYTES) textMayBeHidden = true;
        else check(file.toString("latin1", start, stop), object);
      }
      continue;
    }
    streams++;
    const kept: Buffer[] | undefined = inspect || dict.objectStream ? [] : undefined;
    const keep = (chunk: Buffer) => {
      if (!kept) return;
      inspected += chunk.length;
      if (inspected <= MAX_INSPECTED_BYTES) kept.push(chunk);
    };
    try {
      // Most streams are one small, intact Flate layer: inflated in one call. Anything else (damaged,
      // larger, chained) streams through the counting pipeline.
      const whole =
        stages === 1 && filters[0] === "FlateDecode" ? inflateWhole(data, budget - decoded) : undefined;
      if (whole) {
        count(whole.length);
        keep(whole);
      } else {
        await decodeCounted(data, filters.slice(0, stages).map(decoderFor), count, keep);
      }
      if (inspected > MAX_INSPECTED_BYTES) textMayBeHidden = true;
      else if (dict.objectStream && kept) objectStreams.push(...kept);
      else if (kept) check(Buffer.concat(kept).toString("latin1"), object);
    } catch (error) {
      // Content that could not be read to its end proves nothing.
      if (inspect) textMayBeHidden = true;
      if (error instanceof BudgetExceeded) {
        throw new AppError(
          "parse_resource_limit",
          `The PDF's compressed streams expand to more than ${Math.round(budget / 1024 / 1024)} MB.`,
          { details: { limit_bytes: budget } },
        );
      }
      // A damaged stream: what it produced is counted; pdf.js decides what the damage means.
    }
  }
  if (!textMayBeHidden && (doubtful.length > 0 || grayDoubt)) {
    const texts = [file.toString("latin1"), ...objectStreams.map((b) => b.toString("latin1"))];
    const fonts = fontPrograms(texts);
    textMayBeHidden =
      doubtful.some((object) => !fonts.has(object)) ||
      (grayDoubt && texts.some((text) => /\/(?:Separation|DeviceN|Indexed)\b/.test(text)));
  }
  return { streams, decodedBytes: decoded, textMayBeHidden };
}

/** The object number of `N G obj` ending `text` (the bytes before a stream's dictionary). */
function objectNumber(text: string): number | undefined {
  const words = text.trimEnd().split(/\s+/);
  const [number, generation, keyword] = words.slice(-3);
  return keyword === "obj" && /^\d+$/.test(number ?? "") && /^\d+$/.test(generation ?? "")
    ? Number(number)
    : undefined;
}

/** Object numbers that font descriptors name as font programs (`/FontFile2 12 0 R`). */
function fontPrograms(texts: string[]): Set<number> {
  const objects = new Set<number>();
  for (const text of texts)
    for (const match of text.matchAll(/\/FontFile[23]?\s*(\d+)\s+\d+\s+R/g)) objects.add(Number(match[1]));
  return objects;
}

/** Pipes `data` through `stages`, counting every stage's output; the final output goes to `output`. */
async function decodeCounted(
  data: Buffer,
  stages: Transform[],
  count: (n: number) => void,
  output: (chunk: Buffer) => void,
): Promise<void> {
  const counted = stages.flatMap((stage, i) =>
    i === stages.length - 1 ? [stage] : [stage, new PassThroughCounter(count)],
  );
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        count(chunk.length);
        output(chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  await pipeline([Readable.from([data], { objectMode: false }), ...counted, sink]);
}

/** Counts what flows between two decoding stages (nested layers each hold their output in pdf.js). */
class PassThroughCounter extends Transform {
  constructor(private readonly count: (n: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.count(chunk.length);
      callback(null, chunk);
    } catch (error) {
      callback(error as Error);
    }
  }
}
