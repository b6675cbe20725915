import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Message, Update, User, UserFromGetMe } from "grammy/types";

/**
 * A small Bot API server for end-to-end tests: a real HTTP server on 127.0.0.1 that speaks the
 * shape of https://core.telegram.org/bots/api closely enough for grammY, the runner and the plugins
 * to run unchanged against it. Tests inject what people do (messages, button presses, blocking the
 * bot), read every call the bot made, and script failures (403, 429, 5xx) for the next calls.
 */

export interface FakeUser {
  id: number;
  first_name: string;
  language_code?: string;
  username?: string;
}

export interface RecordedCall {
  /** Position in the order calls arrived, from 0. */
  seq: number;
  method: string;
  /** The parameters as the bot sent them (JSON, form or multipart; uploaded files as UploadedFile). */
  payload: Record<string, unknown>;
  /** False while the fake still holds the request (a long poll); then ok or errorCode tell the outcome. */
  done: boolean;
  ok: boolean;
  errorCode?: number;
  /** What the fake answered with on success. */
  result?: unknown;
}

/** A file the bot uploaded in a multipart request, as the fake received it. */
export interface UploadedFile {
  file: string;
  size: number;
  /** The content type the bot gave the part ("" when none). */
  type: string;
  bytes: Uint8Array;
}

export interface ScriptedError {
  code: number;
  description: string;
  /** Sent as parameters.retry_after (seconds), as Telegram does with 429. */
  retryAfter?: number;
}

export interface FakeTelegramApi {
  /** Pass as `apiRoot` to the bot. */
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every call in arrival order (getUpdates included). */
  readonly calls: readonly RecordedCall[];
  /** The webhook the bot set, if any. */
  readonly webhook: { url: string; secretToken?: string } | undefined;

  /** A person with a fresh id; language_code "ru" unless given. */
  user(options?: { firstName?: string; languageCode?: string | null; username?: string }): FakeUser;

  /** Builds a text message update (a leading /command gets its bot_command entity) without queueing it. */
  messageUpdate(from: FakeUser, text: string): Update;
  /** Builds a button press on a message (the bot's latest in that chat unless given). */
  callbackUpdate(from: FakeUser, data: string, options?: { messageId?: number }): Update;
  /** Builds the update Telegram sends when a person blocks ("kicked") or unblocks ("member") the bot. */
  chatMemberUpdate(from: FakeUser, status: "kicked" | "member"): Update;
  /** Builds a sticker message (something the bot cannot read as text). */
  stickerUpdate(from: FakeUser): Update;

  /** Queues an update for getUpdates (also one served before: a redelivery). Returns it. */
  enqueue(update: Update): Update;
  sendText(from: FakeUser, text: string): Update;
  pressButton(from: FakeUser, data: string, options?: { messageId?: number }): Update;

  /**
   * The next `times` calls of `method` (to `chatId`, when given) fail with this error, as Telegram
   * would answer them: HTTP status = code, body { ok: false, error_code, description, parameters }.
   */
  failNext(
    method: string,
    error: ScriptedError,
    options?: { chatId?: number | string; times?: number },
  ): void;

  /** Answered calls of a method, in arrival order. */
  callsTo(method: string, predicate?: (call: RecordedCall) => boolean): RecordedCall[];
  /**
   * Resolves with the first answered call (from `since`, a seq) matching; rejects after `timeoutMs`.
   * `{ pending: true }` also matches calls still held (a long poll in progress).
   */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    options?: { timeoutMs?: number; since?: number; pending?: boolean },
  ): Promise<RecordedCall>;
  /** Resolves once the bot confirmed (by a later getUpdates offset) every update queued so far. */
  waitForConfirmed(options?: { timeoutMs?: number }): Promise<void>;
  /** Text messages the bot currently shows in a chat, oldest first, after edits. */
  chatMessages(chatId: number): Message[];

  close(): Promise<void>;
}

const ALL_METHODS_NEEDING_CHAT = new Set([
  "sendMessage",
  "sendDocument",
  "editMessageText",
  "editMessageReplyMarkup",
  "deleteMessage",
  "sendChatAction",
]);

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const CALLBACK_DATA_LIMIT = 64;

interface PendingPoll {
  respond: (updates: Update[]) => void;
}

export async function createFakeTelegramApi(
  options: {
    token?: string;
    username?: string;
    firstUpdateId?: number;
    firstUserId?: number;
    /** Listen on this port (a test that first finds nothing there); any free port otherwise. */
    port?: number;
  } = {},
): Promise<FakeTelegramApi> {
  const token = options.token ?? "123456789:FAKE-token-for-tests_abcdefghijklmno";
  const botInfo: UserFromGetMe = {
    id: Number(token.split(":")[0]),
    is_bot: true,
    first_name: "Наставник (тест)",
    username: options.username ?? "nastavnik_test_bot",
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
  } as UserFromGetMe;
  const botUser: User = {
    id: botInfo.id,
    is_bot: true,
    first_name: botInfo.first_name,
    username: botInfo.username,
  };

  const calls: RecordedCall[] = [];
  const callWatchers = new Set<() => void>();
  const queue: Update[] = [];
  let confirmedBelow = 0;
  let maxQueuedId = 0;
  let nextUpdateId = options.firstUpdateId ?? 700_000;
  let nextUserId = options.firstUserId ?? 10_001;
  let nextQueryId = 1;
  let pendingPoll: PendingPoll | undefined;
  let webhook: { url: string; secretToken?: string } | undefined;
  let closed = false;
  const scripted: { method: string; chatId?: string; error: ScriptedError; times: number }[] = [];
  const users = new Map<number, FakeUser>();
  const messages = new Map<number, Map<number, Message>>();
  const nextMessageId = new Map<number, number>();
  const now = () => Math.floor(Date.now() / 1000);

  function notify() {
    for (const watch of [...callWatchers]) watch();
  }

  /** Calls are recorded on arrival (so order is arrival order) and completed when answered. */
  function arrive(method: string, payload: Record<string, unknown>): RecordedCall {
    const call: RecordedCall = { seq: calls.length, method, payload, done: false, ok: false };
    calls.push(call);
    notify();
    return call;
  }

  function complete(
    call: RecordedCall,
    outcome: { ok: true; result: unknown } | { ok: false; errorCode: number },
  ) {
    call.done = true;
    call.ok = outcome.ok;
    if (outcome.ok) call.result = outcome.result;
    else call.errorCode = outcome.errorCode;
    notify();
  }

  function privateChat(chatId: number): Chat.PrivateChat {
    const user = users.get(chatId);
    return { id: chatId, type: "private", first_name: user?.first_name ?? "?" };
  }

  function userOf(from: FakeUser): User {
    return {
      id: from.id,
      is_bot: false,
      first_name: from.first_name,
      ...(from.language_code && { language_code: from.language_code }),
      ...(from.username && { username: from.username }),
    };
  }

  function storeMessage(chatId: number, fields: Partial<Message>): Message {
    const id = (nextMessageId.get(chatId) ?? 1) + 1;
    nextMessageId.set(chatId, id);
    const message: Message = { message_id: id, date: now(), chat: privateChat(chatId), ...fields };
    if (!messages.has(chatId)) messages.set(chatId, new Map());
    messages.get(chatId)!.set(id, message);
    return message;
  }

  function wakePoll() {
    const poll = pendingPoll;
    if (!poll) return;
    const ready = queue.filter((u) => u.update_id >= confirmedBelow);
    if (ready.length === 0) return;
    pendingPoll = undefined;
    poll.respond(ready.slice(0, 100));
  }

  // ---- Bot API methods -------------------------------------------------------------------------

  class ApiFailure extends Error {
    constructor(
      readonly code: number,
      readonly description: string,
    ) {
      super(description);
    }
  }

  function checkMarkup(markup: unknown) {
    const rows = (markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)
      ?.inline_keyboard;
    for (const row of rows ?? []) {
      for (const button of row) {
        if (button.callback_data !== undefined) {
          const size = Buffer.byteLength(button.callback_data, "utf8");
          if (size < 1 || size > CALLBACK_DATA_LIMIT)
            throw new ApiFailure(400, "Bad Request: BUTTON_DATA_INVALID");
        }
      }
    }
  }

  function checkText(text: unknown) {
    if (typeof text !== "string" || text.trim() === "")
      throw new ApiFailure(400, "Bad Request: message text is empty");
    if (text.length > TEXT_LIMIT) throw new ApiFailure(400, "Bad Request: message is too long");
  }

  function findMessage(payload: Record<string, unknown>): Message {
    const chatId = Number(payload.chat_id);
    const message = messages.get(chatId)?.get(Number(payload.message_id));
    if (!message) throw new ApiFailure(400, "Bad Request: message to edit not found");
    return message;
  }

  async function getUpdates(payload: Record<string, unknown>, res: ServerResponse): Promise<Update[]> {
    if (webhook) {
      throw new ApiFailure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = Number(payload.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(payload.limit ?? 100)));
    const timeout = Math.max(0, Number(payload.timeout ?? 0));
    // An offset confirms every update below it: Telegram forgets them.
    if (offset > 0) {
      confirmedBelow = Math.max(confirmedBelow, offset);
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.update_id < offset) queue.splice(i, 1);
      notify();
    }
    const ready = () => queue.filter((u) => u.update_id >= confirmedBelow).slice(0, limit);
    if (ready().length > 0 || timeout === 0 || closed) return ready();
    // Long polling: hold the request until an update arrives, the timeout passes or the client leaves.
    pendingPoll?.respond([]);
    return new Promise<Update[]>((resolve) => {
      const poll: PendingPoll = {
        respond: (updates) => {
          clearTimeout(timer);
          res.off("close", onClose);
          resolve(updates.slice(0, limit));
        },
      };
      const timer = setTimeout(() => {
        if (pendingPoll === poll) pendingPoll = undefined;
        poll.respond([]);
      }, timeout * 1000);
      const onClose = () => {
        if (pendingPoll === poll) pendingPoll = undefined;
        clearTimeout(timer);
        resolve([]);
      };
      res.on("close", onClose);
      pendingPoll = poll;
    });
  }

  async function callMethod(
    method: string,
    payload: Record<string, unknown>,
    res: ServerResponse,
  ): Promise<unknown> {
    switch (method) {
      case "getMe":
        return botInfo;
      case "getUpdates":
        return getUpdates(payload, res);
      case "deleteWebhook":
        webhook = undefined;
        if (payload.drop_pending_updates === true || payload.drop_pending_updates === "true")
          queue.length = 0;
        return true;
      case "setWebhook":
        webhook = {
          url: asText(payload.url),
          ...(payload.secret_token !== undefined && { secretToken: asText(payload.secret_token) }),
        };
        return true;
      case "getWebhookInfo":
        return { url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: queue.length };
      case "setMyCommands":
      case "deleteMyCommands":
      case "sendChatAction":
        return true;
      case "answerCallbackQuery": {
        if (typeof payload.callback_query_id !== "string" || payload.callback_query_id === "") {
          throw new ApiFailure(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
          );
        }
        return true;
      }
      case "sendMessage": {
        checkText(payload.text);
        checkMarkup(payload.reply_markup);
        return storeMessage(Number(payload.chat_id), {
          from: botUser,
          text: String(payload.text),
          ...(payload.reply_markup !== undefined && {
            reply_markup: payload.reply_markup as Message["reply_markup"],
          }),
        });
      }
      case "editMessageText": {
        checkText(payload.text);
        checkMarkup(payload.reply_markup);
        const message = findMessage(payload);
        if (message.text === undefined)
          throw new ApiFailure(400, "Bad Request: there is no text in the message to edit");
        const markup = payload.reply_markup as Message["reply_markup"] | undefined;
        if (
          message.text === payload.text &&
          JSON.stringify(message.reply_markup) === JSON.stringify(markup)
        ) {
          throw new ApiFailure(
            400,
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
          );
        }
        message.text = String(payload.text);
        if (markup) message.reply_markup = markup;
        else delete message.reply_markup;
        message.edit_date = now();
        return message;
      }
      case "editMessageReplyMarkup": {
        checkMarkup(payload.reply_markup);
        const message = findMessage(payload);
        const markup = payload.reply_markup as Message["reply_markup"] | undefined;
        if (JSON.stringify(message.reply_markup) === JSON.stringify(markup)) {
          throw new ApiFailure(400, "Bad Request: message is not modified");
        }
        if (markup) message.reply_markup = markup;
        else delete message.reply_markup;
        return message;
      }
      case "deleteMessage": {
        const chat = messages.get(Number(payload.chat_id));
        if (!chat?.delete(Number(payload.message_id)))
          throw new ApiFailure(400, "Bad Request: message to delete not found");
        return true;
      }
      case "sendDocument": {
        const document = payload.document as UploadedFile | string | undefined;
        if (document === undefined)
          throw new ApiFailure(400, "Bad Request: there is no document in the request");
        if (typeof payload.caption === "string" && payload.caption.length > CAPTION_LIMIT)
          throw new ApiFailure(400, "Bad Request: message caption is too long");
        checkMarkup(payload.reply_markup);
        const name = typeof document === "string" ? document : document.file;
        return storeMessage(Number(payload.chat_id), {
          from: botUser,
          document: { file_id: `doc-${calls.length}`, file_unique_id: `u-${calls.length}`, file_name: name },
          ...(typeof payload.caption === "string" && { caption: payload.caption }),
          ...(payload.reply_markup !== undefined && {
            reply_markup: payload.reply_markup as Message["reply_markup"],
          }),
        });
      }
      default:
        throw new ApiFailure(404, "Not Found: method not found");
    }
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  async function readPayload(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const payload: Record<string, unknown> = {};
    for (const [key, value] of url.searchParams) payload[key] = parseField(value);
    const type = req.headers["content-type"] ?? "";
    if (body.length === 0) return payload;
    if (type.includes("application/json"))
      return { ...payload, ...(JSON.parse(body.toString("utf8")) as object) };
    if (type.includes("application/x-www-form-urlencoded")) {
      for (const [key, value] of new URLSearchParams(body.toString("utf8"))) payload[key] = parseField(value);
      return payload;
    }
    if (type.includes("multipart/form-data")) {
      const files = new Map<string, UploadedFile>();
      for (const part of parseMultipart(body, type)) {
        if (part.filename === undefined) payload[part.name] = parseField(part.data.toString("utf8"));
        else {
          const bytes = new Uint8Array(part.data);
          files.set(part.name, { file: part.filename, size: bytes.length, type: part.type, bytes });
        }
      }
      // grammY sends a file as attach://<field> in the parameter and the bytes under <field>.
      for (const [key, value] of Object.entries(payload)) {
        if (typeof value === "string" && value.startsWith("attach://")) {
          const file = files.get(value.slice("attach://".length));
          if (file) payload[key] = file;
        }
      }
      for (const [key, file] of files) if (!(key in payload)) payload[key] = file;
      return payload;
    }
    return payload;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const send = (status: number, body: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (!match) return send(404, { ok: false, error_code: 404, description: "Not Found" });
    const [, requestToken, method] = match as unknown as [string, string, string];
    let payload: Record<string, unknown>;
    try {
      payload = await readPayload(req, url);
    } catch {
      return send(400, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
    }
    const call = arrive(method, payload);
    const fail = (code: number, description: string, retryAfter?: number) => {
      complete(call, { ok: false, errorCode: code });
      send(code, {
        ok: false,
        error_code: code,
        description,
        ...(retryAfter !== undefined && { parameters: { retry_after: retryAfter } }),
      });
    };
    if (requestToken !== token) return fail(401, "Unauthorized");
    const chatId = payload.chat_id === undefined ? undefined : asText(payload.chat_id);
    const rule = scripted.find((r) => r.method === method && (r.chatId === undefined || r.chatId === chatId));
    if (rule) {
      rule.times--;
      if (rule.times <= 0) scripted.splice(scripted.indexOf(rule), 1);
      return fail(rule.error.code, rule.error.description, rule.error.retryAfter);
    }
    if (ALL_METHODS_NEEDING_CHAT.has(method) && chatId === undefined) {
      return fail(400, "Bad Request: chat_id is empty");
    }
    try {
      const result = await callMethod(method, payload, res);
      complete(call, { ok: true, result });
      send(200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      fail(error.code, error.description);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        res.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  // ---- the test-facing side --------------------------------------------------------------------

  function enqueue(update: Update): Update {
    queue.push(update);
    queue.sort((a, b) => a.update_id - b.update_id);
    maxQueuedId = Math.max(maxQueuedId, update.update_id);
    // A redelivered update below the confirmed offset must be served again, as after a lost confirmation.
    if (update.update_id < confirmedBelow) confirmedBelow = update.update_id;
    wakePoll();
    return update;
  }

  function rememberUser(from: FakeUser) {
    users.set(from.id, from);
  }

  const api: FakeTelegramApi = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    get webhook() {
      return webhook;
    },

    user(userOptions = {}) {
      const user: FakeUser = {
        id: nextUserId++,
        first_name: userOptions.firstName ?? "Маша",
        ...(userOptions.languageCode !== null && { language_code: userOptions.languageCode ?? "ru" }),
        ...(userOptions.username && { username: userOptions.username }),
      };
      rememberUser(user);
      return user;
    },

    messageUpdate(from, text) {
      rememberUser(from);
      const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
      const message = {
        message_id: 0,
        date: now(),
        chat: privateChat(from.id),
        from: userOf(from),
        text,
        ...(command && {
          entities: [{ type: "bot_command" as const, offset: 0, length: command[0].length }],
        }),
      } as Message;
      // People's messages share the chat's message numbering with the bot's.
      const id = (nextMessageId.get(from.id) ?? 1) + 1;
      nextMessageId.set(from.id, id);
      message.message_id = id;
      return { update_id: nextUpdateId++, message } as Update;
    },

    callbackUpdate(from, data, callbackOptions = {}) {
      rememberUser(from);
      const chatMessages = messages.get(from.id);
      const message =
        (callbackOptions.messageId !== undefined
          ? chatMessages?.get(callbackOptions.messageId)
          : [...(chatMessages?.values() ?? [])].at(-1)) ??
        ({
          message_id: callbackOptions.messageId ?? 1,
          date: now(),
          chat: privateChat(from.id),
          from: botUser,
          text: "…",
        } satisfies Message);
      return {
        update_id: nextUpdateId++,
        callback_query: {
          id: `cq-${nextQueryId++}`,
          from: userOf(from),
          chat_instance: `ci-${from.id}`,
          message: structuredClone(message),
          data,
        },
      };
    },

    chatMemberUpdate(from, status) {
      rememberUser(from);
      const old = status === "kicked" ? "member" : "kicked";
      const member = (s: string) =>
        s === "kicked"
          ? { user: botUser, status: "kicked", until_date: 0 }
          : { user: botUser, status: "member" };
      return {
        update_id: nextUpdateId++,
        my_chat_member: {
          chat: privateChat(from.id),
          from: userOf(from),
          date: now(),
          old_chat_member: member(old),
          new_chat_member: member(status),
        },
      } as Update;
    },

    stickerUpdate(from) {
      rememberUser(from);
      const update = api.messageUpdate(from, "");
      const message = update.message as Message & { text?: string };
      delete message.text;
      (message as unknown as Record<string, unknown>).sticker = {
        file_id: "sticker-1",
        file_unique_id: "s1",
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      };
      return update;
    },

    enqueue,
    sendText: (from, text) => enqueue(api.messageUpdate(from, text)),
    pressButton: (from, data, pressOptions) => enqueue(api.callbackUpdate(from, data, pressOptions)),

    failNext(method, error, failOptions = {}) {
      scripted.push({
        method,
        error,
        times: failOptions.times ?? 1,
        ...(failOptions.chatId !== undefined && { chatId: String(failOptions.chatId) }),
      });
    },

    callsTo(method, predicate = () => true) {
      return calls.filter((c) => c.method === method && c.done && predicate(c));
    },

    waitForCall(method, predicate = () => true, waitOptions = {}) {
      const { timeoutMs = 5000, since = 0, pending = false } = waitOptions;
      const find = () =>
        calls.find((c) => c.seq >= since && c.method === method && (c.done || pending) && predicate(c));
      return waitFor(find, timeoutMs, () => `no ${method} call matched within ${timeoutMs} ms`);
    },

    async waitForConfirmed(waitOptions = {}) {
      const { timeoutMs = 5000 } = waitOptions;
      await waitFor(
        () => (confirmedBelow > maxQueuedId ? true : undefined),
        timeoutMs,
        () => `updates up to ${maxQueuedId} not confirmed within ${timeoutMs} ms (offset ${confirmedBelow})`,
      );
    },

    chatMessages(chatId) {
      return [...(messages.get(chatId)?.values() ?? [])].filter((m) => m.from?.id === botUser.id);
    },

    async close() {
      if (closed) return;
      closed = true;
      pendingPoll?.respond([]);
      pendingPoll = undefined;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  function waitFor<T>(find: () => T | undefined, timeoutMs: number, message: () => string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const watch = () => {
        const match = find();
        if (match === undefined) return;
        callWatchers.delete(watch);
        clearTimeout(timer);
        resolve(match);
      };
      const timer = setTimeout(() => {
        callWatchers.delete(watch);
        reject(new Error(message()));
      }, timeoutMs);
      callWatchers.add(watch);
    });
  }

  return api;
}

/**
 * Reads a multipart body as Telegram does, leniently: grammY writes a file name unquoted and in raw
 * UTF-8 (`filename=Пары.xlsx`), which Telegram accepts and undici's strict FormData parser refuses.
 */
function parseMultipart(
  body: Buffer,
  type: string,
): { name: string; filename?: string; type: string; data: Buffer }[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!match) throw new Error("multipart without a boundary");
  const delimiter = Buffer.from(`--${match[1] ?? match[2]!}`);
  const parts: { name: string; filename?: string; type: string; data: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const from = at + delimiter.length;
    if (body.subarray(from, from + 2).toString("latin1") === "--") break;
    const next = body.indexOf(delimiter, from);
    if (next === -1) throw new Error("multipart body not closed");
    // Each part sits between the CRLF after one delimiter and the CRLF before the next.
    const part = body.subarray(from + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd === -1) throw new Error("multipart part without headers");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const disposition =
      /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename=(?:"([^"]*)"|([^\r\n;]*)))?/i.exec(
        headers,
      );
    if (!disposition) throw new Error("multipart part without a name");
    const filename = disposition[2] ?? disposition[3];
    parts.push({
      name: disposition[1]!,
      ...(filename !== undefined && { filename }),
      type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? "",
      data: part.subarray(headerEnd + 4),
    });
    at = next;
  }
  return parts;
}

function asText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** Telegram sends JSON-serialised objects as form fields; plain values stay strings. */
function parseField(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}
