/** Test images made here: a JPEG with EXIF (orientation, a GPS-like note) and a transparent PNG. */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";

/** w × h, left half red, right half blue. */
function halves(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const left = x < w / 2;
      data.set(left ? [220, 20, 20, 255] : [20, 20, 220, 255], i);
    }
  return data;
}

/** An APP1 Exif segment (big-endian TIFF) with Orientation and an ImageDescription carrying `note`. */
function exifSegment(orientation: number, note: string): Buffer {
  const text = Buffer.from(`${note}\0`, "latin1");
  const entries = 2;
  const ifdSize = 2 + entries * 12 + 4;
  const tiff = Buffer.alloc(8 + ifdSize + text.length);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(entries, 8);
  // 0x010E ImageDescription, ASCII, offset to the text after the IFD.
  tiff.writeUInt16BE(0x010e, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(text.length, 14);
  tiff.writeUInt32BE(8 + ifdSize, 18);
  // 0x0112 Orientation, SHORT, value inline.
  tiff.writeUInt16BE(0x0112, 22);
  tiff.writeUInt16BE(3, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt16BE(orientation, 30);
  tiff.writeUInt32BE(0, 34);
  text.copy(tiff, 8 + ifdSize);
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A 300 × 180 JPEG (red left, blue right) whose EXIF says "turn 90° clockwise" and names a place. */
export function exifJpeg(orientation = 6, note = "GPS 52.5200N 13.4050E secret-place"): Buffer {
  const encoded = Buffer.from(jpeg.encode({ data: halves(300, 180), width: 300, height: 180 }, 90).data);
  // SOI, then our APP1, then the rest of the encoder's stream.
  return Buffer.concat([encoded.subarray(0, 2), exifSegment(orientation, note), encoded.subarray(2)]);
}

/** A 200 × 200 PNG, transparent except a black square in the middle. */
export function transparentPng(): Buffer {
  const png = new PNG({ width: 200, height: 200 });
  png.data.fill(0);
  for (let y = 80; y < 120; y++)
    for (let x = 80; x < 120; x++) png.data.set([0, 0, 0, 255], (y * 200 + x) * 4);
  return PNG.sync.write(png);
}

/** Pixel (x, y) of a decoded image as [r, g, b, a]. */
export function pixel(image: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 4)];
}

/** A drawn head-and-shoulders silhouette (no real person), 480 × 600, for examples and goldens. */
export function silhouetteJpeg(): Buffer {
  const w = 480;
  const h = 600;
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const head = Math.hypot((x - 240) / 95, (y - 230) / 115) < 1;
      const shoulders = y > 380 && Math.hypot((x - 240) / 210, (y - 600) / 230) < 1;
      const colour = head ? [226, 188, 160] : shoulders ? [46, 72, 110] : [205, 218, 232 - y / 20];
      data.set([...colour, 255], (y * w + x) * 4);
    }
  return Buffer.from(jpeg.encode({ data, width: w, height: h }, 92).data);
}
