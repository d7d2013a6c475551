import { Transform } from "node:stream";

/**
 * React 18.3's streaming renderer pads a chunk with NUL bytes when a
 * multi-byte character (any Chinese one) does not fit at the end of its
 * 2,048-byte buffer (react#24985; fixed after 18.3 by react#26228): a zh-CN
 * page then shows stray characters wherever a boundary falls. HTML never
 * holds a NUL, so each chunk's trailing NULs are dropped.
 */
export function withoutNulPadding(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk[end - 1] === 0) end--;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
