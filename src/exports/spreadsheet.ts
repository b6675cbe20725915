import type { Cell, SheetData } from "write-excel-file/node";

/**
 * A calendar day with no time and no zone ("2026-12-03"): it stays that day in every spreadsheet,
 * whatever zone the reader's computer is in.
 */
export interface CalendarDayCell {
  day: string;
}

/** What one cell holds: text, a number, a calendar day, or nothing. */
export type CellValue = string | number | CalendarDayCell | null;
export type SheetRow = readonly CellValue[];

export interface SheetInput {
  /** The tab's name; Excel allows 31 characters and no []:*?/\ (cut and replaced here). */
  name: string;
  rows: readonly SheetRow[];
  /** Rows shown bold (the title, the header), by index from 0. */
  boldRows?: readonly number[];
  /** Column widths in characters, from the first column. */
  columnWidths?: readonly number[];
  /** Rows kept in view while scrolling (the title and the header). */
  stickyRows?: number;
}

export const CSV_MIME_TYPE = "text/csv";
export const XLSX_MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The characters a spreadsheet reads as the start of a formula (or, tab and carriage return, as a way
 * to hide one), after OWASP's CSV injection guidance.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+7...`, `@SUM(...)`) gets a
 * leading apostrophe, which Excel and LibreOffice show as plain text. Names, answers and titles come
 * from people; an export must never carry their formulas to the curator's computer.
 *
 * @example neutraliseFormula("=1+1") // "'=1+1"
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function isCalendarDay(value: CellValue): value is CalendarDayCell {
  return typeof value === "object" && value !== null;
}

function checkDay(day: string): { year: number; month: number; date: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`not a calendar day: ${day}`);
  return { year: Number(match[1]), month: Number(match[2]), date: Number(match[3]) };
}

/**
 * Rows as CSV for Excel as set up in Russia: UTF-8 with a byte order mark (without it Excel reads the
 * file as Windows-1251 and the Cyrillic is garbled), `;` between fields (the list separator of the
 * Russian locale, where `,` is the decimal comma: a comma-separated file opens as one column), CRLF
 * line ends and RFC 4180 quoting. Days are written as YYYY-MM-DD, which Excel recognises as dates in
 * every locale.
 */
export function toCsv(rows: readonly SheetRow[]): Uint8Array {
  const text = `\uFEFF${rows.map((row) => `${row.map(csvField).join(";")}\r\n`).join("")}`;
  return new TextEncoder().encode(text);
}

function csvField(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`a cell holds ${value}`);
    return String(value);
  }
  if (isCalendarDay(value)) {
    checkDay(value.day);
    return value.day;
  }
  const text = neutraliseFormula(value);
  return /[";\r\n,]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Sheets as an .xlsx workbook. Text is stored as text (a shared string, which Excel never evaluates)
 * and still neutralised as in CSV, so a sheet saved as CSV from Excel stays inert; numbers stay
 * numbers and days are real dates (DD.MM.YYYY), so a curator can sort and filter them.
 */
export async function toXlsx(sheets: readonly SheetInput[]): Promise<Uint8Array> {
  if (sheets.length === 0) throw new Error("a workbook needs a sheet");
  const used = new Set<string>();
  const input = sheets.map((sheet) => {
    const bold = new Set(sheet.boldRows ?? []);
    const data: SheetData = sheet.rows.map((row, index) =>
      row.map((value) => xlsxCell(value, bold.has(index))),
    );
    return {
      data,
      sheet: sheetName(sheet.name, used),
      dateFormat: "dd.mm.yyyy",
      ...(sheet.columnWidths && { columns: sheet.columnWidths.map((width) => ({ width })) }),
      ...(sheet.stickyRows && { stickyRowsCount: sheet.stickyRows }),
    };
  });
  // Loaded at the first workbook, not at start-up (78 modules that most processes never use).
  const { default: writeXlsxFile } = await import("write-excel-file/node");
  const buffer = await writeXlsxFile(input).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function xlsxCell(value: CellValue, bold: boolean): Cell {
  const style = bold ? { fontWeight: "bold" as const } : {};
  if (value === null) return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`a cell holds ${value}`);
    return { value, type: Number, ...style };
  }
  if (isCalendarDay(value)) {
    const { year, month, date } = checkDay(value.day);
    // The library counts days from the moment in UTC: midnight UTC is that very day in the sheet.
    return { value: new Date(Date.UTC(year, month - 1, date)), type: Date, ...style };
  }
  return { value: neutraliseFormula(value), type: String, ...style };
}

/** Excel refuses a workbook whose sheet names are too long, hold []:*?/\ or repeat. */
function sheetName(name: string, used: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, " ")
      .trim()
      .slice(0, 31) || "Sheet";
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = `${base.slice(0, 31 - suffix.length)}${suffix}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
