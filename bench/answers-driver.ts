/**
 * The `answers` bench's driver: the fake messenger API and the simulated people, run in a child
 * process of the bench (bench/answers.ts forks this file) so the service's process holds only the
 * service. The two talk over HTTP as a real bot and its messenger do (the service long-polls the
 * fake); the IPC channel carries only control: the invite codes in, the figures out.
 *
 * Which messenger: `--channel telegram` (the default; bench/fake-bot-api.ts) or `--channel vk`
 * (bench/fake-vk-api.ts, Bots Long Poll) in this process's arguments. The people are the same on
 * both: both fakes keep the bot's messages in one chat model (BotMessage, FakeChat), a person decides
 * from it alone, and only a ChannelSide below differs: how an input reaches the fake.
 *
 * Protocol (process.send / "message"):
 * - child → parent `{ type: "ready", channel, apiRoot, token, groupId? }` once the fake listens;
 * - parent → child `{ type: "drive", codes, timeoutMs }`; the child drives every person to the end
 *   and answers `{ type: "done", result: DriveResult }`;
 * - parent → child `{ type: "close" }` after the service has stopped; the child closes the fake and
 *   exits.
 */
import { performance } from "node:perf_hooks";
import { truncateLabel } from "../src/channels/vk/keyboard.js";
import { builtInForms } from "../src/forms/index.js";
import { loadTranslator } from "../src/i18n/translator.js";
import {
  createFakeBotApi,
  type BotMessage,
  type FakeBotApi,
  type FakeBotApiStats,
  type FakeChat,
} from "./fake-bot-api.js";
import { createFakeVkApi, type FakeVkApi } from "./fake-vk-api.js";
import { round } from "./support.js";

/** A person who has typed or pressed this much without reaching "submitted" is going in circles. */
const MAX_INPUTS_PER_PERSON = 120;
const FIRST_USER_ID = 5_000_001;

export type DriverRequest = { type: "drive"; codes: string[]; timeoutMs: number } | { type: "close" };

export type BenchChannel = "telegram" | "vk";

export type DriverReport =
  | { type: "ready"; channel: BenchChannel; apiRoot: string; token: string; groupId?: number }
  | { type: "done"; result: DriveResult };

export interface DriveResult {
  /** Wall time of the drive, first input to the last person's end (s). */
  seconds: number;
  inputs: number;
  submitted: number;
  stuck: number;
  /** Why the first person who did not submit stopped. */
  firstStuck?: string;
  floodHits: number;
  /** The fake's first-call latencies and the people's reply latencies (ms), unsorted. */
  firstCallLatencies: number[];
  replyLatencies: number[];
  calls: Record<string, number>;
  refused: number;
  /** This process's CPU during the drive (µs), and its peak RSS (MB). */
  cpu: NodeJS.CpuUsage;
  peakRssMb: number;
}

interface Person {
  id: number;
  code: string;
  inputs: number;
  /** Input sent → the bot has asked the next thing (ms). */
  replyLatencies: number[];
  floodHits: number;
  /** "running", "submitted", or why the person stopped. */
  outcome: string;
}

type Input =
  /** Opening the invite link: `/start CODE` on Telegram, the community link's ref on VK. */
  | { kind: "start"; code: string }
  | { kind: "text"; text: string }
  | { kind: "press"; messageId: number; button: { text: string; data: string } };

/**
 * What differs between the messengers: the fake, and how a person's input reaches it. Both fakes
 * keep the bot's messages in the same chat model, which is all a person reads.
 */
interface ChannelSide {
  readonly ready: Omit<Extract<DriverReport, { type: "ready" }>, "type">;
  readonly stats: FakeBotApiStats;
  chat(id: number): FakeChat;
  send(person: Person, chat: FakeChat, input: Input): void;
  nextChange(chat: FakeChat, ms: number): Promise<void>;
  close(): Promise<void>;
}

function telegramSide(api: FakeBotApi): ChannelSide {
  return {
    ready: { channel: "telegram", apiRoot: api.apiRoot, token: api.token },
    stats: api.stats,
    chat: (id) => api.chat(id),
    nextChange: (chat, ms) => api.nextChange(chat, ms),
    close: () => api.close(),
    send(person, chat, input) {
      const from = { id: person.id, is_bot: false, first_name: "Анна", language_code: "ru" };
      const chatJson = { id: person.id, type: "private" as const, first_name: "Анна" };
      const date = Math.floor(Date.now() / 1000);
      if (input.kind !== "press") {
        const text = input.kind === "start" ? `/start ${input.code}` : input.text;
        const command = /^\/\w+/.exec(text);
        api.enqueue({
          message: {
            message_id: ++chat.latestId,
            date,
            chat: chatJson,
            from,
            text,
            ...(command && { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }),
          },
        });
      } else {
        const shown = chat.messages.get(input.messageId);
        api.enqueue({
          callback_query: {
            id: `${person.id}-${person.inputs}`,
            from,
            chat_instance: `ci-${person.id}`,
            message: { message_id: input.messageId, date, chat: chatJson, text: shown?.text ?? "…" },
            data: input.button.data,
          },
        });
      }
    },
  };
}

function vkSide(api: FakeVkApi): ChannelSide {
  return {
    ready: { channel: "vk", apiRoot: api.apiRoot, token: api.token, groupId: api.groupId },
    stats: api.stats,
    chat: (id) => api.chat(id),
    nextChange: (chat, ms) => api.nextChange(chat, ms),
    close: () => api.close(),
    send(person, _chat, input) {
      // The invite link vk.me/club<id>?ref=CODE: VK's "Начать" button with the link's ref.
      if (input.kind === "start")
        api.sendMessage(person.id, "Начать", {
          payload: JSON.stringify({ command: "start" }),
          ref: input.code,
        });
      else if (input.kind === "text") api.sendMessage(person.id, input.text);
      else api.press(person.id, input.messageId, input.button);
    },
  };
}

/** The labels and prompts a person recognises, in Russian, from the locale files. */
interface ScriptTexts {
  /** Pressed whenever offered: Russian, agree, adult, continue. */
  preferred: string[];
  submit: string;
  done: string;
  skip: string;
  /** Buttons that are not an answer: back, skip, done, undo, paging, "fix N", decline, minor. */
  notAnAnswer: (label: string) => boolean;
  /** Questions answered by typing: the name and every text or number question of the built-in forms. */
  typed: { prompt: string; answer: string }[];
  flood: string;
}

function scriptTexts(
  translate: (locale: "ru", key: string, args?: Record<string, string | number>) => string,
  /** A button's label as the messenger shows it (VK cuts labels to 40 characters). */
  label: (text: string) => string,
): ScriptTexts {
  const t = (locale: "ru", key: string, args?: Record<string, string | number>) =>
    label(translate(locale, key, args));
  const prompt = translate;
  const nav = [
    "forms-engine-back",
    "forms-engine-back-to-summary",
    "forms-engine-skip",
    "forms-engine-done",
    "forms-engine-keep",
    "forms-engine-undo",
    "forms-engine-page-previous",
    "forms-engine-page-next",
    "journey-consent-decline",
    "journey-age-minor",
    "journey-forget-yes",
  ].map((key) => t("ru", key));
  const fixPrefix = t("ru", "forms-engine-fix", { number: 1 }).replace(/\s*\d+\s*$/, "");
  const typed = [{ prompt: prompt("ru", "journey-name-question"), answer: "Анна" }];
  for (const form of builtInForms) {
    for (const q of form.questions) {
      if (q.kind === "text")
        typed.push({ prompt: prompt("ru", q.text), answer: "Хочу подтянуть алгебру до пятёрки" });
      if (q.kind === "number") typed.push({ prompt: prompt("ru", q.text), answer: String(q.min ?? 1) });
    }
  }
  return {
    preferred: [
      "journey-language-name",
      "journey-consent-agree",
      "journey-age-adult",
      "journey-continue",
    ].map((key) => t("ru", key)),
    submit: t("ru", "forms-engine-submit"),
    done: t("ru", "forms-engine-done"),
    skip: t("ru", "forms-engine-skip"),
    notAnAnswer: (label) => nav.includes(label) || label.startsWith(fixPrefix),
    typed,
    flood: prompt("ru", "channel-flood"),
  };
}

/**
 * What a person does next, judged only from the bot's latest message: a message or an edit newer
 * than the person's last input, so the number of messages per step and edits in place do not matter.
 * Undefined: the bot has not asked anything new yet (an acknowledgement, an answered question).
 */
function decide(
  message: BotMessage,
  since: number,
  texts: ScriptTexts,
): { input: Input; final?: boolean } | "flood" | undefined {
  if (message.changedAt <= since) return undefined;
  const buttons = message.keyboard.flat();
  const press = (button: { text: string; data: string }) => ({
    input: { kind: "press", messageId: message.id, button } as Input,
  });
  const typed = texts.typed.find((q) => message.text.includes(q.prompt));
  if (buttons.length === 0) {
    if (message.sentAt <= since) return undefined; // an earlier question, edited to show its answer
    if (message.text === texts.flood) return "flood";
    return typed && { input: { kind: "text", text: typed.answer } };
  }
  const submit = buttons.find((b) => b.text === texts.submit);
  if (submit) return { ...press(submit), final: true };
  if (typed) return { input: { kind: "text", text: typed.answer } };
  const done = buttons.find((b) => b.text === texts.done);
  if (done && buttons.some((b) => b.text.startsWith("✅") && !texts.preferred.includes(b.text)))
    return press(done);
  const choice =
    buttons.find((b) => texts.preferred.includes(b.text)) ??
    buttons.find((b) => !texts.notAnAnswer(b.text)) ??
    buttons.find((b) => b.text === texts.skip) ??
    done;
  return choice && press(choice);
}

function latestMessage(chat: FakeChat): BotMessage | undefined {
  let latest: BotMessage | undefined;
  for (const message of chat.messages.values()) if (!latest || message.id > latest.id) latest = message;
  return latest;
}

async function drive(
  side: ChannelSide,
  person: Person,
  texts: ScriptTexts,
  timeoutMs: number,
): Promise<void> {
  const chat = side.chat(person.id);
  const send = (input: Input) => {
    person.inputs++;
    side.send(person, chat, input);
  };

  let input: Input = { kind: "start", code: person.code };
  let final = false;
  while (person.inputs < MAX_INPUTS_PER_PERSON) {
    const since = chat.changes;
    const sentAt = performance.now();
    send(input);
    for (;;) {
      const waited = performance.now() - sentAt;
      if (waited > timeoutMs) {
        const last = latestMessage(chat);
        person.outcome = `no answer to input ${person.inputs} after ${round(waited / 1000)} s; last: ${JSON.stringify(last?.text.slice(0, 80))}`;
        return;
      }
      if (chat.changes === since) {
        await side.nextChange(chat, timeoutMs - waited);
        continue;
      }
      if (final) {
        person.replyLatencies.push(performance.now() - sentAt);
        person.outcome = "submitted";
        return;
      }
      const latest = latestMessage(chat);
      const next = latest && decide(latest, since, texts);
      if (next === "flood") {
        person.floodHits++;
        await new Promise((resolve) => setTimeout(resolve, 1100));
        break; // the same input again
      }
      if (next) {
        person.replyLatencies.push(performance.now() - sentAt);
        input = next.input;
        final = next.final === true;
        break;
      }
      await side.nextChange(chat, timeoutMs - waited);
    }
  }
  person.outcome = `gave up after ${person.inputs} inputs; last: ${JSON.stringify(latestMessage(chat)?.text.slice(0, 80))}`;
}

async function driveAll(
  side: ChannelSide,
  texts: ScriptTexts,
  codes: string[],
  timeoutMs: number,
): Promise<DriveResult> {
  const users = codes.length;
  const people: Person[] = codes.map((code, i) => ({
    id: FIRST_USER_ID + i,
    code,
    inputs: 0,
    replyLatencies: [],
    floodHits: 0,
    outcome: "running",
  }));
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  // Long runs (the throttled baseline with 1,000 people takes tens of minutes) show they are alive.
  const progress = setInterval(() => {
    const done = people.filter((p) => p.outcome !== "running").length;
    const sent = people.reduce((sum, p) => sum + p.inputs, 0);
    const elapsed = round((performance.now() - started) / 1000, 0);
    process.stderr.write(`answers: ${elapsed} s, ${sent} inputs, ${done} of ${users} people finished\n`);
  }, 30_000);
  try {
    await Promise.all(people.map((person) => drive(side, person, texts, timeoutMs)));
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const stuck = people.filter((p) => p.outcome !== "submitted");
  return {
    seconds,
    inputs: people.reduce((sum, p) => sum + p.inputs, 0),
    submitted: users - stuck.length,
    stuck: stuck.length,
    ...(stuck[0] && { firstStuck: stuck[0].outcome }),
    floodHits: people.reduce((sum, p) => sum + p.floodHits, 0),
    firstCallLatencies: side.stats.firstCallLatencies,
    replyLatencies: people.flatMap((p) => p.replyLatencies),
    calls: side.stats.calls,
    refused: side.stats.refused,
    cpu,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function main(): Promise<void> {
  const send = (report: DriverReport) => process.send!(report);
  const at = process.argv.indexOf("--channel");
  const channel = at >= 0 ? process.argv[at + 1] : "telegram";
  if (channel !== "telegram" && channel !== "vk") throw new Error(`unknown channel ${channel}`);
  const translator = await loadTranslator();
  const texts = scriptTexts(
    translator.t.bind(translator),
    channel === "vk" ? (text) => truncateLabel(text) : (text) => text,
  );
  const side = channel === "vk" ? vkSide(await createFakeVkApi()) : telegramSide(await createFakeBotApi());
  process.on("message", (request: DriverRequest) => {
    if (request.type === "drive") {
      driveAll(side, texts, request.codes, request.timeoutMs).then(
        (result) => send({ type: "done", result }),
        (error: unknown) => {
          process.stderr.write(`answers driver: ${String(error)}\n`);
          process.exit(1);
        },
      );
    } else {
      void side.close().then(() => process.disconnect());
    }
  });
  // The bench gone (crashed, interrupted): nothing left to drive for.
  process.on("disconnect", () => void side.close());
  send({ type: "ready", ...side.ready });
}

if (process.send) await main();
