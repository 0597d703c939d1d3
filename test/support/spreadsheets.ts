import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

/**
 * Hand-made XLSX files for the upload limits: a tiny zip writer (so a part can claim any size and
 * hold any bytes) and the five parts a workbook needs. Nothing here goes through exceljs, which
 * would refuse to write the hostile shapes the tests need.
 */

export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated */
  method: 0 | 8;
  data: Buffer;
  crc: number;
  size: number;
  /** What the directory claims the part unpacks to (the truth unless a test lies). */
  declaredSize?: number;
}

export function deflatedPart(name: string, content: string | Buffer): ZipPart {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, method: 8, data: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
}

/**
 * A deflated part of `size` bytes: `head`, then `filler` repeated, then `tail`, compressed as a
 * stream so the test never holds the unpacked bytes (hundreds of MB pack into a few hundred KB).
 */
export async function hugePart(
  name: string,
  size: number,
  parts: { head?: string; filler: string; tail?: string },
): Promise<ZipPart> {
  const head = Buffer.from(parts.head ?? '');
  const tail = Buffer.from(parts.tail ?? '');
  const block = Buffer.from(parts.filler.repeat(Math.ceil((1 << 20) / parts.filler.length)));
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => (z.write(b) ? resolve() : z.once('drain', resolve)));
  let crc = crc32(head);
  await write(head);
  let left = size - head.length - tail.length;
  while (left > 0) {
    const b = left >= block.length ? block : block.subarray(0, left);
    crc = crc32(b, crc);
    await write(b);
    left -= b.length;
  }
  crc = crc32(tail, crc);
  z.end(tail);
  await done;
  return { name, method: 8, data: Buffer.concat(out), crc, size };
}

/** A zip of these parts, with a plain central directory. */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, p.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(p.method, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts of a one-sheet workbook other than the sheet itself. */
export function workbookParts(): ZipPart[] {
  return [
    deflatedPart(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    deflatedPart(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflatedPart(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflatedPart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  ];
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}">`;

const escapeXml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Column letters of a 1-based column number. */
export function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `<sheetData>` of these rows as inline strings, plus whatever markup `after` adds (merges…). */
export function sheetXml(rows: string[][], opts: { dimension?: string; after?: string } = {}): string {
  const data = rows
    .map(
      (r, i) =>
        `<row r="${i + 1}">${r
          .map(
            (v, j) => `<c r="${columnName(j + 1)}${i + 1}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`,
          )
          .join('')}</row>`,
    )
    .join('');
  const dim = opts.dimension ? `<dimension ref="${opts.dimension}"/>` : '';
  return `${SHEET_HEAD}${dim}<sheetData>${data}</sheetData>${opts.after ?? ''}</worksheet>`;
}

/** A one-sheet workbook whose sheet is this XML. */
export function xlsxWithSheet(xml: string): Buffer {
  return zipOf([...workbookParts(), deflatedPart('xl/worksheets/sheet1.xml', xml)]);
}
