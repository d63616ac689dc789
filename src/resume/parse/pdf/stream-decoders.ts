/**
 * Streaming decoders for the PDF filters that can expand their input
 * (LZW, RunLength, ASCIIHex, ASCII85), used only to measure how far a stream
 * inflates (`stream-budget.ts`). Each stops at its end-of-data marker, like
 * pdf.js, and never holds more than one chunk of output.
 */
import { Transform, type TransformCallback } from "node:stream";

/** A decoder that turns input chunks into output chunks and knows when its data has ended. */
abstract class ChunkDecoder extends Transform {
  protected ended = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.ended) {
      callback();
      return;
    }
    const out = this.decode(chunk);
    callback(null, out.length ? out : undefined);
  }

  protected abstract decode(chunk: Buffer): Buffer;
}

/** LZWDecode (variable code width 9–12 bits, EarlyChange 1 as pdf.js assumes by default). */
export class LzwDecoder extends ChunkDecoder {
  private bitBuffer = 0;
  private bitCount = 0;
  private readonly prefix = new Int32Array(4096);
  private readonly suffix = new Uint8Array(4096);
  private readonly length = new Uint16Array(4096);
  private next = 258;
  private codeLength = 9;
  private previous = -1;
  private readonly scratch = new Uint8Array(4096);

  constructor(private readonly earlyChange = 1) {
    super();
    for (let i = 0; i < 256; i++) {
      this.prefix[i] = -1;
      this.suffix[i] = i;
      this.length[i] = 1;
    }
  }

  protected decode(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    for (const byte of chunk) {
      this.bitBuffer = ((this.bitBuffer << 8) | byte) & 0xffffff;
      this.bitCount += 8;
      while (this.bitCount >= this.codeLength) {
        const code = (this.bitBuffer >>> (this.bitCount - this.codeLength)) & ((1 << this.codeLength) - 1);
        this.bitCount -= this.codeLength;
        if (code === 256) {
          this.next = 258;
          this.codeLength = 9;
          this.previous = -1;
          continue;
        }
        if (code === 257) {
          this.ended = true;
          return Buffer.concat(out);
        }
        let entry = code;
        if (code >= this.next) {
          // The KwKwK case: the code being defined right now.
          if (code > this.next || this.previous < 0) {
            this.ended = true;
            return Buffer.concat(out);
          }
          entry = this.previous;
        }
        const written = this.expand(entry);
        const first = this.scratch[0]!;
        const bytes = Buffer.from(this.scratch.subarray(0, written));
        if (code >= this.next) out.push(bytes, Buffer.from([first]));
        else out.push(bytes);
        if (this.previous >= 0 && this.next < 4096) {
          this.prefix[this.next] = this.previous;
          this.suffix[this.next] = first;
          this.length[this.next] = this.length[this.previous]! + 1;
          this.next++;
          if (this.next + this.earlyChange >= 1 << this.codeLength && this.codeLength < 12) this.codeLength++;
        }
        this.previous = code;
      }
    }
    return Buffer.concat(out);
  }

  /** Writes the string of `code` into the scratch buffer; returns its length. */
  private expand(code: number): number {
    const size = this.length[code]!;
    let at = size;
    for (let c = code; c >= 0 && at > 0; c = this.prefix[c]!) this.scratch[--at] = this.suffix[c]!;
    return size;
  }
}

/** RunLengthDecode: a length byte, then literal bytes or one repeated byte; 128 ends the data. */
export class RunLengthDecoder extends ChunkDecoder {
  private pending: Buffer = Buffer.alloc(0);

  protected decode(chunk: Buffer): Buffer {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    let i = 0;
    while (i < data.length) {
      const n = data[i]!;
      if (n === 128) {
        this.ended = true;
        break;
      }
      if (n < 128) {
        if (i + 1 + n + 1 > data.length) break;
        out.push(data.subarray(i + 1, i + 2 + n));
        i += n + 2;
      } else {
        if (i + 1 >= data.length) break;
        out.push(Buffer.alloc(257 - n, data[i + 1]!));
        i += 2;
      }
    }
    this.pending = this.ended ? Buffer.alloc(0) : Buffer.from(data.subarray(i));
    return Buffer.concat(out);
  }
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** ASCIIHexDecode: two hex digits per byte, whitespace ignored, `>` ends the data. */
export class AsciiHexDecoder extends ChunkDecoder {
  private high = -1;

  protected decode(chunk: Buffer): Buffer {
    const out = Buffer.alloc(Math.ceil(chunk.length / 2) + 1);
    let n = 0;
    for (const c of chunk) {
      if (c === 62) {
        this.ended = true;
        break;
      }
      if (!isHex(c)) continue;
      const value = Number.parseInt(String.fromCharCode(c), 16);
      if (this.high < 0) this.high = value;
      else {
        out[n++] = (this.high << 4) | value;
        this.high = -1;
      }
    }
    return out.subarray(0, n);
  }
}

/** ASCII85Decode: five characters per four bytes, `z` for four zero bytes, `~` ends the data. */
export class Ascii85Decoder extends ChunkDecoder {
  private group: number[] = [];

  protected decode(chunk: Buffer): Buffer {
    const out: number[] = [];
    for (const c of chunk) {
      if (c === 126) {
        // A final partial group of n digits is padded with "u" and yields n - 1 bytes.
        const n = this.group.length;
        if (n > 1) {
          while (this.group.length < 5) this.group.push(84);
          const value = this.group.reduce((v, d) => v * 85 + d, 0) >>> 0;
          out.push(
            ...[value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].slice(0, n - 1),
          );
        }
        this.group = [];
        this.ended = true;
        break;
      }
      if (c === 122 && this.group.length === 0) {
        out.push(0, 0, 0, 0);
        continue;
      }
      if (c < 33 || c > 117) continue;
      this.group.push(c - 33);
      if (this.group.length === 5) {
        const value = this.group.reduce((v, d) => v * 85 + d, 0) >>> 0;
        out.push(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
        this.group = [];
      }
    }
    return Buffer.from(out);
  }
}
