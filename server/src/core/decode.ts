// Bytes to text. Corpus files come as UTF-8 (with or without BOM), UTF-16 with BOM, or
// GB18030/GBK from older Chinese sources; binary files that happen to end in `.txt` are refused.
// Uses only Node's built-in TextDecoder (which knows 'gb18030' via ICU); no dependencies.

import type { DecodedText, ReadProblem } from './model';

const SNIFF = 8192;

export function decodeBytes(bytes: Uint8Array): DecodedText {
  try {
    return decodeUnsafe(bytes);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { text: '', encoding: 'utf-8', binary: false, problems: [{ severity: 'error', message: `could not decode the file: ${message}` }] };
  }
}

function decodeUnsafe(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3), 'utf-8-bom', 3);
  }
  // UTF-16 is checked before the binary test: its text is full of NUL bytes.
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return utf16(bytes.subarray(2), 'utf-16le');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return utf16(bytes.subarray(2), 'utf-16be');
  }
  const binary = binaryReason(bytes);
  if (binary) {
    return { text: '', encoding: 'binary', binary: true, problems: [{ severity: 'error', message: `not a text file: ${binary}` }] };
  }
  const strict = tryDecode('utf-8', bytes);
  if (strict !== undefined) return { text: strict, encoding: 'utf-8', problems: [], binary: false };
  const gb = tryDecode('gb18030', bytes);
  if (gb !== undefined && plausibleChinese(gb)) {
    return {
      text: gb,
      encoding: 'gb18030',
      binary: false,
      problems: [{ severity: 'info', message: 'the file is not UTF-8; it was read as GB18030' }],
    };
  }
  return utf8(bytes, 'utf-8', 0);
}

/**
 * Valid UTF-8 `bytes` that `decodeBytes` reads as plain UTF-8: no byte-order mark, not binary.
 * Bytes known to be some string's UTF-8 (by hash) and passing this decode to that very string.
 */
export function readsAsPlainUtf8(bytes: Uint8Array): boolean {
  const bom = (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)));
  return !bom && binaryReason(bytes) === undefined;
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    // As a stream, then flushed: as strict (bad bytes throw, and so does a sequence cut off at the
    // end, at the flush), and Node decodes a stream with ICU's converter, where a strict decode of
    // a whole buffer validates and then decodes with V8's: 13 ms against 30 ms for the 10 MB of
    // the benchmark's 415 files, which every indexing decodes.
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    return decoder.decode(bytes, { stream: true }) + decoder.decode();
  } catch {
    return undefined;
  }
}

/** UTF-8 with replacement characters, warning at the first bad byte. */
function utf8(bytes: Uint8Array, encoding: string, bomLength: number): DecodedText {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const problems: ReadProblem[] = [];
  if (text.includes('\ufffd')) {
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
      problems.push({ severity: 'warning', message: `invalid UTF-8 bytes at byte ${bad + bomLength}, shown as \ufffd` });
    }
  }
  return { text, encoding, problems, binary: false };
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  const problems: ReadProblem[] = [];
  let body = bytes;
  if (body.length % 2 === 1) {
    problems.push({ severity: 'warning', message: `the ${encoding.toUpperCase()} file has an odd number of bytes; the last byte was dropped` });
    body = body.subarray(0, body.length - 1);
  }
  let text: string;
  if (encoding === 'utf-16le') {
    text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(body);
  } else {
    // Swap to little-endian rather than rely on a 'utf-16be' decoder being built in.
    const swapped = new Uint8Array(body.length);
    for (let i = 0; i + 1 < body.length; i += 2) {
      swapped[i] = body[i + 1];
      swapped[i + 1] = body[i];
    }
    text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(swapped);
  }
  // The decoder turns unpaired surrogates into U+FFFD without a word; say where the first one was.
  const lone = firstLoneSurrogate(body, encoding === 'utf-16le');
  if (lone >= 0) {
    problems.push({ severity: 'warning', message: `unpaired UTF-16 surrogate at byte ${lone + 2}, shown as \ufffd` });
  }
  return { text, encoding, problems, binary: false };
}

/** Why the first 8 KB look binary, or undefined when they look like text. */
function binaryReason(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, SNIFF);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return `it contains a NUL byte at byte ${i}`;
    // Tab, LF, FF, CR and ESC occur in text; other C0 controls do not.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) controls++;
  }
  if (n > 0 && controls > Math.max(8, n / 10)) return `${controls} control bytes in the first ${n} bytes`;
  return undefined;
}

/** Byte offset of the first unpaired surrogate in UTF-16 code units, or -1. */
function firstLoneSurrogate(bytes: Uint8Array, littleEndian: boolean): number {
  const unit = (i: number) => (littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 3 < bytes.length ? unit(i + 2) : -1;
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    }
  }
  return -1;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * GB18030 decodes almost any byte soup, so "it decoded" proves little. Call it Chinese when
 * most non-ASCII characters are CJK ideographs or CJK punctuation, and nothing decoded to U+FFFD.
 */
function plausibleChinese(text: string): boolean {
  let nonAscii = 0;
  let cjk = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c === 0xfffd) return false;
    nonAscii++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) ||
        (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x2010 && c <= 0x206f) || (c >= 0xd800 && c <= 0xdfff)) cjk++;
  }
  return nonAscii > 0 && cjk / nonAscii >= 0.8;
}
