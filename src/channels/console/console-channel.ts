import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ButtonAction, InboundBody, MessageRef, OutboundMessage } from "../../core/messages.js";
import type { ChannelIngress, Messenger } from "../../core/ports.js";
import type { InboundPipeline } from "../../pipeline/inbound-pipeline.js";
import type { ChannelRunner } from "../shared/channel.js";

/** A typed line as the pipeline records it: a pressed button is resolved when it is typed. */
type ConsoleInput = { text: string } | { press: ButtonAction; messageId: string };

export interface ConsoleChannelOptions {
  input: Readable;
  output: Writable;
  /** Where typed lines go, as every channel's updates do. */
  pipeline: InboundPipeline;
  /** Who is typing: the console logs in as this account (seed-demo creates "demo"). */
  externalId: string;
  /** The terminal's language tag (LANG), a hint until the person chooses. */
  languageTag?: string;
  /** Called with each line that cannot be handled (a bug); the console keeps reading. */
  onError(error: unknown): void;
  /**
   * Where files sent to the console are written (a terminal cannot show an attachment): the OS temp
   * folder's nastavnik-console/ unless given. Not DATA_DIR, which is PGlite's own folder.
   */
  documentDir?: string;
}

export interface ConsoleChannel extends ChannelRunner {
  readonly messenger: Messenger;
  /** Resolves when the input ends (Ctrl-D, or the test closes stdin) and the last line is handled. */
  finished: Promise<void>;
}

/**
 * The console is a messenger with one chat: messages print as text, buttons as [a] [b] [c] under
 * them, and typing a button's letter presses it. Everything else a line holds goes to the journey as
 * text or as a /command, exactly like a message in Telegram.
 */
export function createConsoleChannel(options: ConsoleChannelOptions): ConsoleChannel {
  // Buttons of the latest message that had any: what a typed letter refers to.
  let buttons: { letter: string; action: ButtonAction; messageId: string }[] = [];
  // Under a free-text question a bare letter is an answer; its buttons are pressed as "[a]".
  let buttonsNeedBrackets = false;
  let messageCounter = 0;
  let eventCounter = 0;
  let stopped = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  const write = (text: string) => {
    options.output.write(`${text}\n`);
  };

  /** `file`: where the message's document was written, shown between its caption and its buttons. */
  function print(message: OutboundMessage, file?: string): MessageRef {
    const messageId = String(++messageCounter);
    write("");
    if (message.text !== "" || !file) write(message.text);
    if (file) write(`📎 ${file}`);
    const rows = message.buttons ?? [];
    if (rows.length > 0) {
      const next: typeof buttons = [];
      for (const row of rows) {
        const cells: string[] = [];
        for (const button of row) {
          if ("url" in button) {
            cells.push(`${button.label}: ${button.url}`);
            continue;
          }
          const letter = buttonLetter(next.length);
          next.push({ letter, action: button.action, messageId });
          cells.push(`[${letter}] ${button.label}`);
        }
        write(`  ${cells.join("   ")}`);
      }
      buttons = next;
      buttonsNeedBrackets = false;
    }
    if (message.takesText) buttonsNeedBrackets = true;
    return { chatId: options.externalId, messageId };
  }

  const documentDir = options.documentDir ?? path.join(tmpdir(), "nastavnik-console");

  const messenger: Messenger = {
    channel: "console",
    // Buttons are pressed by typing their letters, so hints name letters rather than taps.
    presentation: { lettersForButtons: true },
    async send(chatId, message) {
      // The terminal is one person's chat. The demo's other people have console accounts too, so
      // what the service tells them (a nudge to a demo mentor) is delivered to nobody, not printed.
      if (chatId !== options.externalId) return { ok: true, message: { chatId, messageId: "elsewhere" } };
      if (!message.document) return { ok: true, message: print(message) };
      await mkdir(documentDir, { recursive: true });
      // Numbered by this run's messages, so a second export of the same name does not overwrite the
      // first; basename keeps a name with slashes inside the folder.
      const file = path.join(
        documentDir,
        `${messageCounter + 1}-${path.basename(message.document.fileName)}`,
      );
      await writeFile(file, message.document.content);
      return { ok: true, message: print(message, file) };
    },
    // A terminal cannot change what it printed: the new version is printed below instead.
    edit(ref, message) {
      if (ref.chatId !== options.externalId) return Promise.resolve({ ok: true, message: ref });
      return Promise.resolve({ ok: true, message: print(message) });
    },
  };

  const ingress: ChannelIngress = {
    channel: "console",
    messenger,
    orderKey: () => options.externalId,
    read(raw) {
      const input = raw as ConsoleInput;
      let body: InboundBody;
      if ("press" in input) body = { kind: "button", payload: input.press };
      else if (input.text.startsWith("/")) {
        const [command = "", ...rest] = input.text.slice(1).split(/\s+/);
        body = { kind: "command", command: command.toLowerCase(), argument: rest.join(" ") };
      } else body = { kind: "text", text: input.text };
      return Promise.resolve({
        kind: "event",
        externalId: options.externalId,
        chatId: options.externalId,
        sender: options.languageTag ? { languageTag: options.languageTag } : {},
        body,
        ...("press" in input && { message: { chatId: options.externalId, messageId: input.messageId } }),
      });
    },
    // Typed on this machine by whoever runs it: there is no one to forge a press.
    decodeButton: (payload) =>
      typeof payload === "object" && payload !== null && typeof (payload as ButtonAction).type === "string"
        ? { ok: true, action: payload as ButtonAction }
        : { ok: false, reason: "not a button" },
  };
  options.pipeline.connect(ingress);

  async function handleLine(line: string): Promise<void> {
    const text = line.trim();
    if (text === "") return;
    const bracketed = /^\[([a-z]+)\]$/i.exec(text)?.[1];
    const key = bracketed ?? (buttonsNeedBrackets ? undefined : text);
    const pressed = key === undefined ? undefined : buttons.find((b) => b.letter === key.toLowerCase());
    const input: ConsoleInput = pressed ? { press: pressed.action, messageId: pressed.messageId } : { text };
    await options.pipeline.receive(
      "console",
      `console-${process.pid}-${Date.now()}-${++eventCounter}`,
      input,
    );
  }

  return {
    name: "console",
    messenger,
    finished,
    start() {
      const lines = createInterface({ input: options.input, terminal: false });
      void (async () => {
        // One line at a time, in order: the next line may depend on what the previous one changed.
        for await (const line of lines) {
          if (stopped) break;
          try {
            await handleLine(line);
          } catch (error) {
            options.onError(error);
          }
        }
        resolveFinished();
      })();
      return Promise.resolve();
    },
    async stop() {
      stopped = true;
      options.input.pause();
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 100))]);
    },
  };
}

/** a … z, then aa, ab, …: short enough to type, never a digit (digits are answers). */
function buttonLetter(index: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return index < letters.length
    ? letters[index]!
    : `${letters[Math.floor(index / letters.length) - 1]!}${letters[index % letters.length]!}`;
}
