/**
 * Pagination: flow blocks into per-page frames.
 *
 * Rules, in order of priority:
 * 1. A block marked `keepWithNext` (section heading, entry header) moves to
 *    the next page together with the start of the block that follows it, so
 *    no page ends with a heading.
 * 2. A `splittable` block (paragraph, long bullet) may break between lines,
 *    but never leaves a single line on either side (widow/orphan control).
 * 3. Anything else moves whole to the next page. A block taller than a whole
 *    frame is split by lines anyway, so nothing is ever cut off.
 * Space before a block is dropped at the top of a frame.
 */
import { type Block, blockHeight, type Frame, type Line, type Placement } from "./boxes.js";

const MIN_LINES = 2;

/** Height of the smallest piece of `block` that may start a page. */
function minimumHead(block: Block): number {
  if (!block.splittable || block.lines.length < MIN_LINES * 2) return blockHeight(block);
  let h = 0;
  for (let i = 0; i < MIN_LINES; i++) h += block.lines[i]!.height;
  return h;
}

/** Flow `blocks` through the frames `frameFor(page)`; returns placed lines and the page count used. */
export function paginate(
  blocks: readonly Block[],
  frameFor: (page: number) => Frame,
): { placements: Placement[]; pages: number } {
  const placements: Placement[] = [];
  let page = 0;
  let frame = frameFor(page);
  let y = frame.top;
  const atTop = () => y === frame.top;
  const newPage = () => {
    page++;
    frame = frameFor(page);
    y = frame.top;
  };
  const place = (line: Line) => {
    placements.push({ page, x: frame.x, y, line });
    y += line.height;
  };

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.lines.length === 0) continue;

    // What must fit together: this block, every block glued to it, and the head of the first one not glued.
    let required = atTop() ? 0 : block.spaceBefore;
    let j = i;
    while (blocks[j]?.keepWithNext && j + 1 < blocks.length) {
      required += (j === i ? 0 : blocks[j]!.spaceBefore) + blockHeight(blocks[j]!);
      j++;
    }
    required += j === i ? minimumHead(block) : blocks[j]!.spaceBefore + minimumHead(blocks[j]!);
    const frameHeight = frame.bottom - frame.top;
    if (!atTop() && y + required > frame.bottom && required <= frameHeight) newPage();
    if (!atTop()) y += block.spaceBefore;

    const height = blockHeight(block);
    if (y + height <= frame.bottom) {
      for (const line of block.lines) place(line);
      continue;
    }
    if (!block.splittable && height <= frameHeight && !atTop()) {
      newPage();
      for (const line of block.lines) place(line);
      continue;
    }
    // Split between lines, keeping at least MIN_LINES on each side when the block allows it.
    const lines = block.lines;
    let k = 0;
    while (k < lines.length) {
      let fit = 0;
      let h = 0;
      while (k + fit < lines.length && y + h + lines[k + fit]!.height <= frame.bottom) {
        h += lines[k + fit]!.height;
        fit++;
      }
      const remaining = lines.length - k;
      if (fit < remaining && block.splittable && remaining >= MIN_LINES * 2) {
        // Leave at least MIN_LINES for the next page.
        fit = Math.min(fit, remaining - MIN_LINES);
        if (fit < MIN_LINES && !atTop()) fit = 0;
      }
      if (fit === 0 && atTop()) fit = 1; // a line taller than the frame still has to go somewhere
      for (let n = 0; n < fit; n++) place(lines[k + n]!);
      k += fit;
      if (k < lines.length) newPage();
    }
  }
  return { placements, pages: page + 1 };
}
