import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import {
  imageSize,
  PHOTO_MAX_BYTES,
  preparePhoto,
  roundPhotoPng,
} from "../../../src/resume/photo/prepare-photo.js";
import { exifJpeg, pixel, transparentPng } from "./photo-fixtures.js";

const isRed = (p: number[]) => p[0]! > 150 && p[2]! < 100;
const isBlue = (p: number[]) => p[2]! > 150 && p[0]! < 100;

describe("preparePhoto", () => {
  it("re-encodes a square JPEG without EXIF, turned upright as EXIF said", () => {
    const input = exifJpeg(6);
    expect(input.includes(Buffer.from("secret-place"))).toBe(true);
    const out = preparePhoto(input);
    expect(out.includes(Buffer.from("secret-place"))).toBe(false);
    expect(out.includes(Buffer.from("Exif"))).toBe(false);
    const image = jpeg.decode(out, { useTArray: true });
    expect([image.width, image.height]).toEqual([180, 180]);
    // Turned 90° clockwise: the red left half is now the top, blue the bottom.
    expect(isRed(pixel(image, 90, 10))).toBe(true);
    expect(isBlue(pixel(image, 90, 170))).toBe(true);
    // Without the turn (orientation 1) red stays left and blue right.
    const plain = jpeg.decode(preparePhoto(exifJpeg(1)), { useTArray: true });
    expect(isRed(pixel(plain, 10, 90))).toBe(true);
    expect(isBlue(pixel(plain, 170, 90))).toBe(true);
  });

  it("lays a transparent PNG on white", () => {
    const image = jpeg.decode(preparePhoto(transparentPng()), { useTArray: true });
    expect(
      pixel(image, 5, 5)
        .slice(0, 3)
        .every((c) => c > 240),
    ).toBe(true);
    expect(
      pixel(image, 100, 100)
        .slice(0, 3)
        .every((c) => c < 30),
    ).toBe(true);
  });

  it("refuses what is not a usable JPEG or PNG with photo_invalid, and oversize bytes with payload_too_large", () => {
    const code = (bytes: Buffer) => {
      try {
        preparePhoto(bytes);
        return "accepted";
      } catch (error) {
        return isAppError(error) ? error.code : "untyped";
      }
    };
    expect(code(Buffer.from("GIF89a not a photo"))).toBe("photo_invalid");
    expect(code(Buffer.alloc(0))).toBe("photo_invalid");
    expect(code(exifJpeg().subarray(0, 400))).toBe("photo_invalid");
    expect(code(Buffer.alloc(PHOTO_MAX_BYTES + 1, 0xff))).toBe("payload_too_large");
    // A header claiming 30000 × 30000 pixels is refused before any pixel is decoded.
    const huge = new PNG({ width: 1, height: 1 });
    const bytes = PNG.sync.write(huge);
    bytes.writeUInt32BE(30000, 16);
    bytes.writeUInt32BE(30000, 20);
    expect(imageSize(bytes)).toMatchObject({ width: 30000, height: 30000 });
    expect(code(bytes)).toBe("photo_invalid");
    const tiny = PNG.sync.write(new PNG({ width: 20, height: 20 }));
    expect(code(tiny)).toBe("photo_invalid");
  });

  it("cuts a round PNG with transparent corners for DOCX", () => {
    const round = PNG.sync.read(roundPhotoPng(preparePhoto(exifJpeg())));
    expect(pixel(round, 0, 0)[3]).toBe(0);
    expect(pixel(round, 90, 90)[3]).toBe(255);
  });
});
