/**
 * A PNG or JPEG upload → a one-page PDF, so a photo takes exactly the path of
 * a scanned PDF: poppler renders it at the OCR resolution (upscaling a
 * low-resolution photo, downscaling a huge one) into greyscale pixels the
 * stroke-weight estimate can read, and pdfkit applies the JPEG's EXIF
 * orientation, so a phone photo taken sideways is upright. JPEG data and
 * PNGs without transparency are copied into the PDF as they are, not decoded.
 */
import PDFDocument from "pdfkit";
import { AppError } from "../../../errors.js";
import type { ImageInfo } from "./image-info.js";

/** Width the page is given: A4's, so fonts come out near their printed point sizes. */
const PAGE_WIDTH_PT = 595.28;

export function imageToPdf(bytes: Uint8Array, info: ImageInfo): Promise<Uint8Array> {
  // EXIF orientations 5–8 turn the picture by 90°: the page takes the turned shape.
  const [w, h] = info.orientation > 4 ? [info.height, info.width] : [info.width, info.height];
  const size: [number, number] = [PAGE_WIDTH_PT, (PAGE_WIDTH_PT * h) / w];
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size, margin: 0, autoFirstPage: true, compress: false });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    try {
      doc.image(Buffer.from(bytes), 0, 0, { width: size[0], height: size[1] });
    } catch (cause) {
      reject(
        new AppError("image_corrupt", "This image cannot be read; save it again as PNG or JPEG.", { cause }),
      );
      return;
    }
    doc.end();
  });
}
