import type { OutboundButton } from "../../core/messages.js";
import type { ButtonAction, PayloadCodec } from "../shared/payload-codec.js";

/**
 * VK's keyboard limits (dev.vk.com/api/bots/development/keyboard), in this one place: an inline
 * keyboard holds at most 6 rows of 5 and 10 buttons in all; a keyboard under the input field 10 rows
 * of 5 and 40 buttons; a label shows at most 40 characters. The payload limit (255 characters of
 * JSON) lives with every other platform's in the payload codec's PAYLOAD_LIMITS.
 */
export const VK_KEYBOARD_LIMITS = {
  inline: { rows: 6, perRow: 5, buttons: 10 },
  regular: { rows: 10, perRow: 5, buttons: 40 },
  labelLength: 40,
} as const;

type Limits = (typeof VK_KEYBOARD_LIMITS)["inline"] | (typeof VK_KEYBOARD_LIMITS)["regular"];

/** What a person's VK client can show, from `client_info` of their latest message. */
export interface VkClientCapabilities {
  /** Keyboards of any kind. */
  keyboard: boolean;
  inlineKeyboard: boolean;
  /** Button action types the client supports (`client_info.button_actions`). */
  buttonActions: readonly string[];
}

/**
 * Assumed until a person's client has told us otherwise (a message handled by another instance, or
 * before this instance saw one): every current VK client, web and mobile, supports these.
 */
export const CURRENT_VK_CLIENT: VkClientCapabilities = {
  keyboard: true,
  inlineKeyboard: true,
  buttonActions: ["text", "callback", "open_link"],
};

export type VkButtonAction =
  | { type: "callback"; label: string; payload: string }
  | { type: "text"; label: string; payload: string }
  | { type: "open_link"; label: string; link: string };

export interface VkKeyboardButton {
  action: VkButtonAction;
  color?: "primary" | "secondary" | "negative" | "positive";
}

/** The JSON VK takes in the `keyboard` parameter. */
export interface VkKeyboard {
  inline?: boolean;
  one_time?: boolean;
  buttons: VkKeyboardButton[][];
}

export interface RenderedKeyboard {
  keyboard?: VkKeyboard;
  /** Links the client cannot show as buttons, to append to the text. */
  linksAsText: { label: string; url: string }[];
}

/** Removes an inline keyboard when a message is edited to have none. */
export const EMPTY_INLINE_KEYBOARD: VkKeyboard = { inline: true, buttons: [] };

/**
 * Lays the journey's button rows out for one client, within VK's limits.
 *
 * Where the client has inline keyboards and callback buttons, the buttons go under the message as
 * callback buttons (presses arrive as `message_event`). Rows longer than 5 are split; when there are
 * too many rows, neighbouring short rows are joined. When the buttons do not fit an inline keyboard
 * (more than 10, e.g. a 1-10 scale plus "back") or the client has none, they become text buttons of
 * a one-time keyboard under the input field (presses arrive as `message_new` with the payload). Only
 * a set too big for that too is the renderer's bug (it must paginate), and throws.
 */
export function renderVkKeyboard(
  rows: readonly (readonly OutboundButton[])[] | undefined,
  client: VkClientCapabilities,
  codec: PayloadCodec,
  /** The peer the buttons are for: their signatures verify only from there (see PayloadCodec.encode). */
  account?: string,
): RenderedKeyboard {
  const buttons = (rows ?? []).map((row) => [...row]).filter((row) => row.length > 0);
  if (buttons.length === 0) return { linksAsText: [] };
  const payload = (action: ButtonAction) => encodePayload(codec, action, account);

  if (client.keyboard && client.inlineKeyboard && client.buttonActions.includes("callback")) {
    const linkButtons = client.buttonActions.includes("open_link");
    const candidate = linkButtons ? buttons : buttons.map((row) => row.filter((b) => !("url" in b)));
    const layout = candidate.flat().length > 0 ? fit(candidate, VK_KEYBOARD_LIMITS.inline) : undefined;
    if (layout) {
      return {
        keyboard: {
          inline: true,
          buttons: layout.map((row) =>
            row.map((button): VkKeyboardButton => {
              if ("url" in button) {
                return {
                  action: { type: "open_link", label: truncateLabel(button.label), link: button.url },
                };
              }
              return {
                action: {
                  type: "callback",
                  label: truncateLabel(button.label),
                  payload: payload(button.action),
                },
              };
            }),
          ),
        },
        linksAsText: linkButtons ? [] : links(buttons),
      };
    }
  }

  // Under the input field: text buttons only (the one kind every keyboard takes); links go in the text.
  const actionRows = buttons.map((row) => row.filter((b) => !("url" in b)));
  // A client without keyboards (none current) gets the text alone; the journey re-asks in words.
  if (!client.keyboard || actionRows.every((row) => row.length === 0)) {
    return { linksAsText: links(buttons) };
  }
  const layout = fit(actionRows, VK_KEYBOARD_LIMITS.regular);
  if (!layout) {
    const count = actionRows.flat().length;
    throw new Error(`${count} buttons do not fit a VK keyboard (at most 40 in 10 rows of 5): paginate them`);
  }
  return {
    keyboard: {
      one_time: true,
      buttons: layout.map((row) =>
        row.map((button): VkKeyboardButton => {
          const action = (button as Extract<OutboundButton, { action: ButtonAction }>).action;
          return {
            action: { type: "text", label: truncateLabel(button.label), payload: payload(action) },
            color: "secondary",
          };
        }),
      ),
    },
    linksAsText: links(buttons),
  };
}

/**
 * Splits rows wider than the limit, gives each link a row of its own (VK draws links wide), then
 * joins the pair of neighbouring rows that makes the shortest row until the row count fits.
 * Undefined when the buttons cannot fit at all.
 */
function fit(rows: OutboundButton[][], limits: Limits): OutboundButton[][] | undefined {
  const laid: OutboundButton[][] = [];
  for (const row of rows) {
    let current: OutboundButton[] = [];
    for (const button of row) {
      if ("url" in button) {
        if (current.length > 0) laid.push(current);
        laid.push([button]);
        current = [];
        continue;
      }
      current.push(button);
      if (current.length === limits.perRow) {
        laid.push(current);
        current = [];
      }
    }
    if (current.length > 0) laid.push(current);
  }
  if (laid.flat().length > limits.buttons) return undefined;
  const hasLink = (row: OutboundButton[]) => row.some((b) => "url" in b);
  while (laid.length > limits.rows) {
    let best: number | undefined;
    for (let i = 0; i + 1 < laid.length; i++) {
      const size = laid[i]!.length + laid[i + 1]!.length;
      if (size > limits.perRow || hasLink(laid[i]!) || hasLink(laid[i + 1]!)) continue;
      if (best === undefined || size < laid[best]!.length + laid[best + 1]!.length) best = i;
    }
    if (best === undefined) return undefined;
    laid.splice(best, 2, [...laid[best]!, ...laid[best + 1]!]);
  }
  return laid;
}

function links(rows: OutboundButton[][]): { label: string; url: string }[] {
  return rows.flat().flatMap((b) => ("url" in b ? [{ label: b.label, url: b.url }] : []));
}

function encodePayload(codec: PayloadCodec, action: ButtonAction, account: string | undefined): string {
  const encoded = codec.encode("vk", action, account);
  // The renderer chose ids that do not fit 255 characters: a bug to fix there, not a person's mistake.
  if (!encoded.ok) {
    throw new Error(`button payload for "${action.type}" is ${encoded.reason}: ${encoded.detail}`);
  }
  return encoded.payload;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Cuts a label to VK's 40 characters (counted as JavaScript does, in UTF-16 units, which never
 * undercounts), whole graphemes only, so no emoji is cut in half; a cut label ends with "…".
 */
export function truncateLabel(label: string, max: number = VK_KEYBOARD_LIMITS.labelLength): string {
  if (label.length <= max) return label;
  let kept = "";
  for (const { segment } of graphemes.segment(label)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept.trimEnd()}…`;
}
