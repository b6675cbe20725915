import { createRequire } from "node:module";
import path from "node:path";
import type * as ResvgModule from "@resvg/resvg-js";

/**
 * The digest's pictures, drawn as SVG and rendered to PNG on the server (resvg: prebuilt binaries,
 * no canvas or system libraries). The fonts come from an npm package rather than the system: a slim
 * container has none, and without a font Cyrillic labels would vanish.
 */

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT_FILES = [path.join(FONT_DIR, "DejaVuSans.ttf"), path.join(FONT_DIR, "DejaVuSans-Bold.ttf")];
const FONT = "DejaVu Sans";

export interface ChartBar {
  /** One line of text to the left of the bar (an organisation's name in the municipal chart). */
  label: string;
  /** Percent; null when unknown (drawn as a note instead of a bar). */
  value: number | null;
  /** Percent; the target's mark. */
  target: number;
  /** What to write when the value is unknown. */
  unknownText?: string;
}

export interface ChartGroup {
  title: string;
  bars: ChartBar[];
}

export interface IndicatorChart {
  title: string;
  subtitle: string;
  groups: ChartGroup[];
  /** Legend texts, in the reader's language. */
  legend: { value: string; target: string };
  /** A second panel: meetings held per week over the term, oldest first. */
  weeks?: { title: string; bars: { label: string; count: number }[] };
}

const WIDTH = 900;
const LEFT = 24;
const LABEL_WIDTH = 260;
const BAR_LEFT = LEFT + LABEL_WIDTH;
const BAR_WIDTH = WIDTH - BAR_LEFT - 90;
const BAR_HEIGHT = 22;
const COLOURS = { met: "#2e9d5b", below: "#e08a2c", target: "#1f2d3d", track: "#eef1f4", text: "#1f2d3d" };

/** Indicators against targets: one group per indicator, one bar per organisation (or one in all). */
export function indicatorChartSvg(chart: IndicatorChart): string {
  const parts: string[] = [];
  let y = 40;
  parts.push(text(LEFT, y, chart.title, 24, "bold"));
  y += 26;
  parts.push(text(LEFT, y, chart.subtitle, 15, "normal", "#5b6b7b"));
  y += 16;
  for (const group of chart.groups) {
    y += 34;
    parts.push(text(LEFT, y, group.title, 17, "bold"));
    y += 10;
    for (const bar of group.bars) {
      y += 8;
      const top = y;
      const scale = Math.max(100, bar.target, bar.value ?? 0);
      const x = (percent: number) => BAR_LEFT + (BAR_WIDTH * percent) / scale;
      parts.push(text(LEFT, top + 16, truncate(bar.label, 30), 14));
      parts.push(rect(BAR_LEFT, top, BAR_WIDTH, BAR_HEIGHT, COLOURS.track));
      const met = bar.value !== null && bar.value >= bar.target;
      if (bar.value !== null)
        parts.push(
          rect(
            BAR_LEFT,
            top,
            Math.max(2, x(bar.value) - BAR_LEFT),
            BAR_HEIGHT,
            met ? COLOURS.met : COLOURS.below,
          ),
        );
      // The target's mark over the bar, the texts over the mark; an unknown value has its note
      // there instead (the target stays written on the right).
      const tx = x(bar.target);
      if (bar.value !== null)
        parts.push(
          `<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${top + BAR_HEIGHT + 4}" stroke="${COLOURS.target}" stroke-width="3"/>`,
        );
      parts.push(
        text(BAR_LEFT + BAR_WIDTH + 10, top + 16, `${formatNumber(bar.target)}%`, 13, "normal", "#5b6b7b"),
      );
      if (bar.value === null) {
        parts.push(text(BAR_LEFT + 8, top + 16, bar.unknownText ?? "—", 13, "normal", "#8a96a3"));
      } else {
        const label = `${Math.round(bar.value)}%`;
        const inside = x(bar.value) > BAR_LEFT + BAR_WIDTH - 60;
        parts.push(
          inside
            ? text(x(bar.value) - 8, top + 16, label, 14, "bold", "#ffffff", "end")
            : text(x(bar.value) + 6, top + 16, label, 14, "bold"),
        );
      }
      y += BAR_HEIGHT;
    }
  }
  y += 36;
  parts.push(rect(LEFT, y - 12, 14, 14, COLOURS.met));
  parts.push(text(LEFT + 20, y, chart.legend.value, 13));
  parts.push(
    `<line x1="${LEFT + 420}" y1="${y - 14}" x2="${LEFT + 420}" y2="${y + 3}" stroke="${COLOURS.target}" stroke-width="3"/>`,
  );
  parts.push(text(LEFT + 430, y, chart.legend.target, 13));
  if (chart.weeks && chart.weeks.bars.length > 0) y = weeksPanel(parts, chart.weeks, y + 30);
  const height = y + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    `</svg>`,
  ].join("\n");
}

const PANEL_HEIGHT = 140;

/** Vertical bars, one per week, each with its count above and every other week's date below. */
function weeksPanel(parts: string[], weeks: NonNullable<IndicatorChart["weeks"]>, top: number): number {
  let y = top + 20;
  parts.push(text(LEFT, y, weeks.title, 17, "bold"));
  y += 16;
  const max = Math.max(1, ...weeks.bars.map((b) => b.count));
  const width = WIDTH - LEFT * 2;
  const step = width / weeks.bars.length;
  const barWidth = Math.max(4, step * 0.7);
  const base = y + 20 + PANEL_HEIGHT;
  parts.push(
    `<line x1="${LEFT}" y1="${base}" x2="${LEFT + width}" y2="${base}" stroke="#c5ced6" stroke-width="1"/>`,
  );
  weeks.bars.forEach((bar, index) => {
    const x = LEFT + index * step + (step - barWidth) / 2;
    const h = (PANEL_HEIGHT * bar.count) / max;
    if (bar.count > 0) parts.push(rect(x, base - h, barWidth, h, "#4a7bd0"));
    parts.push(text(x + barWidth / 2, base - h - 6, String(bar.count), 12, "normal", COLOURS.text, "middle"));
    if (index % 2 === weeks.bars.length % 2 || weeks.bars.length <= 9)
      parts.push(text(x + barWidth / 2, base + 18, bar.label, 11, "normal", "#5b6b7b", "middle"));
  });
  return base + 24;
}

/**
 * resvg (a native addon) is loaded at the first picture rather than at start-up: most processes
 * never draw one, and loading it costs about 3 MB of RSS (docs/performance.md, "Memory").
 */
let resvgModule: typeof ResvgModule | undefined;

export function renderPng(svg: string): Uint8Array {
  resvgModule ??= require("@resvg/resvg-js") as typeof ResvgModule;
  const resvg = new resvgModule.Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT },
    fitTo: { mode: "original" },
  });
  return new Uint8Array(resvg.render().asPng());
}

function text(
  x: number,
  y: number,
  content: string,
  size: number,
  weight: "normal" | "bold" = "normal",
  fill: string = COLOURS.text,
  anchor: "start" | "middle" | "end" = "start",
): string {
  return `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="3" fill="${fill}"/>`;
}

function formatNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export function escapeXml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
