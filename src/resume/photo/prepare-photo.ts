/**
 * The photo a CV may carry: checked, turned upright, cropped square and
 * re-encoded, so what is stored and embedded is a small JPEG we wrote
 * ourselves — no EXIF (location, camera serial), no colour profiles, no
 * trailing data of the original.
 *
 * Decoding is bounded: the byte size, the pixel count (read from the header
 * before any pixel is decoded) and jpeg-js's own memory cap.
 */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { AppError } from "../../errors.js";
import { exifOrientation, sourcePixel } from "./exif-orientation.js";

/** Largest accepted upload. */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
/** Largest accepted image, in pixels (a 40 MP phone photo). */
export const PHOTO_MAX_PIXELS = 40_000_000;
/** Smallest side that still prints sharply at photo size. */
export const PHOTO_MIN_SIDE = 96;
/** Side of the stored square. */
export const PHOTO_SIDE = 480;

type Rgba = { width: number; height: number; data: Uint8Array; orientation: number };

const invalid = (message: string, cause?: unknown) =>
  new AppError("photo_invalid", message, cause === undefined ? {} : { cause });

/** Width and height from a PNG's IHDR or a JPEG's SOF marker, without decoding pixels. */
export function imageSize(bytes: Uint8Array): { type: "jpeg" | "png"; width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a)
    return { type: "png", width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) break;
      const marker = bytes[at + 1]!;
      const length = view.getUint16(at + 2);
      // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { type: "jpeg", width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      at += 2 + length;
    }
    throw invalid("The JPEG has no readable frame header.");
  }
  throw invalid("A photo must be a JPEG or PNG image.");
}

function decode(bytes: Uint8Array): Rgba {
  if (bytes.length === 0) throw invalid("The photo is empty.");
  if (bytes.length > PHOTO_MAX_BYTES)
    throw new AppError("payload_too_large", `A photo may be at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB.`);
  const { type, width, height } = imageSize(bytes);
  if (width * height > PHOTO_MAX_PIXELS)
    throw invalid(`The photo is too large (${width} × ${height} pixels).`);
  if (Math.min(width, height) < PHOTO_MIN_SIDE)
    throw invalid(
      `The photo is too small (${width} × ${height}); use at least ${PHOTO_MIN_SIDE} pixels a side.`,
    );
  try {
    if (type === "png") {
      const png = PNG.sync.read(Buffer.from(bytes));
      return { width: png.width, height: png.height, data: png.data, orientation: 1 };
    }
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: PHOTO_MAX_PIXELS / 1_000_000,
      maxMemoryUsageInMB: 512,
    }) as jpeg.UintArrRet & { exifBuffer?: Uint8Array };
    return {
      width: image.width,
      height: image.height,
      data: image.data,
      orientation: exifOrientation(image.exifBuffer),
    };
  } catch (error) {
    throw invalid("The photo cannot be decoded.", error);
  }
}

/**
 * Crop the upright image to its centred square and shrink it to `side` by averaging the source
 * pixels under each output pixel (transparent PNG pixels are laid on white).
 */
function squareOf(image: Rgba, side: number): Uint8Array {
  const swap = image.orientation >= 5;
  const w = swap ? image.height : image.width;
  const h = swap ? image.width : image.height;
  const crop = Math.min(w, h);
  const x0 = Math.floor((w - crop) / 2);
  const y0 = Math.floor((h - crop) / 2);
  const n = Math.min(side, crop);
  const out = new Uint8Array(n * n * 4);
  const scale = crop / n;
  for (let oy = 0; oy < n; oy++) {
    const ya = Math.floor(oy * scale);
    const yb = Math.max(ya + 1, Math.floor((oy + 1) * scale));
    for (let ox = 0; ox < n; ox++) {
      const xa = Math.floor(ox * scale);
      const xb = Math.max(xa + 1, Math.floor((ox + 1) * scale));
      let r = 0;
      let g = 0;
      let b = 0;
      let count = 0;
      for (let y = ya; y < yb; y++) {
        for (let x = xa; x < xb; x++) {
          const [sx, sy] = sourcePixel(image.orientation, x0 + x, y0 + y, image.width, image.height);
          const i = (sy * image.width + sx) * 4;
          const a = image.data[i + 3]! / 255;
          r += image.data[i]! * a + 255 * (1 - a);
          g += image.data[i + 1]! * a + 255 * (1 - a);
          b += image.data[i + 2]! * a + 255 * (1 - a);
          count++;
        }
      }
      const o = (oy * n + ox) * 4;
      out[o] = r / count;
      out[o + 1] = g / count;
      out[o + 2] = b / count;
      out[o + 3] = 255;
    }
  }
  return out;
}

/**
 * Check, turn upright, crop and re-encode an uploaded photo: a square JPEG of at most
 * `PHOTO_SIDE` pixels. Throws `photo_invalid` or `payload_too_large`.
 */
export function preparePhoto(bytes: Uint8Array): Buffer {
  const image = decode(bytes);
  const side = Math.min(PHOTO_SIDE, image.width, image.height);
  const data = squareOf(image, side);
  return Buffer.from(jpeg.encode({ data, width: side, height: side }, 88).data);
}

/** The stored square as a PNG cut to a circle (transparent corners), for DOCX and HTML. */
export function roundPhotoPng(jpegBytes: Uint8Array): Buffer {
  const image = jpeg.decode(jpegBytes, { useTArray: true, formatAsRGBA: true });
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data);
  const r = image.width / 2;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      // Anti-aliased edge: coverage falls from 1 to 0 across one pixel at the radius.
      const d = Math.hypot(x + 0.5 - r, y + 0.5 - r);
      png.data[(y * image.width + x) * 4 + 3] = Math.round(255 * Math.max(0, Math.min(1, r - d + 0.5)));
    }
  }
  return PNG.sync.write(png);
}
