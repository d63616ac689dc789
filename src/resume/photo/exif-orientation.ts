/**
 * The EXIF orientation of a JPEG (1–8). Cameras store the sensor's pixels and
 * say in EXIF how to turn them; since the re-encoded photo drops EXIF, the
 * turn has to be applied to the pixels.
 */

/** Orientation from a JPEG's EXIF block (the APP1 payload after "Exif\0\0"), 1 when absent or unreadable. */
export function exifOrientation(exif: Uint8Array | undefined): number {
  if (!exif || exif.length < 14) return 1;
  // The TIFF header ("II*\0" or "MM\0*") follows the "Exif\0\0" marker, whole or in part
  // depending on how much of it the decoder strips.
  let tiff = -1;
  for (let i = 0; i < 8; i++) {
    if (
      (exif[i] === 0x49 && exif[i + 1] === 0x49 && exif[i + 2] === 0x2a) ||
      (exif[i] === 0x4d && exif[i + 1] === 0x4d && exif[i + 3] === 0x2a)
    ) {
      tiff = i;
      break;
    }
  }
  if (tiff < 0) return 1;
  const view = new DataView(exif.buffer, exif.byteOffset, exif.byteLength);
  const order = view.getUint16(tiff);
  const little = order === 0x4949;
  if (!little && order !== 0x4d4d) return 1;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > exif.length) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count && ifd + 2 + i * 12 + 12 <= exif.length; i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/**
 * Source pixel for pixel (x, y) of the upright image of size w × h, for a stored image of
 * size sw × sh with `orientation` (EXIF 1–8).
 */
export function sourcePixel(
  orientation: number,
  x: number,
  y: number,
  sw: number,
  sh: number,
): [number, number] {
  switch (orientation) {
    case 2:
      return [sw - 1 - x, y];
    case 3:
      return [sw - 1 - x, sh - 1 - y];
    case 4:
      return [x, sh - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [y, sh - 1 - x];
    case 7:
      return [sw - 1 - y, sh - 1 - x];
    case 8:
      return [sw - 1 - y, x];
    default:
      return [x, y];
  }
}
