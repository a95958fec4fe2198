/** Scans judged by their whole content: images that decode within sane sizes, PDFs without active content. */
import { deflateSync } from 'node:zlib';
import { MAX_SCAN_SIDE, scanProblems } from '../../integrations/documents/scan-check';
import { SCANS } from '../support/enterprise';
import { jpeg, png, pngChunk } from '../support/scans';

const codes = async (data: Buffer, type: 'image/png' | 'image/jpeg' | 'application/pdf') =>
  (await scanProblems(data, type)).map((p) => `${p.field}:${p.code}`);
const SCRIPT = Buffer.from('<script>alert(1)</script>');
const pdf = (body: string) => Buffer.from(`%PDF-1.7\n${body}\n%%EOF\n`, 'latin1');

test('real PNG, JPEG and PDF scans pass', async () => {
  expect(await codes(png(3, 5), 'image/png')).toEqual([]);
  expect(await codes(png(MAX_SCAN_SIDE, 1), 'image/png')).toEqual([]);
  expect(await codes(jpeg(), 'image/jpeg')).toEqual([]);
  expect(await codes(SCANS.pdf, 'application/pdf')).toEqual([]);
  expect(await codes(pdf('1 0 obj << /Type /Catalog /OpenAction [3 0 R /Fit] >> endobj'), 'application/pdf')).toEqual(
    [],
  );
});

test('a script after the image end marker is refused, padding is not', async () => {
  expect(await codes(Buffer.concat([png(2, 2), SCRIPT]), 'image/png')).toEqual(['file:trailing_data']);
  expect(await codes(Buffer.concat([jpeg(), SCRIPT]), 'image/jpeg')).toEqual(['file:trailing_data']);
  expect(await codes(Buffer.concat([png(2, 2), Buffer.alloc(16)]), 'image/png')).toEqual([]);
});

test('a declared size beyond 10000 pixels a side, or of no pixels, is refused', async () => {
  expect(await codes(png(4, 4, { width: 100_000, height: 100_000 }), 'image/png')).toEqual(['file:dimensions']);
  expect(await codes(png(4, 4, { width: 0, height: 4 }), 'image/png')).toEqual(['file:dimensions']);
  // The JPEG's frame header (SOF0) says 20000 pixels wide.
  const wide = jpeg();
  const sof = wide.indexOf(Buffer.from([0xff, 0xc0]));
  wide.writeUInt16BE(20_000, sof + 7);
  expect(await codes(wide, 'image/jpeg')).toEqual(['file:dimensions']);
});

test('an image that does not decode as declared, or is cut short, is refused', async () => {
  expect(await codes(png(4, 4, { width: 5, height: 4 }), 'image/png')).toEqual(['file:corrupt']);
  expect(await codes(png(4, 4).subarray(0, 40), 'image/png')).toEqual(['file:corrupt']);
  const badCrc = png(4, 4);
  badCrc[30] ^= 0xff;
  expect(await codes(badCrc, 'image/png')).toEqual(['file:corrupt']);
  const noIend = png(4, 4).subarray(0, -12);
  expect(await codes(noIend, 'image/png')).toEqual(['file:corrupt']);
  const signatureOnly = Buffer.concat([png(1, 1).subarray(0, 8), SCRIPT]);
  expect(await codes(signatureOnly, 'image/png')).toEqual(['file:corrupt']);
  const j = jpeg();
  expect(await codes(j.subarray(0, j.length - 2), 'image/jpeg')).toEqual(['file:corrupt']);
  expect(await codes(Buffer.concat([j.subarray(0, 3), SCRIPT]), 'image/jpeg')).toEqual(['file:corrupt']);
  // A PNG whose image data is not a zlib stream.
  const header = png(1, 1).subarray(8, 33);
  const fake = Buffer.concat([
    png(1, 1).subarray(0, 8),
    header,
    pngChunk('IDAT', Buffer.from('not zlib')),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  expect(await codes(fake, 'image/png')).toEqual(['file:corrupt']);
});

test('PDFs with JavaScript, launch actions, embedded files or rich media are refused, however their names are spelt', async () => {
  for (const body of [
    '1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj',
    '1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj 2 0 obj << /S /Launch /F (cmd.exe) >> endobj',
    '1 0 obj << /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >> endobj',
    '1 0 obj << /Type /Annot /Subtype /RichMedia >> endobj',
    '1 0 obj << /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (x) >> >> endobj',
  ])
    expect(await codes(pdf(body), 'application/pdf')).toEqual(['file:active_content']);
  // Hidden in a compressed object stream.
  const hidden = deflateSync(Buffer.from('<< /S /JavaScript /JS (app.alert(1)) >>'));
  const compressed = Buffer.concat([
    Buffer.from(`%PDF-1.7\n5 0 obj << /Type /ObjStm /Filter /FlateDecode /Length ${hidden.length} >>\nstream\n`),
    hidden,
    Buffer.from('\nendstream\nendobj\n%%EOF\n'),
  ]);
  expect(await codes(compressed, 'application/pdf')).toEqual(['file:active_content']);
  const problem = (await scanProblems(pdf('<< /S /Launch >>'), 'application/pdf'))[0];
  expect(problem.message).toEqual({ zh: expect.stringContaining('PDF'), en: expect.stringContaining('Launch') });
});

test('a PDF cut short (no end-of-file marker) is refused', async () => {
  expect(await codes(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), 'application/pdf')).toEqual([
    'file:corrupt',
  ]);
});
