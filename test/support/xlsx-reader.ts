import { inflateRawSync } from "node:zlib";

/**
 * Reads an .xlsx back for tests, independently of the library that wrote it: a ZIP read through its
 * central directory (node:zlib inflates), then the first-level XML of sheets, shared strings and
 * number formats. Enough to check what each cell holds and of which type, no more.
 */

export type XlsxCell =
  | { ref: string; kind: "text"; value: string; bold: boolean }
  | { ref: string; kind: "number"; value: number; bold: boolean; format?: string }
  | { ref: string; kind: "formula"; value: string; bold: boolean }
  | { ref: string; kind: "boolean"; value: boolean; bold: boolean };

export interface XlsxSheet {
  name: string;
  cells: Map<string, XlsxCell>;
  /** Values by row (from 0) and column (from 0); empty cells are null. Dates as their serial numbers. */
  rows: (string | number | boolean | null)[][];
}

export function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a ZIP: no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("broken central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}

function columnIndex(ref: string): { row: number; column: number } {
  const match = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!match) throw new Error(`bad cell ref ${ref}`);
  let column = 0;
  for (const ch of match[1]!) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

export function readXlsx(bytes: Uint8Array): XlsxSheet[] {
  const files = unzip(bytes);
  const text = (name: string) => files.get(name)?.toString("utf8");
  const shared = [...(text("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) =>
    [...si[1]!.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => decode(t[1]!)).join(""),
  );

  const styles = text("xl/styles.xml") ?? "";
  const formats = new Map<number, string>();
  for (const match of styles.matchAll(/<numFmt\s[^>]*\/>/g)) {
    formats.set(Number(attribute(match[0], "numFmtId")), attribute(match[0], "formatCode") ?? "");
  }
  const fonts = [
    ...(/<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(styles)?.[1] ?? "").matchAll(
      /<font(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/font>)/g,
    ),
  ].map((font) => /<b\s*\/>/.test(font[1] ?? ""));
  const xfs = [
    ...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "").matchAll(/<xf\s[^>]*>/g),
  ].map((xf) => ({
    format: formats.get(Number(attribute(xf[0], "numFmtId") ?? 0)),
    bold: fonts[Number(attribute(xf[0], "fontId") ?? 0)] ?? false,
  }));

  const workbook = text("xl/workbook.xml") ?? "";
  const rels = text("xl/_rels/workbook.xml.rels") ?? "";
  const sheets: XlsxSheet[] = [];
  for (const sheet of workbook.matchAll(/<sheet\s[^>]*\/>/g)) {
    const name = attribute(sheet[0], "name")!;
    const rid = attribute(sheet[0], "r:id")!;
    const rel = [...rels.matchAll(/<Relationship\s[^>]*\/>/g)].find((r) => attribute(r[0], "Id") === rid);
    const target = attribute(rel![0], "Target")!.replace(/^\/?(xl\/)?/, "");
    const xml = text(`xl/${target}`) ?? "";
    const cells = new Map<string, XlsxCell>();
    const rows: (string | number | boolean | null)[][] = [];
    for (const cell of xml.matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const open = ` ${cell[1]!}`;
      const body = cell[2] ?? "";
      const ref = attribute(open, "r")!;
      const type = attribute(open, "t");
      const style = xfs[Number(attribute(open, "s") ?? 0)];
      const bold = style?.bold ?? false;
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      const f = /<f>([\s\S]*?)<\/f>/.exec(body)?.[1];
      let parsed: XlsxCell | undefined;
      if (f !== undefined) parsed = { ref, kind: "formula", value: decode(f), bold };
      else if (type === "s") parsed = { ref, kind: "text", value: shared[Number(v)]!, bold };
      else if (type === "inlineStr") {
        const t = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? "";
        parsed = { ref, kind: "text", value: decode(t), bold };
      } else if (type === "str") parsed = { ref, kind: "text", value: decode(v ?? ""), bold };
      else if (type === "b") parsed = { ref, kind: "boolean", value: v === "1", bold };
      else if (v !== undefined) {
        parsed = {
          ref,
          kind: "number",
          value: Number(v),
          bold,
          ...(style?.format && { format: style.format }),
        };
      }
      if (!parsed) continue;
      cells.set(ref, parsed);
      const { row, column } = columnIndex(ref);
      while (rows.length <= row) rows.push([]);
      const line = rows[row]!;
      while (line.length < column) line.push(null);
      line[column] = parsed.value;
    }
    sheets.push({ name, cells, rows });
  }
  return sheets;
}

/** Excel's serial number of a calendar day (days since 1899-12-30). */
export function excelSerial(day: string): number {
  return (Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
}
