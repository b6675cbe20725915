import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutraliseFormula, toCsv, toXlsx, type SheetRow } from "../../src/exports/spreadsheet.js";
import { excelSerial, readXlsx } from "../support/xlsx-reader.js";

const DANGEROUS = ['=HYPERLINK("http://x";"y")', "+7 900 000-00-00", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];

/** A minimal RFC 4180 reader: `;` between fields, CRLF between records, "" inside quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || record.length > 0) throw new Error("the last record has no CRLF");
  return records;
}

describe("neutraliseFormula", () => {
  it("puts an apostrophe before text a spreadsheet would read as a formula, and only there", () => {
    for (const text of DANGEROUS) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ["Иванова Мария", "", "a=b", " =1", "'quoted", "1+1", "Ёж"])
      expect(neutraliseFormula(text)).toBe(text);
  });
});

describe("toCsv", () => {
  it("writes UTF-8 with a BOM, ; between fields, CRLF, quotes only where needed", () => {
    const rows: SheetRow[] = [
      ["№", "Наставник", "Дата"],
      [1, "Иванова; Мария", { day: "2026-12-03" }],
      [2, 'Петров "Пётр"\nмл.', null],
      [3, "1,5", ""],
    ];
    const bytes = toCsv(rows);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(
      "\uFEFF№;Наставник;Дата\r\n" +
        '1;"Иванова; Мария";2026-12-03\r\n' +
        '2;"Петров ""Пётр""\nмл.";\r\n' +
        '3;"1,5";\r\n',
    );
  });

  it("neutralises every formula-looking text cell, numbers stay numbers", () => {
    const text = new TextDecoder().decode(toCsv([DANGEROUS, [-5, 0.5]]));
    const [first, second] = parseCsv(text);
    expect(first).toEqual(DANGEROUS.map((cell) => `'${cell}`));
    expect(second).toEqual(["-5", "0.5"]);
  });

  it("reads back cell for cell whatever the text holds", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        (rows) => {
          const text = new TextDecoder().decode(toCsv(rows));
          expect(parseCsv(text)).toEqual(rows.map((row) => row.map(neutraliseFormula)));
        },
      ),
    );
  });

  it("refuses a day that is not one", () => {
    expect(() => toCsv([[{ day: "03.12.2026" }]])).toThrow(/calendar day/);
  });
});

describe("toXlsx", () => {
  it("keeps text as text (neutralised), numbers as numbers and days as formatted dates", async () => {
    const bytes = await toXlsx([
      {
        name: "Пары",
        rows: [
          ["Заголовок"],
          ["№", "Имя", "Дата"],
          [1, DANGEROUS[0]!, { day: "2026-12-03" }],
          [2, null, "Ок"],
        ],
        boldRows: [0, 1],
        columnWidths: [5, 30, 12],
        stickyRows: 2,
      },
    ]);
    const [sheet] = readXlsx(bytes);
    expect(sheet!.name).toBe("Пары");
    expect(sheet!.rows).toEqual([
      ["Заголовок"],
      ["№", "Имя", "Дата"],
      [1, `'${DANGEROUS[0]!}`, excelSerial("2026-12-03")],
      [2, null, "Ок"],
    ]);
    expect(sheet!.cells.get("A1")).toMatchObject({ kind: "text", bold: true });
    expect(sheet!.cells.get("B2")).toMatchObject({ kind: "text", bold: true });
    expect(sheet!.cells.get("A3")).toEqual({ ref: "A3", kind: "number", value: 1, bold: false });
    expect(sheet!.cells.get("C3")).toMatchObject({ kind: "number", format: "dd.mm.yyyy" });
    expect(sheet!.cells.get("B3")).toMatchObject({ kind: "text" });
    expect([...sheet!.cells.values()].filter((cell) => cell.kind === "formula")).toEqual([]);
  });

  it("neutralises every dangerous start and writes no formula cell", async () => {
    const [sheet] = readXlsx(await toXlsx([{ name: "x", rows: [DANGEROUS] }]));
    expect(sheet!.rows[0]).toEqual(DANGEROUS.map((cell) => `'${cell}`));
    expect([...sheet!.cells.values()].every((cell) => cell.kind === "text")).toBe(true);
  });

  it("names sheets as Excel allows: 31 characters, no []:*?/\\, no repeats", async () => {
    const long = "Наставничество «учитель — ученик» 2026/2027";
    const sheets = readXlsx(
      await toXlsx([
        { name: long, rows: [["a"]] },
        { name: long, rows: [["b"]] },
      ]),
    );
    expect(sheets.map((sheet) => sheet.name)).toEqual([
      "Наставничество «учитель — учени",
      "Наставничество «учитель — у (2)",
    ]);
    expect(sheets.map((sheet) => sheet.rows)).toEqual([[["a"]], [["b"]]]);
  });
});
