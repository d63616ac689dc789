/**
 * Bold from pixels. A text layer names its fonts; a scan does not, but bold
 * strokes are thicker: the typical run of dark pixels across a word's
 * strokes, as a share of its font size, is about 1.5 times that of the
 * regular face. Comparing each word with the document's usual weight tells
 * the bold lines (entry titles, employers) the layout relies on.
 */

/** An 8-bit greyscale image (what pdftoppm -gray writes as PGM). */
export type GreyImage = { width: number; height: number; pixels: Uint8Array };

/** Reads a binary PGM (P5, 8 bit); undefined for anything else. */
export function readPgm(bytes: Uint8Array): GreyImage | undefined {
  // Header: "P5", width, height, maxval, each separated by whitespace, then one whitespace byte.
  const head = Buffer.from(bytes.subarray(0, 64)).toString("latin1");
  const match = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(head);
  if (match?.[3] !== "255") return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  const offset = match[0].length;
  if (bytes.length < offset + width * height) return undefined;
  return { width, height, pixels: bytes.subarray(offset, offset + width * height) };
}

const DARK = 128;

/**
 * The mean length of the horizontal runs of dark pixels inside a box, leaving
 * out runs longer than twice the median (horizontal bars, underlines): the
 * stroke width of the text in it, in pixels, with sub-pixel resolution.
 * Undefined for an empty box.
 */
export function strokeWidth(
  image: GreyImage,
  box: { x0: number; y0: number; x1: number; y1: number },
): number | undefined {
  const x0 = Math.max(0, Math.floor(box.x0));
  const x1 = Math.min(image.width, Math.ceil(box.x1));
  const y0 = Math.max(0, Math.floor(box.y0));
  const y1 = Math.min(image.height, Math.ceil(box.y1));
  // Counting run lengths (a word's runs are a few pixels long, so 64 buckets hold them).
  const counts = new Uint32Array(64);
  let runs = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * image.width;
    let run = 0;
    for (let x = x0; x <= x1; x++) {
      if (x < x1 && image.pixels[row + x]! < DARK) {
        run++;
        continue;
      }
      if (run > 0) {
        counts[Math.min(run, 63)]!++;
        runs++;
        run = 0;
      }
    }
  }
  if (runs === 0) return undefined;
  let median = 63;
  for (let length = 1, seen = 0; length < 64; length++) {
    seen += counts[length]!;
    if (seen * 2 >= runs) {
      median = length;
      break;
    }
  }
  let sum = 0;
  let n = 0;
  for (let length = 1; length <= Math.min(63, 2 * median); length++) {
    sum += length * counts[length]!;
    n += counts[length]!;
  }
  return sum / n;
}
