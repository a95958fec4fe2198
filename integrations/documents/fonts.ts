/** Finds a font with Chinese glyphs to embed in the documents the product prints (申请单 and the like). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A font to embed: the file and, for a collection (.ttc/.otc), the PostScript name of the face. */
export interface CjkFont {
  path: string;
  family?: string;
}

const windowsFonts = path.win32.join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts');

/** Where operating systems put Chinese fonts, best first, each with its Simplified Chinese (简体) face. */
const WELL_KNOWN: CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' }, // Debian, Ubuntu: fonts-noto-cjk
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' }, // Arch: noto-fonts-cjk
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' }, // Fedora
  { path: '/usr/share/fonts/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' }, // Alpine: font-noto-cjk
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' }, // fonts-wqy-microhei
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' }, // fonts-wqy-zenhei
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' }, // fonts-droid-fallback
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' }, // macOS
  { path: '/System/Library/Fonts/STHeiti Light.ttc', family: 'STHeitiSC-Light' },
  { path: '/System/Library/Fonts/Supplemental/Songti.ttc', family: 'STSongti-SC-Regular' },
  { path: '/Library/Fonts/Arial Unicode.ttf' },
  { path: path.win32.join(windowsFonts, 'msyh.ttc'), family: 'MicrosoftYaHei' }, // Windows: 微软雅黑
  { path: path.win32.join(windowsFonts, 'simsun.ttc'), family: 'SimSun' },
  { path: path.win32.join(windowsFonts, 'simhei.ttf') },
];

/**
 * The font to embed: `explicit` (`PDF_CJK_FONT`: a .ttf/.otf, or a collection as `file.ttc#PostScriptName`;
 * without a face the Simplified Chinese one is taken) wins, else the first well-known font installed.
 * Throws, saying what to install or set, when there is none.
 */
export function findCjkFont(explicit?: string | null): CjkFont {
  if (explicit) {
    const [, file, face] = /^(.*?)(?:#([^#\\/]+))?$/.exec(explicit)!;
    const faces = fontFaces(file, 'PDF_CJK_FONT');
    if (face && !faces.includes(face)) {
      throw new Error(
        `PDF_CJK_FONT：${file} 中没有字形 ${face} / ${file} has no face ${face}; its faces: ${faces.join(', ') || '(not a collection)'}`,
      );
    }
    return faces.length ? { path: file, family: face ?? simplifiedChinese(faces) } : { path: file };
  }
  const known = WELL_KNOWN.find((f) => existsSync(f.path));
  if (!known) {
    throw new Error(
      '找不到中文字体：请安装 Noto CJK 字体（Debian/Ubuntu：apt-get install fonts-noto-cjk），或将 PDF_CJK_FONT 设为字体文件（.ttf/.otf，或 .ttc#字形名）。 / ' +
        'No Chinese font found: install the Noto CJK fonts (Debian/Ubuntu: apt-get install fonts-noto-cjk) or set PDF_CJK_FONT to a font file ' +
        '(.ttf/.otf, or a collection with its face, e.g. /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular).',
    );
  }
  const faces = fontFaces(known.path, known.path);
  if (!faces.length) return { path: known.path };
  return {
    path: known.path,
    family: known.family && faces.includes(known.family) ? known.family : simplifiedChinese(faces),
  };
}

/** The Simplified Chinese (简体) face of a collection, else its first face. */
function simplifiedChinese(faces: string[]): string {
  return faces.find((f) => /(CJKsc|SC)(-|$)|GB/.test(f) && !f.includes('Mono')) ?? faces[0];
}

/** The PostScript names of the faces of a font collection, `[]` for a single font; throws when `file` is no font. */
function fontFaces(file: string, source: string): string[] {
  if (!existsSync(file)) throw new Error(`${source}：字体文件不存在 / font file not found: ${file}`);
  const data = readFileSync(file);
  const magic = data.toString('latin1', 0, 4);
  if (magic === 'ttcf') return collectionFaces(data);
  if (['\0\x01\0\0', 'OTTO', 'true'].includes(magic)) return [];
  throw new Error(`${source}：不是 TrueType/OpenType 字体 / not a TrueType or OpenType font: ${file}`);
}

/** PostScript names of the faces in a font collection, from each face's `name` table (name ID 6). */
function collectionFaces(data: Buffer): string[] {
  return Array.from({ length: data.readUInt32BE(8) }, (_, i) => postscriptName(data, data.readUInt32BE(12 + 4 * i)));
}

/** The PostScript name of the face whose table directory starts at `face`. */
function postscriptName(data: Buffer, face: number): string {
  for (let t = 0; t < data.readUInt16BE(face + 4); t++) {
    const entry = face + 12 + 16 * t;
    if (data.toString('latin1', entry, entry + 4) !== 'name') continue;
    const table = data.readUInt32BE(entry + 8);
    const strings = table + data.readUInt16BE(table + 4);
    for (let r = 0; r < data.readUInt16BE(table + 2); r++) {
      const record = table + 6 + 12 * r;
      if (data.readUInt16BE(record + 6) !== 6) continue;
      const start = strings + data.readUInt16BE(record + 10);
      const raw = Buffer.from(data.subarray(start, start + data.readUInt16BE(record + 8)));
      return data.readUInt16BE(record) === 1 ? raw.toString('latin1') : raw.swap16().toString('utf16le');
    }
  }
  return '';
}
