/**
 * Is an uploaded scan what it claims to be, and only that? Judged by its whole content, not its first
 * bytes: a PNG must be a sound chunk sequence (checksums, IHDR first, IEND last) whose image data
 * inflates to exactly the size its header declares; a JPEG a sound marker sequence with one frame
 * header before the scan and an end marker; either within sane dimensions and with nothing after its
 * end. A PDF may not carry active content: JavaScript, launch actions, embedded files, rich media —
 * looked for in its text and in its compressed streams, with `#xx`-escaped names decoded.
 */
import { Readable } from 'node:stream';
import { createInflate, inflateSync } from 'node:zlib';
import { fieldProblem, type FieldProblem } from '../../domain/text';

/** The widest and tallest scan accepted, in pixels. */
export const MAX_SCAN_SIDE = 10_000;
/** The most pixels a scan may have (an A4 page at 600 dpi has about 35 million). */
export const MAX_SCAN_PIXELS = 60_000_000;

/** PDF names that make a document act when opened or carry other files. */
const ACTIVE_PDF_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia']);
/** The most a PDF's compressed streams may inflate to, all together, while being searched. */
const MAX_PDF_INFLATED = 64 * 1024 * 1024;

const problem = (code: string, zh: string, en: string): FieldProblem => fieldProblem('file', code, zh, en);
const broken = (what: 'PNG' | 'JPEG') =>
  problem('corrupt', `${what} 图片已损坏或不完整`, `the ${what} image is damaged or incomplete`);
const tooLarge = (width: number, height: number) =>
  problem(
    'dimensions',
    `图片尺寸 ${width}×${height} 不合理（每边 1–${MAX_SCAN_SIDE} 像素）`,
    `the image declares ${width}×${height} pixels; each side must be 1–${MAX_SCAN_SIDE}`,
  );
const trailing = () =>
  problem('trailing_data', '图片结束后还有其他内容', 'the file holds more data after the end of the image');

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO-HDLC), as PNG chunks carry it. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const saneSize = (width: number, height: number) =>
  width >= 1 && height >= 1 && width <= MAX_SCAN_SIDE && height <= MAX_SCAN_SIDE && width * height <= MAX_SCAN_PIXELS;

/** Bytes after an end marker that are only padding (zeros, whitespace) do no harm. */
const onlyPadding = (rest: Buffer) => rest.every((b) => b === 0 || b === 0x20 || b === 0x0a || b === 0x0d);

/** Bits per pixel of each PNG colour type, by bit depths allowed. */
const PNG_CHANNELS: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** The inflated size of a PNG's image data: each row's filter byte and bytes, pass by pass if interlaced. */
function pngDataSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (!interlaced) return rows(width, height);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  return passes.reduce(
    (sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)),
    0,
  );
}

/** The number of bytes a zlib stream inflates to, counted without keeping them; null when it is not sound or exceeds `limit`. */
async function inflatedSize(data: Buffer, limit: number): Promise<number | null> {
  let size = 0;
  try {
    for await (const chunk of Readable.from([data]).pipe(createInflate())) {
      size += (chunk as Buffer).length;
      if (size > limit) return null;
    }
  } catch {
    return null;
  }
  return size;
}

async function pngProblems(data: Buffer): Promise<FieldProblem[]> {
  let at = 8;
  let header: { width: number; height: number; bitsPerPixel: number; interlaced: boolean } | null = null;
  const idat: Buffer[] = [];
  for (;;) {
    if (at + 12 > data.length) return [broken('PNG')];
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (length > 0x7fffffff || at + 12 + length > data.length) return [broken('PNG')];
    const body = data.subarray(at + 8, at + 8 + length);
    if (crc32(data.subarray(at + 4, at + 8 + length)) !== data.readUInt32BE(at + 8 + length)) return [broken('PNG')];
    if (!header && type !== 'IHDR') return [broken('PNG')];
    if (type === 'IHDR') {
      if (header || length !== 13) return [broken('PNG')];
      const width = body.readUInt32BE(0);
      const height = body.readUInt32BE(4);
      const [depth, colourType, compression, filter, interlace] = body.subarray(8, 13);
      const kind = PNG_CHANNELS[colourType];
      if (!kind || !kind.depths.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1)
        return [broken('PNG')];
      if (!saneSize(width, height)) return [tooLarge(width, height)];
      header = { width, height, bitsPerPixel: kind.channels * depth, interlaced: interlace === 1 };
    } else if (type === 'IDAT') idat.push(body);
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (!header || idat.length === 0) return [broken('PNG')];
  if (!onlyPadding(data.subarray(at))) return [trailing()];
  const expected = pngDataSize(header.width, header.height, header.bitsPerPixel, header.interlaced);
  const size = await inflatedSize(Buffer.concat(idat), expected);
  return size === expected ? [] : [broken('PNG')];
}

/** JPEG markers without a length: SOI, EOI, RSTn, TEM. */
const standalone = (marker: number) =>
  marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;
/** Start-of-frame markers (SOF0–SOF15 but DHT, JPG and DAC). */
const isFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

function jpegProblems(data: Buffer): FieldProblem[] {
  let at = 2;
  let frame = false;
  for (;;) {
    // Fill bytes (0xFF) may precede a marker.
    while (at < data.length && data[at] === 0xff && data[at + 1] === 0xff) at++;
    if (at + 1 >= data.length || data[at] !== 0xff) return [broken('JPEG')];
    const marker = data[at + 1];
    at += 2;
    if (marker === 0xd9) break;
    if (standalone(marker)) {
      if (marker === 0xd8) return [broken('JPEG')];
      continue;
    }
    if (at + 2 > data.length) return [broken('JPEG')];
    const length = data.readUInt16BE(at);
    if (length < 2 || at + length > data.length) return [broken('JPEG')];
    if (isFrame(marker)) {
      if (frame || length < 8) return [broken('JPEG')];
      const height = data.readUInt16BE(at + 3);
      const width = data.readUInt16BE(at + 5);
      const components = data[at + 7];
      if (length !== 8 + 3 * components || components === 0) return [broken('JPEG')];
      if (!saneSize(width, height)) return [tooLarge(width, height)];
      frame = true;
    }
    at += length;
    if (marker === 0xda) {
      if (!frame) return [broken('JPEG')];
      // Entropy-coded data: runs until a marker other than a stuffed 0xFF00 or a restart marker.
      while (
        at + 1 < data.length &&
        !(data[at] === 0xff && data[at + 1] !== 0 && !(data[at + 1] >= 0xd0 && data[at + 1] <= 0xd7))
      )
        at++;
    }
  }
  if (!frame) return [broken('JPEG')];
  return onlyPadding(data.subarray(at)) ? [] : [trailing()];
}

/** Decodes `#xx` escapes in a PDF name. */
const pdfName = (raw: string) =>
  raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The active names a piece of PDF text uses. */
function activeNames(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\/([^\s/<>[\]{}()%]+)/g)) {
    const name = pdfName(match[1]);
    if (ACTIVE_PDF_NAMES.has(name)) found.add(name);
  }
  return [...found];
}

function pdfProblems(data: Buffer): FieldProblem[] {
  const text = data.toString('latin1');
  const found = new Set(activeNames(text));
  let budget = MAX_PDF_INFLATED;
  for (const match of text.matchAll(/stream\r?\n/g)) {
    if (budget <= 0) break;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      const inflated = inflateSync(data.subarray(start, end), { maxOutputLength: budget });
      budget -= inflated.length;
      for (const name of activeNames(inflated.toString('latin1'))) found.add(name);
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        return [
          problem('too_large', 'PDF 压缩内容过大，无法检查', 'the PDF’s compressed content is too large to check'),
        ];
      // not a Flate stream: its raw bytes were searched with the rest
    }
  }
  if (!text.slice(-1024).includes('%%EOF'))
    return [problem('corrupt', 'PDF 文件不完整', 'the PDF is incomplete (no end-of-file marker)')];
  if (found.size === 0) return [];
  return [
    problem(
      'active_content',
      `PDF 含有可执行内容（${[...found].join('、')}），请上传普通扫描件`,
      `the PDF carries active content (${[...found].join(', ')}); upload a plain scan`,
    ),
  ];
}

/** What is wrong with a scan whose first bytes say it is `contentType` (empty: nothing). */
export async function scanProblems(
  data: Buffer,
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf',
): Promise<FieldProblem[]> {
  if (contentType === 'image/png') return pngProblems(data);
  if (contentType === 'image/jpeg') return jpegProblems(data);
  return pdfProblems(data);
}
