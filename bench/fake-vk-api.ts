import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { ExecuteCompileError, parseExecuteCode, VK_EXECUTE_CALLS_LIMIT } from "../test/support/vk-execute.js";
import type { BotMessage, FakeBotApiStats, FakeChat } from "./fake-bot-api.js";

/**
 * A lean VK API for benchmarks, the VK counterpart of bench/fake-bot-api.ts. test/support/fake-vk-api.ts
 * records every call, checks VK's limits and scripts failures, which is right for tests and too heavy
 * for thousands of dialogs. This one serves only what the service calls on the `answers` path
 * (groups.getLongPollServer, Bots Long Poll, users.get, messages.send, messages.edit,
 * messages.sendMessageEventAnswer, and VK's `execute` carrying them as vk-io's parallel mode batches
 * them; any other method is refused and counted), keeps per dialog only the
 * community's messages in the bench's shared chat model (text and buttons, after edits) and timestamps
 * the two moments the bench measures: an event handed to the bot (the long-poll response carrying it
 * written) and the bot's first messages.send or messages.edit for that peer after it.
 *
 * `stats.calls` counts each call inside an execute under its own method and the execute itself (the
 * HTTP request, what VK's rate limit counts) as "execute".
 *
 * People's messages and the community's share one conversation_message_id sequence per dialog, as in
 * VK; a dialog's `latestId` is the last one given.
 */

export interface FakeVkApi {
  readonly apiRoot: string;
  readonly token: string;
  readonly groupId: number;
  readonly stats: FakeBotApiStats;
  chat(peerId: number): FakeChat;
  /**
   * A message of the person (message_new): text, optionally a keyboard button's payload (a text
   * button's press) and the `ref` of a community link (vk.me/club<id>?ref=CODE).
   */
  sendMessage(peerId: number, text: string, options?: { payload?: string; ref?: string }): void;
  /**
   * A press of one of the community's buttons on `messageId` (its conversation_message_id): a
   * callback button comes as message_event, a text button (a keyboard under the input field) as the
   * person's message carrying the payload, as VK delivers them.
   */
  press(peerId: number, messageId: number, button: { text: string; data: string }): void;
  /** Resolves on the dialog's next change or after `ms`. */
  nextChange(chat: FakeChat, ms: number): Promise<void>;
  close(): Promise<void>;
}

interface VkEvent {
  type: string;
  event_id: string;
  v: string;
  group_id: number;
  object: Record<string, unknown>;
}

interface VkKeyboardJson {
  inline?: boolean;
  buttons?: { action?: { type?: string; label?: string; payload?: string } }[][];
}

class VkFailure extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
  ) {
    super(msg);
  }
}

/** What VK's current clients report in client_info: inline keyboards and callback buttons. */
const CLIENT_INFO = {
  button_actions: ["text", "vkpay", "open_app", "location", "open_link", "callback", "intent_subscribe"],
  keyboard: true,
  inline_keyboard: true,
  carousel: true,
  lang_id: 0,
};

export async function createFakeVkApi(
  options: { token?: string; groupId?: number } = {},
): Promise<FakeVkApi> {
  const token = options.token ?? "vk1.a.BENCH-token-for-answers-abcdefghijklmnopqrstuvwxyz";
  const groupId = options.groupId ?? 219_000_001;
  const key = "bench-long-poll-key";
  const stats: FakeBotApiStats = { calls: {}, firstCallLatencies: [], refused: 0 };
  const chats = new Map<number, FakeChat>();
  /** Messages whose buttons sit under the input field (text buttons): pressing one sends text. */
  const typedKeyboards = new WeakSet<BotMessage>();
  /** Handed to the bot and not yet followed by a send or an edit for the peer: peer id → when. */
  const handed = new Map<number, number>();
  /** Long-poll events by number; `nextTs` is the number the next one gets. */
  let queue: { ts: number; peerId: number; event: VkEvent }[] = [];
  let nextTs = 1;
  let nextMessageId = 1;
  let nextPressId = 1;
  const polls: { respond: () => void }[] = [];
  let closed = false;
  const now = () => Math.floor(Date.now() / 1000);

  function chat(id: number): FakeChat {
    let found = chats.get(id);
    if (!found) {
      found = { id, changes: 0, messages: new Map(), latestId: 0, waiters: [] };
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

  function enqueue(peerId: number, type: string, object: Record<string, unknown>) {
    const ts = nextTs++;
    queue.push({
      ts,
      peerId,
      event: { type, event_id: `bench-${groupId}-${ts}`, v: "5.199", group_id: groupId, object },
    });
    const poll = polls.shift();
    if (poll) poll.respond();
  }

  /** Events from `ts` on; the ones before it were taken (the bot asks from the ts after a batch). */
  function ready(ts: number) {
    if (queue.length > 0 && queue[0]!.ts < ts) queue = queue.filter((e) => e.ts >= ts);
    return queue;
  }

  /** Writes a long-poll answer; the moment its events are handed to the bot. */
  function writePoll(res: ServerResponse, ts: number) {
    const batch = ready(ts);
    const body = JSON.stringify({
      ts: String(batch.length > 0 ? batch.at(-1)!.ts + 1 : Math.max(ts, nextTs)),
      updates: batch.map((e) => e.event),
    });
    const at = performance.now();
    for (const { peerId } of batch) if (!handed.has(peerId)) handed.set(peerId, at);
    if (!res.writableEnded && !res.destroyed)
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(body);
  }

  function firstCall(peerId: number) {
    const since = handed.get(peerId);
    if (since === undefined) return;
    stats.firstCallLatencies.push(performance.now() - since);
    handed.delete(peerId);
  }

  function keyboardOf(raw: string | undefined): { keyboard: BotMessage["keyboard"]; typed: boolean } {
    if (raw === undefined) return { keyboard: [], typed: false };
    const parsed = JSON.parse(raw) as VkKeyboardJson;
    const keyboard = (parsed.buttons ?? []).map((row) =>
      row.flatMap((button) =>
        (button.action?.type === "callback" || button.action?.type === "text") &&
        button.action.payload !== undefined
          ? [{ text: button.action.label ?? "", data: button.action.payload }]
          : [],
      ),
    );
    return { keyboard, typed: parsed.inline !== true && keyboard.some((row) => row.length > 0) };
  }

  function textOf(params: URLSearchParams): string {
    const text = params.get("message");
    if (text === null || text.trim() === "")
      throw new VkFailure(100, "One of the parameters specified was missing or invalid: message is empty");
    if (text.length > 4096) throw new VkFailure(914, "Message is too long");
    return text;
  }

  function callMethod(method: string, params: URLSearchParams): unknown {
    switch (method) {
      case "groups.getLongPollServer":
        if (Number(params.get("group_id")) !== groupId)
          throw new VkFailure(100, "One of the parameters specified was missing or invalid: group_id");
        return { key, server: `${apiRoot}/lp`, ts: String(nextTs) };
      case "users.get":
        return (params.get("user_ids") ?? "")
          .split(",")
          .filter((id) => id !== "")
          .map((id) => ({
            id: Number(id),
            first_name: "Анна",
            last_name: "Бенчева",
            can_access_closed: true,
          }));
      case "messages.sendMessageEventAnswer":
        return 1;
      case "messages.send": {
        const text = textOf(params);
        const { keyboard, typed } = keyboardOf(params.get("keyboard") ?? undefined);
        const peers = (params.get("peer_ids") ?? params.get("peer_id") ?? "").split(",").map(Number);
        const items = peers.map((peerId) => {
          firstCall(peerId);
          const target = chat(peerId);
          const id = ++target.latestId;
          const change = target.changes + 1;
          const message: BotMessage = { id, text, keyboard, sentAt: change, changedAt: change };
          if (typed) typedKeyboards.add(message);
          target.messages.set(id, message);
          changed(target);
          return { peer_id: peerId, message_id: nextMessageId++, conversation_message_id: id };
        });
        return params.has("peer_ids") ? items : items[0]!.message_id;
      }
      case "messages.edit": {
        const peerId = Number(params.get("peer_id"));
        firstCall(peerId);
        const text = textOf(params);
        const target = chat(peerId);
        const message = target.messages.get(Number(params.get("conversation_message_id")));
        if (!message)
          throw new VkFailure(
            100,
            "One of the parameters specified was missing or invalid: conversation_message_id",
          );
        const { keyboard, typed } = keyboardOf(params.get("keyboard") ?? undefined);
        message.text = text;
        message.keyboard = keyboard;
        if (typed) typedKeyboards.add(message);
        else typedKeyboards.delete(message);
        message.changedAt = target.changes + 1;
        changed(target);
        return 1;
      }
      default:
        throw new VkFailure(3, "Unknown method passed");
    }
  }

  function longPoll(url: URL, res: ServerResponse) {
    if (url.searchParams.get("act") !== "a_check" || url.searchParams.get("key") !== key) {
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ failed: 2 }));
    }
    const ts = Number(url.searchParams.get("ts"));
    if (!Number.isSafeInteger(ts) || ts > nextTs)
      return res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ failed: 1, ts: String(nextTs) }));
    const waitMs = Math.max(0, Number(url.searchParams.get("wait") ?? 25)) * 1000;
    if (ready(ts).length > 0 || waitMs === 0 || closed) return writePoll(res, ts);
    const poll = {
      respond: () => {
        clearTimeout(timer);
        writePoll(res, ts);
      },
    };
    const drop = () => {
      const at = polls.indexOf(poll);
      if (at >= 0) polls.splice(at, 1);
    };
    const timer = setTimeout(() => {
      drop();
      poll.respond();
    }, waitMs);
    res.on("close", () => {
      drop();
      clearTimeout(timer);
    });
    polls.push(poll);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (url.pathname === "/lp") {
      stats.calls.longpoll = (stats.calls.longpoll ?? 0) + 1;
      return longPoll(url, res);
    }
    const send = (body: unknown) => {
      if (!res.writableEnded && !res.destroyed)
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    };
    const match = /^\/method\/([A-Za-z]+\.[A-Za-z]+|execute)$/.exec(url.pathname);
    const method = match?.[1] ?? url.pathname;
    stats.calls[method] = (stats.calls[method] ?? 0) + 1;
    // vk-io posts application/x-www-form-urlencoded; the query string may carry parameters too.
    const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    for (const [name, value] of url.searchParams) if (!params.has(name)) params.set(name, value);
    const fail = (code: number, msg: string) => {
      stats.refused++;
      send({ error: { error_code: code, error_msg: msg, request_params: [] } });
    };
    if (!match) return fail(3, "Unknown method passed");
    if (params.get("access_token") !== token)
      return fail(5, "User authorization failed: invalid access_token (4).");
    if (method === "execute") return execute(params.get("code") ?? "", send, fail);
    try {
      send({ response: callMethod(method, params) });
    } catch (error) {
      if (!(error instanceof VkFailure)) throw error;
      fail(error.code, error.msg);
    }
  }

  /** VK's execute: each call as if alone; a refused one is `false` plus an execute_errors entry. */
  function execute(code: string, send: (body: unknown) => void, fail: (code: number, msg: string) => void) {
    let inner;
    try {
      inner = parseExecuteCode(code);
    } catch (error) {
      if (!(error instanceof ExecuteCompileError)) throw error;
      return fail(12, error.message);
    }
    if (inner.length > VK_EXECUTE_CALLS_LIMIT)
      return fail(13, "Runtime error occurred during code invocation: too many API calls");
    const response: unknown[] = [];
    const errors: { method: string; error_code: number; error_msg: string }[] = [];
    for (const { method, params } of inner) {
      stats.calls[method] = (stats.calls[method] ?? 0) + 1;
      try {
        response.push(callMethod(method, new URLSearchParams(params)));
      } catch (error) {
        if (!(error instanceof VkFailure)) throw error;
        stats.refused++;
        response.push(false);
        errors.push({ method, error_code: error.code, error_msg: error.msg });
      }
    }
    send(errors.length > 0 ? { response, execute_errors: errors } : { response });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: FakeVkApi = {
    apiRoot,
    token,
    groupId,
    stats,
    chat,
    sendMessage(peerId, text, sendOptions = {}) {
      const target = chat(peerId);
      enqueue(peerId, "message_new", {
        message: {
          date: now(),
          from_id: peerId,
          id: nextMessageId++,
          out: 0,
          attachments: [],
          conversation_message_id: ++target.latestId,
          fwd_messages: [],
          important: false,
          is_hidden: false,
          peer_id: peerId,
          random_id: 0,
          text,
          ...(sendOptions.payload !== undefined && { payload: sendOptions.payload }),
          ...(sendOptions.ref !== undefined && { ref: sendOptions.ref, ref_source: "" }),
        },
        client_info: CLIENT_INFO,
      });
    },
    press(peerId, messageId, button) {
      const shown = chat(peerId).messages.get(messageId);
      if (shown && typedKeyboards.has(shown)) {
        api.sendMessage(peerId, button.text, { payload: button.data });
        return;
      }
      enqueue(peerId, "message_event", {
        user_id: peerId,
        peer_id: peerId,
        event_id: `press-${nextPressId++}`,
        payload: JSON.parse(button.data) as unknown,
        conversation_message_id: messageId,
      });
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
      closed = true;
      for (const poll of polls.splice(0)) poll.respond();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
