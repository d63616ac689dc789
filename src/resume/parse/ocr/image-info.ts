/**
 * Dimensions of an uploaded image, read from its header before anything
 * decodes it, so a "decompression bomb" (a small file declaring a huge
 * canvas) is refused without ever allocating that canvas.
 */
import { imageSize } from "image-size";
import { AppError } from "../../../errors.js";

export type ImageInfo = {
  width: number;
  height: number;
  /** EXIF orientation (JPEG): 1 = upright; 5–8 mean the stored pixels are turned by 90°. */
  orientation: number;
};

/** Reads the header; throws `image_corrupt` when it cannot, `parse_resource_limit` above `maxPixels`. */
export function readImageInfo(bytes: Uint8Array, maxPixels: number): ImageInfo {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch (cause) {
    throw new AppError("image_corrupt", "This image cannot be read; save it again as PNG or JPEG.", {
      cause,
    });
  }
  const { width, height } = size;
  if (!width || !height) {
    throw new AppError("image_corrupt", "This image has no size; save it again as PNG or JPEG.");
  }
  if (width * height > maxPixels) {
    throw new AppError(
      "parse_resource_limit",
      `The image is too large to read (${width}×${height} pixels); a scan at 300 dpi is plenty.`,
      { details: { width, height, maxPixels } },
    );
  }
  return { width, height, orientation: size.orientation ?? 1 };
}
