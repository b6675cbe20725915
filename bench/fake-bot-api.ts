import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { InlineKeyboardMarkup, Update, User } from "grammy/types";

/**
 * A lean Bot API server for benchmarks. test/support/fake-telegram-api.ts records every call with
 * its payload and wakes every waiter on every call, which is right for tests and too heavy for
 * thousands of chats in the process whose rss is measured. This one keeps, per chat, only the bot's
 * messages (text and keyboard, after edits) and counters, and timestamps the two moments the
 * `answers` bench measures: an update handed to the bot (its getUpdates response written) and the
 * bot's first call for that chat after it.
 */

export interface BotMessage {
  id: number;
  text: string;
  keyboard: { text: string; data: string }[][];
  /** The chat's change counter when the message was sent, and when it was last sent or edited. */
  sentAt: number;
  changedAt: number;
}

export interface FakeChat {
  readonly id: number;
  /** Bumped on every sendMessage and edit in the chat. */
  changes: number;
  messages: Map<number, BotMessage>;
  latestId: number;
  /** Woken (and cleared) on every change. */
  waiters: (() => void)[];
}

export interface FakeBotApiStats {
  /** Calls per method, getUpdates included. */
  calls: Record<string, number>;
  /** Per input: handed to the bot → the bot's first call carrying that chat_id (ms). */
  firstCallLatencies: number[];
  /** Calls that failed as Telegram would answer them (unknown message, empty text). */
  refused: number;
}

export interface FakeBotApi {
  readonly apiRoot: string;
  readonly token: string;
  readonly stats: FakeBotApiStats;
  chat(id: number): FakeChat;
  enqueue(update: Omit<Update, "update_id">): void;
  /** Resolves on the chat's next change or after `ms`. */
  nextChange(chat: FakeChat, ms: number): Promise<void>;
  close(): Promise<void>;
}

class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export async function createFakeBotApi(
  options: { token?: string; username?: string } = {},
): Promise<FakeBotApi> {
  const token = options.token ?? "123456789:BENCH-token-for-answers_abcdefghij";
  const botUser: User = {
    id: Number(token.split(":")[0]),
    is_bot: true,
    first_name: "Наставник (bench)",
    username: options.username ?? "nastavnik_bench_bot",
  };
  const botInfo = {
    ...botUser,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
  const stats: FakeBotApiStats = { calls: {}, firstCallLatencies: [], refused: 0 };
  const chats = new Map<number, FakeChat>();
  /** Handed to the bot and not yet followed by a call for the chat: chat id → when. */
  const handed = new Map<number, number>();
  let queue: Update[] = [];
  let nextUpdateId = 1;
  let confirmedBelow = 0;
  const polls: { respond: (updates: Update[]) => void }[] = [];
  const now = () => Math.floor(Date.now() / 1000);

  function chat(id: number): FakeChat {
    let found = chats.get(id);
    if (!found) {
      found = { id, changes: 0, messages: new Map(), latestId: 1, waiters: [] };
      chats.set(id, found);
    }
    return found;
  }

  function changed(target: FakeChat) {
    target.changes++;
    const waiters = target.waiters;
    target.waiters = [];
    for (const wake of waiters) wake();
  }

  function chatOf(update: Update): number | undefined {
    return (
      update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query?.from.id
    );
  }

  function ready(limit: number): Update[] {
    if (queue.length > 0 && queue[0]!.update_id < confirmedBelow) {
      queue = queue.filter((u) => u.update_id >= confirmedBelow);
    }
    return queue.slice(0, limit);
  }

  /** Writes a getUpdates answer; the moment its updates are handed to the bot. */
  function writeUpdates(res: ServerResponse, updates: Update[]) {
    const body = JSON.stringify({ ok: true, result: updates });
    const at = performance.now();
    for (const update of updates) {
      const chatId = chatOf(update);
      if (chatId !== undefined && !handed.has(chatId)) handed.set(chatId, at);
    }
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  }

  function keyboardOf(markup: unknown): BotMessage["keyboard"] {
    const rows = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
    return rows.map((row) =>
      row.flatMap((button) =>
        "callback_data" in button && button.callback_data !== undefined
          ? [{ text: button.text, data: button.callback_data }]
          : [],
      ),
    );
  }

  function textOf(payload: Record<string, unknown>): string {
    if (typeof payload.text !== "string" || payload.text.trim() === "")
      throw new ApiFailure(400, "Bad Request: message text is empty");
    if (payload.text.length > 4096) throw new ApiFailure(400, "Bad Request: message is too long");
    return payload.text;
  }

  function messageJson(chatId: number, message: BotMessage, markup: unknown) {
    return {
      message_id: message.id,
      date: now(),
      chat: { id: chatId, type: "private", first_name: "Bench" },
      from: botUser,
      text: message.text,
      ...(markup !== undefined && { reply_markup: markup }),
    };
  }

  function edited(payload: Record<string, unknown>): { target: FakeChat; message: BotMessage } {
    const target = chat(Number(payload.chat_id));
    const message = target.messages.get(Number(payload.message_id));
    if (!message) throw new ApiFailure(400, "Bad Request: message to edit not found");
    return { target, message };
  }

  function callMethod(method: string, payload: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return botInfo;
      case "deleteWebhook":
      case "setMyCommands":
      case "deleteMyCommands":
      case "sendChatAction":
      case "answerCallbackQuery":
        return true;
      case "getWebhookInfo":
        return { url: "", has_custom_certificate: false, pending_update_count: queue.length };
      case "sendMessage": {
        const text = textOf(payload);
        const target = chat(Number(payload.chat_id));
        const id = ++target.latestId;
        const change = target.changes + 1;
        const message: BotMessage = {
          id,
          text,
          keyboard: keyboardOf(payload.reply_markup),
          sentAt: change,
          changedAt: change,
        };
        target.messages.set(id, message);
        changed(target);
        return messageJson(target.id, message, payload.reply_markup);
      }
      case "editMessageText": {
        const text = textOf(payload);
        const { target, message } = edited(payload);
        message.text = text;
        message.keyboard = keyboardOf(payload.reply_markup);
        message.changedAt = target.changes + 1;
        changed(target);
        return messageJson(target.id, message, payload.reply_markup);
      }
      case "editMessageReplyMarkup": {
        const { target, message } = edited(payload);
        message.keyboard = keyboardOf(payload.reply_markup);
        message.changedAt = target.changes + 1;
        changed(target);
        return messageJson(target.id, message, payload.reply_markup);
      }
      case "deleteMessage": {
        const target = chat(Number(payload.chat_id));
        if (!target.messages.delete(Number(payload.message_id)))
          throw new ApiFailure(400, "Bad Request: message to delete not found");
        changed(target);
        return true;
      }
      default:
        throw new ApiFailure(404, "Not Found: method not found");
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      if (!res.writableEnded && !res.destroyed)
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (!match || match[1] !== token)
      return send(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2]!;
    stats.calls[method] = (stats.calls[method] ?? 0) + 1;
    const body = Buffer.concat(chunks).toString("utf8");
    const payload = (body ? JSON.parse(body) : {}) as Record<string, unknown>;

    if (method === "getUpdates") {
      const offset = Number(payload.offset ?? 0);
      if (offset > confirmedBelow) confirmedBelow = offset;
      const limit = Math.min(100, Math.max(1, Number(payload.limit ?? 100)));
      const updates = ready(limit);
      if (updates.length > 0 || Number(payload.timeout ?? 0) === 0) return writeUpdates(res, updates);
      const poll = {
        respond: (found: Update[]) => {
          clearTimeout(timer);
          writeUpdates(res, found.slice(0, limit));
        },
      };
      const drop = () => {
        const at = polls.indexOf(poll);
        if (at >= 0) polls.splice(at, 1);
      };
      const timer = setTimeout(
        () => {
          drop();
          poll.respond([]);
        },
        Number(payload.timeout) * 1000,
      );
      res.on("close", () => {
        drop();
        clearTimeout(timer);
      });
      polls.push(poll);
      return;
    }

    const chatId = payload.chat_id === undefined ? undefined : Number(payload.chat_id);
    if (chatId !== undefined) {
      const since = handed.get(chatId);
      if (since !== undefined) {
        stats.firstCallLatencies.push(performance.now() - since);
        handed.delete(chatId);
      }
    }
    try {
      send(200, { ok: true, result: callMethod(method, payload) });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      stats.refused++;
      send(error.code, { ok: false, error_code: error.code, description: error.description });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        res.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    stats,
    chat,
    enqueue(update) {
      queue.push({ ...update, update_id: nextUpdateId++ });
      const poll = polls.shift();
      if (poll) poll.respond(ready(100));
    },
    nextChange(target, ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        target.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close() {
      for (const poll of polls.splice(0)) poll.respond([]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
