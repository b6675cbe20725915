import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small MAX Bot API for end-to-end tests: a real HTTP server on 127.0.0.1 that speaks the shape of
 * https://dev.max.ru/docs-api closely enough for @maxhub/max-bot-api's client to run unchanged
 * against it: the token in the Authorization header (401 `verify.token` otherwise), JSON bodies,
 * errors as `{ code, message }` with the HTTP status. GET /updates is a long poll with MAX's marker:
 * a request carrying a marker confirms every update before it, one without gets everything not yet
 * confirmed. Tests inject what people do (messages, «Начать» through a deep link, presses, stopping
 * the bot), read every call the bot made, and script failures for the next calls.
 *
 * Files go as the package's upload helper sends them: POST /uploads?type=file answers an address on
 * this server and no token (the package takes the token from the upload's answer then); a multipart
 * POST there with the bytes in field `data` answers `{ token }`; a message attaches
 * `{ type: "file", payload: { token } }`, an unknown token refused. The upload address asks for no
 * Authorization header (the package sends none there), is recorded as "POST /upload" with the file's
 * name, type and size in its body, and takes failNext("POST /upload", …).
 *
 * MAX's limits are written out here on their own, from its documentation, so a bug in the channel's
 * limits is caught rather than mirrored: text 4000 characters; an inline keyboard 7 buttons a row (3
 * with a link button), 30 rows; a callback payload 1024 characters.
 */

export interface FakeMaxUser {
  user_id: number;
  first_name: string;
  /** The dialog's chat id: MAX's dialogs have ids of their own, unlike Telegram's private chats. */
  chatId: number;
  locale?: string;
}

export interface RecordedMaxCall {
  seq: number;
  /** When it arrived (epoch ms). */
  at: number;
  /** "POST /messages", "GET /updates", ... */
  method: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** False while the fake still holds the request (a long poll in progress). */
  done: boolean;
  ok: boolean;
  status?: number;
  result?: unknown;
}

export interface FakeMaxButton {
  type: string;
  text: string;
  payload?: string;
  url?: string;
}

/** A file uploaded to the fake, as it received it. */
export interface FakeMaxFile {
  token: string;
  fileName: string;
  mimeType: string;
  size: number;
  bytes: Uint8Array;
}

/** A bot message in a dialog, after edits. */
export interface FakeMaxMessage {
  mid: string;
  chatId: number;
  text: string;
  buttons?: FakeMaxButton[][];
  /** Files attached when it was sent. */
  files?: FakeMaxFile[];
  edited: boolean;
}

export interface ScriptedMaxError {
  status: number;
  code?: string;
  message?: string;
}

export interface FakeMaxApi {
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: { user_id: number; first_name: string; username: string; is_bot: true };
  readonly calls: readonly RecordedMaxCall[];
  /** Webhook subscriptions as the bot made them. */
  readonly subscriptions: readonly { url: string; secret?: string; update_types?: string[] }[];
  /** Answers to presses (POST /answers), in order. */
  readonly answers: readonly { callbackId: string; body: Record<string, unknown> }[];

  user(options?: { firstName?: string; locale?: string }): FakeMaxUser;
  messageCreated(from: FakeMaxUser, text: string): Record<string, unknown>;
  /** «Начать», with the deep link's start payload when given. */
  botStarted(from: FakeMaxUser, payload?: string): Record<string, unknown>;
  botStopped(from: FakeMaxUser): Record<string, unknown>;
  /** A press of a callback button on a bot message (the newest in the dialog unless given). */
  callback(from: FakeMaxUser, payload: string, options?: { mid?: string }): Record<string, unknown>;
  /** A message in a group chat (not a dialog). */
  groupMessage(from: FakeMaxUser, text: string): Record<string, unknown>;

  /** Queues an update for GET /updates (also one served before: a redelivery). Returns it. */
  enqueue(update: Record<string, unknown>): Record<string, unknown>;
  /** The next `times` calls of `method` ("POST /messages"; to `chatId` when given) fail so. */
  failNext(method: string, error: ScriptedMaxError, options?: { chatId?: number; times?: number }): void;
  /**
   * The first `times` sends attaching the file `token` (the next file uploaded when no token is given)
   * are refused with 400 `attachment.not.ready`, as MAX does while it processes a file.
   */
  fileNotReady(times: number, token?: string): void;
  /** Every file uploaded, in order. */
  files(): FakeMaxFile[];

  callsTo(method: string, predicate?: (call: RecordedMaxCall) => boolean): RecordedMaxCall[];
  waitForCall(
    method: string,
    predicate?: (call: RecordedMaxCall) => boolean,
    options?: { timeoutMs?: number; since?: number; pending?: boolean },
  ): Promise<RecordedMaxCall>;
  /** Resolves once a later GET /updates confirmed every update queued so far. */
  waitForConfirmed(options?: { timeoutMs?: number }): Promise<void>;
  chatMessages(chatId: number): FakeMaxMessage[];
  close(): Promise<void>;
}

const TEXT_LIMIT = 4000;
const ROW_LIMIT = 7;
const LINK_ROW_LIMIT = 3;
const ROWS_LIMIT = 30;
const PAYLOAD_LIMIT = 1024;

let fakeBots = 0;

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function createFakeMaxApi(
  options: { token?: string; username?: string; firstUserId?: number; port?: number } = {},
): Promise<FakeMaxApi> {
  const token = options.token ?? "fake-max-token-0123456789abcdef";
  // A bot of its own per fake: the marker is stored per bot, and tests share one database.
  const botInfo = {
    user_id: 7_000_000 + ++fakeBots,
    first_name: "Наставник (тест)",
    username: options.username ?? "nastavnik_test_bot",
    is_bot: true as const,
  };
  const calls: RecordedMaxCall[] = [];
  const watchers = new Set<() => void>();
  /** Updates with their position; MAX's marker is the position of the next one to read. */
  const queue: { position: number; update: Record<string, unknown> }[] = [];
  let nextPosition = 1;
  let confirmedBelow = 0;
  let pendingPoll: (() => void) | undefined;
  let closed = false;
  let nextUserId = options.firstUserId ?? 50_001;
  // Ids unique across fakes, as MAX's are: tests share one database and its update ledger.
  const idPrefix = randomBytes(4).toString("hex");
  let nextMid = 1;
  let nextCallback = 1;
  let clock = Date.now();
  const subscriptions: { url: string; secret?: string; update_types?: string[] }[] = [];
  const answers: { callbackId: string; body: Record<string, unknown> }[] = [];
  const scripted: { method: string; chatId?: number; error: ScriptedMaxError; times: number }[] = [];
  const users = new Map<number, FakeMaxUser>();
  const messages = new Map<string, FakeMaxMessage>();
  const uploads = new Map<string, FakeMaxFile>();
  /** Upload addresses handed out and not used yet. */
  const uploadSlots = new Set<string>();
  let nextUpload = 1;
  /** Sends still to refuse per file token; `nextNotReady` is for the next file uploaded. */
  const notReady = new Map<string, number>();
  let nextNotReady = 0;
  // Every update gets its own millisecond, as two real events of one person would.
  const now = () => (clock = Math.max(clock + 1, Date.now()));

  const notify = () => {
    for (const watch of [...watchers]) watch();
  };

  const userOf = (from: FakeMaxUser) => ({
    user_id: from.user_id,
    first_name: from.first_name,
    name: from.first_name,
    username: null,
    is_bot: false,
    last_activity_time: now(),
  });
  const botUser = { ...botInfo, name: botInfo.first_name, last_activity_time: 0 };

  function messageObject(message: FakeMaxMessage, fromBot: boolean, from?: FakeMaxUser) {
    return {
      sender: fromBot ? botUser : userOf(from!),
      recipient: {
        chat_id: message.chatId,
        chat_type: "dialog",
        user_id: fromBot ? from?.user_id : botInfo.user_id,
      },
      timestamp: now(),
      body: {
        mid: message.mid,
        seq: 0,
        text: message.text,
        ...((message.buttons || message.files) && {
          attachments: [
            ...(message.files ?? []).map((file) => ({
              type: "file",
              filename: file.fileName,
              size: file.size,
              payload: { token: file.token, url: `${fake.apiRoot}/files/${file.token}` },
            })),
            ...(message.buttons ? [{ type: "inline_keyboard", payload: { buttons: message.buttons } }] : []),
          ],
        }),
      },
    };
  }

  function readButtons(attachments: unknown): FakeMaxButton[][] | undefined {
    if (!Array.isArray(attachments)) return undefined;
    const keyboard = (attachments as { type?: string; payload?: { buttons?: FakeMaxButton[][] } }[]).find(
      (a) => a.type === "inline_keyboard",
    );
    if (!keyboard) return undefined;
    const rows = keyboard.payload?.buttons ?? [];
    if (rows.length > ROWS_LIMIT) throw new ApiFailure(400, "proto.payload", "too many rows");
    for (const row of rows) {
      const limit = row.some((b) => b.type === "link") ? LINK_ROW_LIMIT : ROW_LIMIT;
      if (row.length > limit) throw new ApiFailure(400, "proto.payload", "too many buttons in a row");
      for (const button of row) {
        if (button.type === "callback" && (!button.payload || button.payload.length > PAYLOAD_LIMIT))
          throw new ApiFailure(400, "proto.payload", "invalid callback payload");
      }
    }
    return rows;
  }

  /** The files a message attaches; an unknown token or a file still "processing" is refused. */
  function readFiles(attachments: unknown): FakeMaxFile[] | undefined {
    if (!Array.isArray(attachments)) return undefined;
    const requested = (attachments as { type?: string; payload?: { token?: unknown } }[]).filter(
      (a) => a.type === "file",
    );
    if (requested.length === 0) return undefined;
    const files = requested.map((a) => {
      const file = typeof a.payload?.token === "string" ? uploads.get(a.payload.token) : undefined;
      if (!file) throw new ApiFailure(400, "proto.payload", "attachment: invalid file token");
      return file;
    });
    for (const file of files) {
      const left = notReady.get(file.token) ?? 0;
      if (left > 0) {
        notReady.set(file.token, left - 1);
        throw new ApiFailure(
          400,
          "attachment.not.ready",
          "Key: errors.process.attachment.file.not.processed",
        );
      }
    }
    return files;
  }

  async function upload(req: IncomingMessage, url: URL, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const call: RecordedMaxCall = {
      seq: calls.length,
      at: Date.now(),
      method: "POST /upload",
      query: Object.fromEntries(url.searchParams),
      body: {},
      headers: req.headers,
      done: false,
      ok: false,
    };
    calls.push(call);
    const finish = (status: number, payload: unknown) => {
      call.done = true;
      call.status = status;
      call.ok = status === 200;
      if (call.ok) call.result = payload;
      notify();
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    };
    const rule = scripted.find((r) => r.method === "POST /upload");
    if (rule) {
      rule.times--;
      if (rule.times <= 0) scripted.splice(scripted.indexOf(rule), 1);
      return finish(rule.error.status, {
        code: rule.error.code ?? "error",
        message: rule.error.message ?? `scripted ${rule.error.status}`,
      });
    }
    const slot = url.searchParams.get("id") ?? "";
    if (!uploadSlots.has(slot)) return finish(404, { code: "not.found", message: "upload url unknown" });
    const type = req.headers["content-type"] ?? "";
    if (!type.includes("multipart/form-data"))
      return finish(400, { code: "proto.payload", message: "multipart/form-data expected" });
    const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData();
    const data = form.get("data");
    if (data === null || typeof data === "string")
      return finish(400, { code: "proto.payload", message: "no file in field data" });
    uploadSlots.delete(slot);
    const bytes = new Uint8Array(await data.arrayBuffer());
    const file: FakeMaxFile = {
      token: `file.${idPrefix}.${randomBytes(8).toString("hex")}`,
      fileName: data.name,
      mimeType: data.type,
      size: bytes.length,
      bytes,
    };
    uploads.set(file.token, file);
    if (nextNotReady > 0) {
      notReady.set(file.token, nextNotReady);
      nextNotReady = 0;
    }
    call.body = { fileName: file.fileName, mimeType: file.mimeType, size: file.size };
    finish(200, { token: file.token });
  }

  function checkText(text: unknown) {
    if (typeof text !== "string" || text.trim() === "")
      throw new ApiFailure(400, "proto.payload", "text: must not be empty");
    if (text.length > TEXT_LIMIT)
      throw new ApiFailure(400, "proto.payload", `text: size must be between 0 and ${TEXT_LIMIT}`);
  }

  function ready() {
    return queue.filter((item) => item.position >= confirmedBelow);
  }

  async function getUpdates(query: Record<string, string>, res: ServerResponse) {
    if (subscriptions.length > 0) return { updates: [], marker: confirmedBelow || nextPosition };
    if (query.marker !== undefined) {
      confirmedBelow = Math.max(confirmedBelow, Number(query.marker));
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.position < confirmedBelow) queue.splice(i, 1);
      notify();
    }
    const limit = Math.min(1000, Math.max(1, Number(query.limit ?? 100)));
    const timeout = Math.min(90, Math.max(0, Number(query.timeout ?? 30)));
    const answer = () => {
      const batch = ready().slice(0, limit);
      const marker = batch.length > 0 ? batch.at(-1)!.position + 1 : Math.max(confirmedBelow, 1);
      return { updates: batch.map((item) => item.update), marker };
    };
    if (ready().length > 0 || timeout === 0 || closed) return answer();
    pendingPoll?.();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        res.off("close", finish);
        if (pendingPoll === finish) pendingPoll = undefined;
        resolve(answer());
      };
      const timer = setTimeout(finish, timeout * 1000);
      res.on("close", finish);
      pendingPoll = finish;
    });
  }

  async function route(
    method: string,
    query: Record<string, string>,
    body: Record<string, unknown>,
    res: ServerResponse,
  ): Promise<unknown> {
    switch (method) {
      case "GET /me":
        return { ...botUser, description: null };
      case "PATCH /me/commands":
        return { commands: body.commands ?? [] };
      case "GET /updates":
        return getUpdates(query, res);
      case "GET /subscriptions":
        return {
          subscriptions: subscriptions.map((s) => ({
            url: s.url,
            time: 0,
            update_types: s.update_types ?? [],
          })),
        };
      case "POST /subscriptions": {
        const url = typeof body.url === "string" ? body.url : "";
        if (!url.startsWith("https://")) throw new ApiFailure(400, "proto.payload", "url must be https");
        const index = subscriptions.findIndex((s) => s.url === url);
        if (index >= 0) subscriptions.splice(index, 1);
        subscriptions.push({
          url,
          ...(typeof body.secret === "string" && { secret: body.secret }),
          ...(Array.isArray(body.update_types) && { update_types: body.update_types as string[] }),
        });
        return { success: true };
      }
      case "DELETE /subscriptions": {
        const index = subscriptions.findIndex((s) => s.url === query.url);
        if (index >= 0) subscriptions.splice(index, 1);
        return { success: true };
      }
      case "POST /uploads": {
        if (!["image", "video", "audio", "file"].includes(query.type ?? ""))
          throw new ApiFailure(400, "proto.payload", "type: must be image, video, audio or file");
        // Only files are uploaded by the bot; MAX gives no token for them until the upload answers.
        if (query.type !== "file") throw new ApiFailure(400, "proto.payload", "the fake takes files only");
        const slot = String(nextUpload++);
        uploadSlots.add(slot);
        return { url: `${fake.apiRoot}/upload?id=${slot}` };
      }
      case "POST /messages": {
        const chatId = Number(query.chat_id);
        if (!Number.isSafeInteger(chatId)) throw new ApiFailure(400, "proto.payload", "chat_id required");
        checkText(body.text);
        const buttons = readButtons(body.attachments);
        const files = readFiles(body.attachments);
        const message: FakeMaxMessage = {
          mid: `mid.${idPrefix}${(nextMid++).toString(16).padStart(8, "0")}`,
          chatId,
          text: String(body.text),
          ...(buttons && { buttons }),
          ...(files && { files }),
          edited: false,
        };
        messages.set(message.mid, message);
        return {
          message: messageObject(
            message,
            true,
            [...users.values()].find((u) => u.chatId === chatId),
          ),
        };
      }
      case "PUT /messages": {
        const message = messages.get(query.message_id ?? "");
        if (!message) throw new ApiFailure(404, "not.found", "Message not found");
        checkText(body.text);
        const buttons = readButtons(body.attachments);
        message.text = String(body.text);
        // An empty list removes the attachments; leaving it out keeps them.
        if (Array.isArray(body.attachments)) {
          if (buttons) message.buttons = buttons;
          else delete message.buttons;
        }
        message.edited = true;
        return { success: true };
      }
      case "POST /answers": {
        if (!query.callback_id) throw new ApiFailure(400, "proto.payload", "callback_id required");
        answers.push({ callbackId: query.callback_id, body });
        return { success: true };
      }
      default:
        throw new ApiFailure(404, "not.found", `Path ${method} not found`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = `${req.method} ${url.pathname}`;
    // The upload address is MAX's signed one: no token, and a multipart body rather than JSON.
    if (method === "POST /upload") return upload(req, url, res);
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, payload: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    };
    let body: Record<string, unknown> = {};
    try {
      if (chunks.length > 0)
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    } catch {
      return send(400, { code: "proto.payload", message: "cannot parse body" });
    }
    const call: RecordedMaxCall = {
      seq: calls.length,
      at: Date.now(),
      method,
      query,
      body,
      headers: req.headers,
      done: false,
      ok: false,
    };
    calls.push(call);
    notify();
    const finish = (status: number, payload: unknown) => {
      call.done = true;
      call.status = status;
      call.ok = status === 200;
      if (call.ok) call.result = payload;
      notify();
      send(status, payload);
    };
    if (req.headers.authorization !== token) {
      return finish(401, { code: "verify.token", message: "Invalid access_token" });
    }
    const chatId = query.chat_id === undefined ? undefined : Number(query.chat_id);
    const rule = scripted.find((r) => r.method === method && (r.chatId === undefined || r.chatId === chatId));
    if (rule) {
      rule.times--;
      if (rule.times <= 0) scripted.splice(scripted.indexOf(rule), 1);
      return finish(rule.error.status, {
        code: rule.error.code ?? "error",
        message: rule.error.message ?? `scripted ${rule.error.status}`,
      });
    }
    try {
      finish(200, await route(method, query, body, res));
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      finish(error.status, { code: error.code, message: error.message });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        res.writeHead(500).end(JSON.stringify({ code: "internal", message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  function waitFor<T>(find: () => T | undefined, timeoutMs: number, message: () => string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const watch = () => {
        const match = find();
        if (match === undefined) return;
        watchers.delete(watch);
        clearTimeout(timer);
        resolve(match);
      };
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(message()));
      }, timeoutMs);
      watchers.add(watch);
    });
  }

  const fake: FakeMaxApi = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    subscriptions,
    answers,

    user(userOptions = {}) {
      const id = nextUserId++;
      const user: FakeMaxUser = {
        user_id: id,
        first_name: userOptions.firstName ?? "Маша",
        chatId: id + 900_000_000,
        ...(userOptions.locale !== undefined && { locale: userOptions.locale }),
      };
      users.set(id, user);
      return user;
    },

    messageCreated(from, text) {
      const mid = `mid.${idPrefix}${(nextMid++).toString(16).padStart(8, "0")}`;
      return {
        update_type: "message_created",
        timestamp: now(),
        message: {
          sender: userOf(from),
          recipient: { chat_id: from.chatId, chat_type: "dialog", user_id: botInfo.user_id },
          timestamp: now(),
          body: { mid, seq: 0, text },
        },
        ...(from.locale && { user_locale: from.locale }),
      };
    },

    botStarted(from, payload) {
      return {
        update_type: "bot_started",
        timestamp: now(),
        chat_id: from.chatId,
        user: userOf(from),
        ...(payload !== undefined && { payload }),
        ...(from.locale && { user_locale: from.locale }),
      };
    },

    botStopped(from) {
      return { update_type: "bot_stopped", timestamp: now(), chat_id: from.chatId, user: userOf(from) };
    },

    callback(from, payload, callbackOptions = {}) {
      const mid = callbackOptions.mid ?? fake.chatMessages(from.chatId).at(-1)?.mid;
      const message = mid ? messages.get(mid) : undefined;
      return {
        update_type: "message_callback",
        timestamp: now(),
        callback: {
          timestamp: now(),
          callback_id: `cb-${idPrefix}-${nextCallback++}`,
          payload,
          user: userOf(from),
        },
        ...(message && { message: messageObject(message, true, from) }),
        ...(from.locale && { user_locale: from.locale }),
      };
    },

    groupMessage(from, text) {
      const update = fake.messageCreated(from, text) as { message: { recipient: Record<string, unknown> } };
      update.message.recipient = { chat_id: -from.chatId, chat_type: "chat", user_id: null };
      return update;
    },

    enqueue(update) {
      // The same update queued again is a redelivery: MAX serves it once more, after the others.
      queue.push({ position: nextPosition++, update });
      pendingPoll?.();
      return update;
    },

    failNext(method, error, failOptions = {}) {
      scripted.push({
        method,
        error,
        times: failOptions.times ?? 1,
        ...(failOptions.chatId !== undefined && { chatId: failOptions.chatId }),
      });
    },

    fileNotReady(times, token) {
      if (token === undefined) nextNotReady = times;
      else notReady.set(token, times);
    },

    files() {
      return [...uploads.values()];
    },

    callsTo(method, predicate = () => true) {
      return calls.filter((c) => c.method === method && c.done && predicate(c));
    },

    waitForCall(method, predicate = () => true, waitOptions = {}) {
      const { timeoutMs = 5000, since = 0, pending = false } = waitOptions;
      return waitFor(
        () => calls.find((c) => c.seq >= since && c.method === method && (c.done || pending) && predicate(c)),
        timeoutMs,
        () => `no ${method} call matched within ${timeoutMs} ms`,
      );
    },

    async waitForConfirmed(waitOptions = {}) {
      const { timeoutMs = 5000 } = waitOptions;
      const last = nextPosition - 1;
      await waitFor(
        () => (confirmedBelow > last ? true : undefined),
        timeoutMs,
        () => `updates up to ${last} not confirmed within ${timeoutMs} ms (marker ${confirmedBelow})`,
      );
    },

    chatMessages(chatId) {
      return [...messages.values()].filter((m) => m.chatId === chatId);
    },

    async close() {
      if (closed) return;
      closed = true;
      pendingPoll?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
