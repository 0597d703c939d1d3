import { createInflateRaw } from 'node:zlib';
import {
  EXCEL_MAX_COLUMN,
  MAX_MERGED_AREAS,
  MAX_ZIP_ENTRIES,
  fileTooLarge,
  fileTooMany,
  formatBytes,
  unsupportedFile,
  type UploadLimits,
} from './upload-limits';

/**
 * Checks an XLSX before exceljs sees it. exceljs inflates every part of the zip into memory and
 * then materialises whatever the sheets name: each written cell, every cell of a merged area and of
 * a data-validation range, one column object per `<col>` up to its `max`, and a loop over every
 * column up to the widest row. A 5 MB upload can therefore claim gigabytes (a zip bomb) or billions
 * of cells (one `<mergeCell ref="A1:XFD1048576"/>`). Here the zip's central directory is read from
 * the buffer, each part is inflated as a stream against one byte budget (the output is never
 * kept), and the worksheets and shared strings are scanned on the fly for what they would make
 * exceljs build. Whatever exceeds a limit is refused before a single part is held in memory.
 */
export async function inspectXlsx(buffer: Buffer, limits: UploadLimits): Promise<void> {
  const entries = centralDirectory(buffer);
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes)
    throw fileTooLarge('upload_uncompressed_too_large', formatBytes(limits.maxUncompressedBytes));
  const budget = { left: limits.maxUncompressedBytes };
  const totals = { cells: 0 };
  for (const entry of entries) {
    // The same patterns exceljs uses to pick the parts it parses (unanchored, leading '/' dropped).
    const name = entry.name.replace(/^\//, '');
    const scanner = /xl\/worksheets\/sheet(\d+)[.]xml/.test(name)
      ? new MarkupScanner('sheet', limits, totals)
      : name === 'xl/sharedStrings.xml'
        ? new MarkupScanner('strings', limits, totals)
        : null;
    await inflate(buffer, entry, budget, limits, scanner);
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
/** Info-ZIP's Unicode path: JSZip would take the part's name from it rather than from the header. */
const UNICODE_PATH_EXTRA = 0x7075;

/** The entries of the zip's central directory, as JSZip (inside exceljs) will read them. */
function centralDirectory(buf: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) throw unsupportedFile('not a zip file (no central directory)');
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // Only the plain layout: the directory sits right before its end record (no zip64 directory,
  // no bytes JSZip would have to guess around). A 5 MB spreadsheet never needs more.
  if (cdOffset + cdSize !== eocd) throw unsupportedFile('unexpected zip layout');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  while (p < eocd) {
    if (entries.length >= MAX_ZIP_ENTRIES) throw fileTooLarge('upload_too_many_parts', MAX_ZIP_ENTRIES);
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE)
      throw unsupportedFile('corrupt zip directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) throw unsupportedFile('corrupt zip directory');
    if (flags & 0x1) throw unsupportedFile('encrypted zip entries are not supported');
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const extras = extraFields(buf, p + 46 + nameLength, extraLength);
    if (extras.has(UNICODE_PATH_EXTRA))
      throw unsupportedFile('zip entries with a second name are not supported');
    const zip64 = extras.get(ZIP64_EXTRA);
    if (zip64) {
      // Only the fields whose 32-bit value is saturated are present, in this order.
      let q = 0;
      const next = () => {
        if (q + 8 > zip64.length) throw unsupportedFile('corrupt zip64 field');
        const v = zip64.readBigUInt64LE(q);
        q += 8;
        return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (localOffset === 0xffffffff) localOffset = next();
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localOffset });
    p = end;
  }
  return entries;
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= lowest; p--) if (buf.readUInt32LE(p) === EOCD_SIGNATURE) return p;
  return -1;
}

function extraFields(buf: Buffer, start: number, length: number): Map<number, Buffer> {
  const fields = new Map<number, Buffer>();
  let p = start;
  while (p + 4 <= start + length) {
    const id = buf.readUInt16LE(p);
    const size = buf.readUInt16LE(p + 2);
    if (p + 4 + size > start + length) break;
    fields.set(id, buf.subarray(p + 4, p + 4 + size));
    p += 4 + size;
  }
  return fields;
}

/** The compressed bytes of one entry, located through its local header as JSZip does. */
function entryData(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIGNATURE)
    throw unsupportedFile('corrupt zip entry');
  if (extraFields(buf, p + 30 + buf.readUInt16LE(p + 26), buf.readUInt16LE(p + 28)).has(UNICODE_PATH_EXTRA))
    throw unsupportedFile('zip entries with a second name are not supported');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressedSize > buf.length) throw unsupportedFile('truncated zip entry');
  return buf.subarray(start, start + e.compressedSize);
}

/**
 * Inflates one entry chunk by chunk, charging every output byte to the shared budget and handing
 * it to the scanner; nothing is kept. A budget overrun stops the inflater at once, so a zip bomb
 * costs at most one chunk of memory and the time to inflate the budget.
 */
function inflate(
  buf: Buffer,
  e: ZipEntry,
  budget: { left: number },
  limits: UploadLimits,
  scanner: MarkupScanner | null,
): Promise<void> {
  const data = entryData(buf, e);
  const overBudget = () =>
    fileTooLarge('upload_uncompressed_too_large', formatBytes(limits.maxUncompressedBytes));
  if (e.method === 0) {
    budget.left -= data.length;
    if (budget.left < 0) return Promise.reject(overBudget());
    try {
      scanner?.write(data);
      scanner?.end();
    } catch (err) {
      return Promise.reject(err);
    }
    return Promise.resolve();
  }
  if (e.method !== 8) return Promise.reject(unsupportedFile(`zip compression method ${e.method}`));
  return new Promise<void>((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: 64 * 1024 });
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      z.destroy();
      reject(err);
    };
    z.on('data', (chunk: Buffer) => {
      if (settled) return;
      budget.left -= chunk.length;
      if (budget.left < 0) return fail(overBudget());
      try {
        scanner?.write(chunk);
      } catch (err) {
        fail(err);
      }
    });
    z.on('error', (err) => fail(unsupportedFile(`broken zip entry: ${err.message}`)));
    z.on('end', () => {
      if (settled) return;
      try {
        scanner?.end();
      } catch (err) {
        return fail(err);
      }
      settled = true;
      resolve();
    });
    z.end(data);
  });
}

interface CellRef {
  col: number;
  row: number;
}

/** `B7`, `$B$7` → column 2, row 7; anything else (entities, whole columns…) is null. */
function parseRef(ref: string): CellRef | null {
  const m = /^\$?([A-Za-z]{1,4})\$?([0-9]{1,9})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  return row >= 1 ? { col, row } : null;
}

/** `A1:C9` or `A1` → its corners, ordered. */
function parseRange(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const [a, b, ...rest] = ref.split(':');
  if (rest.length) return null;
  const from = parseRef(a);
  const to = b === undefined ? from : parseRef(b);
  if (!from || !to) return null;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTRIBUTE)) out.set(m[1], m[2] ?? m[3]);
  return out;
}

/** The tags exceljs turns into objects in proportion to their number or to the ranges they name. */
// Matched at the `<`, or at the `:` of a prefixed name (`<x:c`): a pattern that starts with one
// character class runs natively over millions of unrelated tags; the prefix is checked by hand.
const SHEET_TAGS = /[<:](row|c|dimension|mergeCell|dataValidation|col)(?=[\s/>])/g;
const STRINGS_TAGS = /[<:](si)(?=[\s/>])/g;

/** Where the tag whose name starts after `at` begins: `at` itself, or the `<` of `<prefix:`. -1: no tag. */
function tagStart(s: string, at: number): number {
  if (s.charCodeAt(at) === 0x3c) return at;
  let i = at - 1;
  while (i >= 0 && /[\w.-]/.test(s[i])) i--;
  return i >= 0 && i < at - 1 && s.charCodeAt(i) === 0x3c ? i : -1;
}

/**
 * A streaming look at XML markup, for what exceljs would build from a worksheet or the shared
 * strings. Only the tags that matter are examined (found by one regular expression, so a sheet of
 * millions of other tags costs a native scan, not a loop step per tag); each is read to its
 * closing `>` outside quotes, across chunk boundaries. Bytes are read as latin1, so lengths are
 * UTF-8 bytes and a multi-byte character never splits a tag. It over-counts rather than misses: a
 * tag-like text inside a comment or CDATA counts, and the search resumes right after each tag's
 * `<`, so a stray quote cannot hide the tags after it. A reference it cannot read is refused, so
 * no spelling (entities, whole columns) slips past.
 */
class MarkupScanner {
  private carry = '';
  /** Bytes since the last `<` (a text run, or a tag still open). */
  private run = 0;
  private row = 0;
  private col = 0;
  private rows = 0;
  private merges = 0;
  private cols = 0;
  private dimensions = 0;
  private strings = 0;

  constructor(
    private readonly kind: 'sheet' | 'strings',
    private readonly limits: UploadLimits,
    private readonly totals: { cells: number },
  ) {}

  write(chunk: Buffer): void {
    const s = this.carry + chunk.toString('latin1');
    if (s.includes('<!DOCTYPE') || s.includes('<!ENTITY'))
      throw unsupportedFile('DTDs are not accepted in a spreadsheet');
    // Everything from an unfinished markup at the end waits for the next chunk.
    const lastLt = s.lastIndexOf('<');
    let cut = lastLt >= 0 && s.indexOf('>', lastLt) < 0 ? lastLt : s.length;
    const tags = this.kind === 'sheet' ? SHEET_TAGS : STRINGS_TAGS;
    tags.lastIndex = 0;
    for (let m = tags.exec(s); m && m.index < cut; m = tags.exec(s)) {
      const start = tagStart(s, m.index);
      if (start < 0) continue;
      const end = tagEnd(s, start, this.limits.maxLineBytes);
      if (end < 0) {
        cut = start;
        break;
      }
      this.tag(m[1], s.slice(start, end));
      tags.lastIndex = m.index + 1;
    }
    this.textRuns(s, cut);
    this.carry = s.slice(cut);
    if (this.carry.length > this.limits.maxLineBytes)
      throw fileTooMany('upload_line_too_long', formatBytes(this.limits.maxLineBytes));
  }

  end(): void {
    if (this.carry) throw unsupportedFile('truncated XML');
  }

  /**
   * Refuses a run of more than maxLineBytes without a `<` in s[0, cut) (continuing the run the
   * previous chunk ended with). Steps from `<` to the last `<` within reach, so a chunk costs a
   * couple of native searches per maxLineBytes, not one step per tag.
   */
  private textRuns(s: string, cut: number): void {
    const max = this.limits.maxLineBytes;
    const tooLong = () => fileTooMany('upload_line_too_long', formatBytes(max));
    const first = s.indexOf('<');
    if (first < 0 || first >= cut) {
      this.run += cut;
      if (this.run > max) throw tooLong();
      return;
    }
    if (this.run + first > max) throw tooLong();
    let p = first + 1;
    while (cut - p > max) {
      const q = s.lastIndexOf('<', p + max);
      if (q < p) throw tooLong();
      p = q + 1;
    }
    const last = s.lastIndexOf('<', cut - 1);
    this.run = cut - (last + 1);
    if (this.run > max) throw tooLong();
  }

  private tag(name: string, tag: string): void {
    if (this.kind === 'strings') {
      if (++this.strings > this.limits.maxCells)
        throw fileTooMany('upload_too_many_cells', this.limits.maxCells);
      return;
    }
    switch (name) {
      case 'row':
        return this.onRow(attributes(tag).get('r'));
      case 'c':
        return this.onCell(attributes(tag).get('r'));
      case 'dimension': {
        if (++this.dimensions > 16) throw unsupportedFile('repeated sheet dimension');
        // What the sheet declares it spans; exceljs does not rely on it, so an unreadable one is ignored.
        const declared = parseRange(attributes(tag).get('ref') ?? '');
        if (declared) {
          this.checkRow(declared.bottom);
          this.checkColumn(declared.right);
        }
        return;
      }
      case 'mergeCell':
        if (++this.merges > MAX_MERGED_AREAS) throw fileTooMany('upload_too_many_merges', MAX_MERGED_AREAS);
        return this.count(this.area(attributes(tag).get('ref')));
      case 'dataValidation': {
        const sqref = attributes(tag).get('sqref') ?? '';
        for (const part of sqref.trim().split(/\s+/)) this.count(Math.max(1, this.area(part)));
        return;
      }
      case 'col': {
        if (++this.cols > EXCEL_MAX_COLUMN) throw unsupportedFile('too many column definitions');
        const a = attributes(tag);
        const min = Number(a.get('min') ?? 1);
        const max = Number(a.get('max') ?? min);
        if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > EXCEL_MAX_COLUMN)
          throw unsupportedFile('column definition out of range');
        return;
      }
    }
  }

  private onRow(r: string | undefined): void {
    const row = r === undefined ? this.row + 1 : Number(r);
    if (!Number.isInteger(row) || row < 1) throw unsupportedFile('bad row number');
    this.checkRow(row);
    if (++this.rows > this.limits.maxRows) throw fileTooMany('upload_too_many_rows', this.limits.maxRows);
    this.row = row;
    this.col = 0;
  }

  private onCell(r: string | undefined): void {
    let col = this.col + 1;
    if (r !== undefined) {
      const ref = parseRef(r);
      if (!ref) throw unsupportedFile('bad cell reference');
      this.checkRow(ref.row);
      col = ref.col;
    }
    this.checkColumn(col);
    this.col = col;
    this.count(1);
  }

  /** Checks a range against the sheet's dimensions; returns the cells it covers. */
  private area(ref: string | undefined): number {
    const range = ref === undefined ? null : parseRange(ref);
    if (!range) throw unsupportedFile('bad cell range');
    this.checkRow(range.bottom);
    this.checkColumn(range.right);
    return (range.bottom - range.top + 1) * (range.right - range.left + 1);
  }

  private checkRow(row: number): void {
    if (row > this.limits.maxRows) throw fileTooMany('upload_too_many_rows', this.limits.maxRows);
  }

  private checkColumn(col: number): void {
    if (col > this.limits.maxColumns) throw fileTooMany('upload_too_many_columns', this.limits.maxColumns);
  }

  private count(cells: number): void {
    this.totals.cells += cells;
    if (this.totals.cells > this.limits.maxCells)
      throw fileTooMany('upload_too_many_cells', this.limits.maxCells);
  }
}

/**
 * Index just past the `>` that closes the tag starting at `lt` (the first `>` outside quotes: a
 * `>` inside an attribute value is legal XML), or -1 when the tag continues past the end of `s`.
 * A tag longer than `max` is refused.
 */
function tagEnd(s: string, lt: number, max: number): number {
  let quote = 0;
  const stop = Math.min(s.length, lt + max + 1);
  for (let i = lt + 1; i < stop; i++) {
    const c = s.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i + 1;
  }
  if (stop < s.length) throw fileTooMany('upload_line_too_long', formatBytes(max));
  return -1;
}
