import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ExecuteCompileError,
  type ExecuteInnerCall,
  parseExecuteCode,
  VK_EXECUTE_CALLS_LIMIT,
} from "./vk-execute.js";

/**
 * A small VK API for end-to-end tests: a real HTTP server on 127.0.0.1 that speaks the shape of
 * https://dev.vk.com closely enough for vk-io and the channel's long poll to run unchanged against
 * it: `POST|GET /method/<name>` with form or query parameters answering `{ response }` or
 * `{ error: { error_code, error_msg } }`, VK's `execute` with the calls vk-io batches into it
 * (test/support/vk-execute.ts), and a Bots Long Poll server with VK's `ts` rules. Tests
 * inject what people do (messages, refs from community links, button presses, denying messages),
 * read every call the bot made, and script failures (901, 6, 9, 10, HTTP 5xx) for the next calls.
 *
 * VK's limits are written out here on their own, from VK's documentation, so a bug in the channel's
 * limits is caught rather than mirrored: text 4096 characters; keyboards 5 buttons a row, inline 6
 * rows and 10 buttons, otherwise 10 rows and 40 buttons; labels 40 characters; payloads 255.
 */

export interface FakeVkClientInfo {
  button_actions: string[];
  keyboard: boolean;
  inline_keyboard: boolean;
  carousel: boolean;
  lang_id: number;
}

export interface FakeVkUser {
  id: number;
  first_name: string;
  last_name: string;
  client_info: FakeVkClientInfo;
}

/** An event as VK sends it: the envelope of Bots Long Poll and the Callback API. */
export interface FakeVkEvent {
  type: string;
  event_id: string;
  v: string;
  group_id: number;
  object: Record<string, unknown>;
}

export interface RecordedVkCall {
  /** Position in the order calls arrived, from 0. */
  seq: number;
  /**
   * The method. A call that came inside VK's `execute` is recorded as if it had come alone, in its
   * place in the batch, with the execute's own parameters (v); the execute is in `requests`.
   */
  method: string;
  /** For a call made inside an `execute`: that request's index in `requests`. */
  execute?: number;
  /** Parameters as sent (form body and query), access_token left out. */
  params: Record<string, string>;
  /** False while the fake still holds the request (a long poll in progress). */
  done: boolean;
  ok: boolean;
  errorCode?: number;
  httpStatus?: number;
  result?: unknown;
}

/** One HTTP request to /method: a call made alone, or VK's `execute` carrying several. */
export interface RecordedVkRequest {
  /** Position in `requests`, from 0. */
  index: number;
  /** "execute", or the method of the one call it made. */
  method: string;
  /** The seqs (in `calls`) of the calls it carried, in order. */
  calls: number[];
  done: boolean;
  ok: boolean;
  errorCode?: number;
  httpStatus?: number;
}

export interface FakeVkButton {
  action: { type: string; label?: string; payload?: string; link?: string };
  color?: string;
}

export interface FakeVkKeyboard {
  inline?: boolean;
  one_time?: boolean;
  buttons: FakeVkButton[][];
}

/** A document the bot uploaded (docs.getMessagesUploadServer, the upload, docs.save). */
export interface FakeVkDocument {
  id: number;
  ownerId: number;
  accessKey: string;
  /** The peer the upload server was asked for: VK's message documents belong to one dialog. */
  peerId: number;
  /** The file name of the uploaded part; `title` as docs.save gave it (the name when absent). */
  fileName: string;
  title: string;
  /** The content type of the uploaded part ("" when none). */
  type: string;
  bytes: Uint8Array;
}

/** A message of the community in a dialog, after edits. */
export interface FakeVkMessage {
  peerId: number;
  conversationMessageId: number;
  messageId: number;
  text: string;
  /** Documents attached with `attachment=doc<owner>_<id>_<key>`. */
  documents?: FakeVkDocument[];
  keyboard?: FakeVkKeyboard;
  randomId: number;
  edited: boolean;
}

export type ScriptedVkError = { code: number; msg?: string } | { http: number };

export interface FakeVkApi {
  /** Pass as `apiRoot` (VK_API_ROOT): the fake serves /method/* under it. */
  readonly apiRoot: string;
  readonly token: string;
  readonly groupId: number;
  /**
   * Every call in arrival order (long poll requests recorded as method "longpoll"), each call inside
   * an `execute` on its own.
   */
  readonly calls: readonly RecordedVkCall[];
  /** Every HTTP request to /method, what VK's limit of 20 a second counts: an execute is one. */
  readonly requests: readonly RecordedVkRequest[];

  /** A person with a fresh id; Russian interface and a current client unless told. */
  user(options?: { firstName?: string; langId?: number; clientInfo?: Partial<FakeVkClientInfo> }): FakeVkUser;

  /** Builds a message_new (not queued). */
  messageNew(
    from: FakeVkUser,
    text: string,
    options?: { payload?: unknown; ref?: string; attachments?: unknown[] },
  ): FakeVkEvent;
  /** Builds a callback button press on a message (the community's latest in that dialog unless given). */
  messageEvent(from: FakeVkUser, payload: unknown, options?: { conversationMessageId?: number }): FakeVkEvent;
  /** Builds the notice that a person forbade ("message_deny") or allowed messages from the community. */
  subscription(from: FakeVkUser, type: "message_deny" | "message_allow"): FakeVkEvent;

  /** Hands an event to the long poll (also one served before: a redelivery). Returns it. */
  enqueue(event: FakeVkEvent): FakeVkEvent;
  sendText(from: FakeVkUser, text: string, options?: { ref?: string; payload?: unknown }): FakeVkEvent;
  /** VK's "Начать" button: text "Начать", payload {"command":"start"}, and the ref of the link opened. */
  pressStart(from: FakeVkUser, ref?: string): FakeVkEvent;
  pressButton(from: FakeVkUser, payload: unknown, options?: { conversationMessageId?: number }): FakeVkEvent;
  /** The person forbids messages from the community: sends fail with 901 until they allow them. */
  deny(from: FakeVkUser): FakeVkEvent;
  allow(from: FakeVkUser): FakeVkEvent;
  /** The next long poll request answers `{ failed }` (2 and 3 also replace the key). */
  failNextPoll(failed: 1 | 2 | 3): void;
  /**
   * VK drops the events kept so far, as it does after a while: a request from an older `ts` gets
   * `{ failed: 1, ts }` with the current one. Returns that current ts.
   */
  forgetHistory(): number;
  /** The ts the next event gets, as groups.getLongPollServer would answer now. */
  currentTs(): number;

  /**
   * The next `times` calls of `method` fail. With `peerId`, only calls for that peer. For
   * messages.send with peer_ids, a refusal of the recipient (18, 900, 901, 902, 917) comes as VK
   * reports it, in that peer's item, and any other error as the whole call's; `where` overrides.
   * `{ http }` answers with that HTTP status and an HTML page, as a failing front end does.
   * Inside an `execute` the call's error is VK's `false` plus an `execute_errors` entry; `{ http }`
   * and 6 (a whole request's errors) fail the execute, and every call in it is recorded with that
   * failure. `method` "execute" fails the next execute itself.
   */
  failNext(
    method: string,
    error: ScriptedVkError,
    options?: { peerId?: number; times?: number; where?: "item" | "call" },
  ): void;

  /** Answered calls of a method, in arrival order. */
  callsTo(method: string, predicate?: (call: RecordedVkCall) => boolean): RecordedVkCall[];
  /** Resolves with the first call (from `since`, a seq) matching; rejects after `timeoutMs`. */
  waitForCall(
    method: string,
    predicate?: (call: RecordedVkCall) => boolean,
    options?: { timeoutMs?: number; since?: number; pending?: boolean },
  ): Promise<RecordedVkCall>;
  /** Resolves once the bot asked the long poll past every event queued so far (it took them). */
  waitForTaken(options?: { timeoutMs?: number }): Promise<void>;
  /** The community's messages in a dialog, oldest first, after edits. */
  chatMessages(peerId: number): FakeVkMessage[];
  /** Answers to button presses (messages.sendMessageEventAnswer) by press id. */
  pressAnswers(pressId: string): RecordedVkCall[];
  /** Every document uploaded and saved, in order. */
  documents(): FakeVkDocument[];
  /** The body the Callback API would post for an event, with the community's secret. */
  callbackBody(event: FakeVkEvent | { type: "confirmation" }, secret?: string): Record<string, unknown>;

  close(): Promise<void>;
}

const TEXT_LIMIT = 4096;
const LABEL_LIMIT = 40;
const PAYLOAD_LIMIT = 255;
const PEER_IDS_LIMIT = 100;
const KEYBOARD_LIMITS = {
  inline: { rows: 6, perRow: 5, buttons: 10 },
  regular: { rows: 10, perRow: 5, buttons: 40 },
};
/** Why VK cannot deliver to one recipient (the reasons of conversation.can_write). */
const RECIPIENT_CODES = new Set([18, 900, 901, 902, 917]);
/** Errors of a whole request: scripted for a call inside an execute, they fail the execute. */
const REQUEST_CODES = new Set([6]);
const BUTTON_TYPES = new Set([
  "text",
  "callback",
  "open_link",
  "location",
  "vkpay",
  "open_app",
  "intent_subscribe",
]);
const CURRENT_CLIENT: FakeVkClientInfo = {
  button_actions: ["text", "vkpay", "open_app", "location", "open_link", "callback", "intent_subscribe"],
  keyboard: true,
  inline_keyboard: true,
  carousel: true,
  lang_id: 0,
};

class VkFailure extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
  ) {
    super(msg);
  }
}

interface PendingPoll {
  ts: number;
  respond(body: unknown): void;
}

/**
 * Fakes made in this process: each is its own community unless told (a group id of its own), since
 * the long poll stores its `ts` per group id and a second fake restarting at ts 1000 under the same id
 * would look like one community whose `ts` went backwards, which VK's never does.
 */
let fakesMade = 0;

export async function createFakeVkApi(
  options: {
    token?: string;
    groupId?: number;
    firstTs?: number;
    maxWaitMs?: number;
    firstUserId?: number;
  } = {},
): Promise<FakeVkApi> {
  const token = options.token ?? `vk1.a.${randomBytes(24).toString("hex")}`;
  const groupId = options.groupId ?? 218_000_001 + fakesMade;
  fakesMade++;
  const maxWaitMs = options.maxWaitMs ?? 25_000;

  const calls: RecordedVkCall[] = [];
  const requests: RecordedVkRequest[] = [];
  const watchers = new Set<() => void>();
  /** Long-poll events by number; `nextTs` is the number the next event gets. */
  const events: { ts: number; event: FakeVkEvent }[] = [];
  let nextTs = options.firstTs ?? 1000;
  /** The highest ts a poll request has asked from: everything below it was taken. */
  let askedFrom = 0;
  /** Events before this ts were dropped (forgetHistory): asking from earlier is `failed: 1`. */
  let historyFrom = 0;
  let key = randomBytes(16).toString("hex");
  let pollFailure: 1 | 2 | 3 | undefined;
  const pending = new Set<PendingPoll>();
  const scripted: {
    method: string;
    peerId?: number;
    error: ScriptedVkError;
    times: number;
    where: "item" | "call";
  }[] = [];
  const users = new Map<number, FakeVkUser>();
  const denied = new Set<number>();
  const dialogs = new Map<number, { nextCmid: number; messages: Map<number, FakeVkMessage> }>();
  const sentByRandomId = new Map<
    string,
    { peer_id: number; message_id: number; conversation_message_id: number }
  >();
  const presses = new Map<string, { userId: number; answered: boolean }>();
  /** Uploads not yet saved, by the `file` string the upload answered with. */
  const uploads = new Map<string, Omit<FakeVkDocument, "id" | "ownerId" | "accessKey" | "title">>();
  const documents: FakeVkDocument[] = [];
  // Several fakes in one test file may share a database: each can be given its own range of people.
  let nextUserId = options.firstUserId ?? 500_001;
  let nextMessageId = 1;
  let closed = false;

  const notify = () => {
    for (const watch of [...watchers]) watch();
  };
  const now = () => Math.floor(Date.now() / 1000);
  const eventId = () => randomBytes(20).toString("hex");

  function dialog(peerId: number) {
    let found = dialogs.get(peerId);
    if (!found) {
      found = { nextCmid: 1, messages: new Map() };
      dialogs.set(peerId, found);
    }
    return found;
  }

  function envelope(type: string, object: Record<string, unknown>): FakeVkEvent {
    return { type, event_id: eventId(), v: "5.199", group_id: groupId, object };
  }

  // ---- keyboards ---------------------------------------------------------------------------------

  function checkKeyboard(raw: string | undefined): FakeVkKeyboard | undefined {
    if (raw === undefined) return undefined;
    const invalid = (why: string) => new VkFailure(911, `Keyboard format is invalid: ${why}`);
    let keyboard: FakeVkKeyboard;
    try {
      keyboard = JSON.parse(raw) as FakeVkKeyboard;
    } catch {
      throw invalid("not JSON");
    }
    if (!Array.isArray(keyboard.buttons)) throw invalid("buttons is not an array");
    const limits = keyboard.inline ? KEYBOARD_LIMITS.inline : KEYBOARD_LIMITS.regular;
    if (keyboard.buttons.length > limits.rows) throw invalid(`more than ${limits.rows} rows`);
    let count = 0;
    for (const row of keyboard.buttons) {
      if (!Array.isArray(row) || row.length === 0) throw invalid("empty row");
      if (row.length > limits.perRow) throw invalid(`more than ${limits.perRow} buttons in a row`);
      for (const button of row) {
        count++;
        const action = button?.action;
        if (!action || !BUTTON_TYPES.has(action.type)) throw invalid("unknown action type");
        if (
          typeof action.label !== "string" ||
          action.label.length === 0 ||
          action.label.length > LABEL_LIMIT
        ) {
          throw invalid("label must be 1-40 characters");
        }
        if (action.payload !== undefined) {
          if (typeof action.payload !== "string" || action.payload.length > PAYLOAD_LIMIT) {
            throw invalid("payload must be a string of at most 255 characters");
          }
          try {
            JSON.parse(action.payload);
          } catch {
            throw invalid("payload must be JSON");
          }
        }
        if (action.type === "open_link" && !/^https?:\/\//.test(action.link ?? "")) throw invalid("link");
      }
    }
    if (count > limits.buttons) throw invalid(`more than ${limits.buttons} buttons`);
    return keyboard;
  }

  function checkText(text: string | undefined) {
    if (text === undefined || text.trim() === "")
      throw new VkFailure(100, "One of the parameters specified was missing or invalid: message is empty");
    if (text.length > TEXT_LIMIT) throw new VkFailure(914, "Message is too long");
  }

  // ---- API methods ---------------------------------------------------------------------------------

  function takeScripted(match: (rule: (typeof scripted)[number]) => boolean) {
    const rule = scripted.find(match);
    if (!rule) return undefined;
    rule.times--;
    if (rule.times <= 0) scripted.splice(scripted.indexOf(rule), 1);
    return rule;
  }

  function messagesSend(params: Record<string, string>): unknown {
    if (params.random_id === undefined) {
      throw new VkFailure(
        100,
        "One of the parameters specified was missing or invalid: random_id is undefined",
      );
    }
    const attached = attachedDocuments(params.attachment);
    if (attached.length === 0 || params.message !== undefined) checkText(params.message);
    const keyboard = checkKeyboard(params.keyboard);
    const single = params.peer_ids === undefined;
    const peers = (single ? [params.peer_id ?? ""] : params.peer_ids!.split(",")).map(Number);
    if (peers.length === 0 || peers.some((p) => !Number.isSafeInteger(p) || p === 0)) {
      throw new VkFailure(100, "One of the parameters specified was missing or invalid: peer_id");
    }
    if (peers.length > PEER_IDS_LIMIT)
      throw new VkFailure(100, "One of the parameters specified was missing or invalid: too many peer_ids");

    const items = peers.map((peerId) => {
      const rule = takeScripted(
        (r) => r.method === "messages.send" && r.peerId === peerId && r.where === "item" && !single,
      );
      if (rule && "code" in rule.error) {
        return {
          peer_id: peerId,
          message_id: 0,
          conversation_message_id: 0,
          error: { code: rule.error.code, description: rule.error.msg ?? "scripted" },
        };
      }
      if (denied.has(peerId)) {
        return {
          peer_id: peerId,
          message_id: 0,
          conversation_message_id: 0,
          error: { code: 901, description: "Can't send messages for users without permission" },
        };
      }
      const dedupe = `${peerId}:${params.random_id}`;
      const earlier = sentByRandomId.get(dedupe);
      if (earlier) return earlier;
      const chat = dialog(peerId);
      const message: FakeVkMessage = {
        peerId,
        conversationMessageId: chat.nextCmid++,
        messageId: nextMessageId++,
        text: params.message ?? "",
        ...(attached.length > 0 && { documents: attached }),
        ...(keyboard && keyboard.buttons.length > 0 && { keyboard }),
        randomId: Number(params.random_id),
        edited: false,
      };
      chat.messages.set(message.conversationMessageId, message);
      const item = {
        peer_id: peerId,
        message_id: message.messageId,
        conversation_message_id: message.conversationMessageId,
      };
      sentByRandomId.set(dedupe, item);
      return item;
    });
    if (single) {
      const [item] = items as { message_id: number; error?: { code: number; description: string } }[];
      if (item!.error) throw new VkFailure(item!.error.code, item!.error.description);
      return item!.message_id;
    }
    return items;
  }

  /** Reads `attachment`: only documents saved here, as `doc<owner>_<id>_<access key>`. */
  function attachedDocuments(attachment: string | undefined): FakeVkDocument[] {
    if (attachment === undefined || attachment === "") return [];
    return attachment.split(",").map((item) => {
      const match = /^doc(-?\d+)_(\d+)(?:_([0-9a-f]+))?$/.exec(item.trim());
      const doc = match && documents.find((d) => d.ownerId === Number(match[1]) && d.id === Number(match[2]));
      if (!doc)
        throw new VkFailure(
          100,
          `One of the parameters specified was missing or invalid: attachment ${item}`,
        );
      // Without its access key a private document is not shown to the person.
      if (match[3] !== doc.accessKey) throw new VkFailure(15, "Access denied: no access to this document");
      return doc;
    });
  }

  async function upload(req: IncomingMessage, url: URL): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const type = req.headers["content-type"] ?? "";
    if (!type.includes("multipart/form-data")) return { error: "no multipart body" };
    const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData();
    const file = form.get("file");
    if (file === null || typeof file === "string") return { error: "no file field" };
    const handle = randomBytes(12).toString("hex");
    uploads.set(handle, {
      peerId: Number(url.searchParams.get("peer_id")),
      fileName: file.name,
      type: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return { file: handle };
  }

  function messagesEdit(params: Record<string, string>): unknown {
    checkText(params.message);
    const keyboard = checkKeyboard(params.keyboard);
    const peerId = Number(params.peer_id);
    const chat = dialogs.get(peerId);
    const cmid = params.conversation_message_id ?? params.cmid;
    const message =
      cmid !== undefined
        ? chat?.messages.get(Number(cmid))
        : [...(chat?.messages.values() ?? [])].find((m) => m.messageId === Number(params.message_id));
    if (!message) {
      throw new VkFailure(
        100,
        "One of the parameters specified was missing or invalid: conversation_message_id is invalid",
      );
    }
    if (denied.has(peerId)) throw new VkFailure(901, "Can't send messages for users without permission");
    message.text = params.message!;
    if (keyboard) {
      if (keyboard.buttons.length > 0) message.keyboard = keyboard;
      else delete message.keyboard;
    }
    message.edited = true;
    return 1;
  }

  function callMethod(method: string, params: Record<string, string>): unknown {
    switch (method) {
      case "groups.getById":
        return {
          groups: [{ id: groupId, name: "Наставник (тест)", screen_name: `club${groupId}`, type: "group" }],
          profiles: [],
        };
      case "groups.getLongPollServer":
        if (Number(params.group_id) !== groupId) {
          throw new VkFailure(100, "One of the parameters specified was missing or invalid: group_id");
        }
        return { key, server: `${apiRoot}/lp/${groupId}`, ts: String(nextTs) };
      case "users.get":
        return (params.user_ids ?? "")
          .split(",")
          .map((id) => users.get(Number(id)))
          .filter((user): user is FakeVkUser => user !== undefined)
          .map((user) => ({
            id: user.id,
            first_name: user.first_name,
            last_name: user.last_name,
            can_access_closed: true,
            is_closed: false,
          }));
      case "docs.getMessagesUploadServer": {
        const peer = Number(params.peer_id);
        if (!Number.isSafeInteger(peer) || peer === 0)
          throw new VkFailure(100, "One of the parameters specified was missing or invalid: peer_id");
        if (denied.has(peer)) throw new VkFailure(901, "Can't send messages for users without permission");
        return { upload_url: `${apiRoot}/upload/doc?peer_id=${peer}` };
      }
      case "docs.save": {
        const uploaded = uploads.get(params.file ?? "");
        if (!uploaded)
          throw new VkFailure(100, "One of the parameters specified was missing or invalid: file");
        uploads.delete(params.file!);
        const doc: FakeVkDocument = {
          ...uploaded,
          id: documents.length + 1,
          ownerId: -groupId,
          accessKey: randomBytes(8).toString("hex"),
          title: params.title ?? uploaded.fileName,
        };
        documents.push(doc);
        return {
          type: "doc",
          doc: { id: doc.id, owner_id: doc.ownerId, title: doc.title, access_key: doc.accessKey },
        };
      }
      case "messages.send":
        return messagesSend(params);
      case "messages.edit":
        return messagesEdit(params);
      case "messages.sendMessageEventAnswer": {
        const press = presses.get(params.event_id ?? "");
        if (!press || press.userId !== Number(params.user_id) || press.answered) {
          throw new VkFailure(100, "One of the parameters specified was missing or invalid: event_id");
        }
        if (params.event_data !== undefined) JSON.parse(params.event_data);
        press.answered = true;
        return 1;
      }
      default:
        throw new VkFailure(3, "Unknown method passed");
    }
  }

  // ---- long poll ----------------------------------------------------------------------------------

  function ready(ts: number) {
    return events.filter((e) => e.ts >= ts);
  }

  function pollAnswer(ts: number) {
    const batch = ready(ts);
    return {
      ts: String(batch.length > 0 ? batch.at(-1)!.ts + 1 : Math.max(ts, nextTs)),
      updates: batch.map((e) => e.event),
    };
  }

  function wakePolls() {
    for (const poll of [...pending]) {
      if (ready(poll.ts).length === 0) continue;
      pending.delete(poll);
      poll.respond(pollAnswer(poll.ts));
    }
  }

  async function longPoll(url: URL, res: ServerResponse): Promise<unknown> {
    if (pollFailure !== undefined) {
      const failed = pollFailure;
      pollFailure = undefined;
      if (failed !== 1) key = randomBytes(16).toString("hex");
      return failed === 1 ? { failed, ts: String(nextTs) } : { failed };
    }
    if (url.searchParams.get("act") !== "a_check") return { failed: 2 };
    if (url.searchParams.get("key") !== key) return { failed: 2 };
    const ts = Number(url.searchParams.get("ts"));
    if (!Number.isSafeInteger(ts) || ts > nextTs || ts < historyFrom)
      return { failed: 1, ts: String(nextTs) };
    askedFrom = Math.max(askedFrom, ts);
    notify();
    const wait = Math.min(maxWaitMs, Math.max(0, Number(url.searchParams.get("wait") ?? 25)) * 1000);
    if (ready(ts).length > 0 || wait === 0 || closed) return pollAnswer(ts);
    return new Promise((resolve) => {
      const poll: PendingPoll = {
        ts,
        respond(body) {
          clearTimeout(timer);
          res.off("close", onClose);
          resolve(body);
        },
      };
      const timer = setTimeout(() => {
        pending.delete(poll);
        poll.respond(pollAnswer(ts));
      }, wait);
      const onClose = () => {
        pending.delete(poll);
        clearTimeout(timer);
        resolve(undefined);
      };
      res.on("close", onClose);
      pending.add(poll);
    });
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
    const params: Record<string, string> = {};
    for (const [name, value] of url.searchParams) params[name] = value;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const type = req.headers["content-type"] ?? "";
    if (
      body.length > 0 &&
      (type.includes("application/x-www-form-urlencoded") || type === "" || type.includes("text/plain"))
    ) {
      for (const [name, value] of new URLSearchParams(body)) params[name] = value;
    } else if (body.length > 0 && type.includes("application/json")) {
      for (const [name, value] of Object.entries(JSON.parse(body) as Record<string, unknown>))
        params[name] = String(value);
    }
    return params;
  }

  function arrive(method: string, params: Record<string, string>, execute?: number): RecordedVkCall {
    const { access_token: _token, ...recorded } = params;
    const call: RecordedVkCall = {
      seq: calls.length,
      method,
      params: recorded,
      done: false,
      ok: false,
      ...(execute !== undefined && { execute }),
    };
    calls.push(call);
    notify();
    return call;
  }

  function complete(call: RecordedVkCall, outcome: Partial<RecordedVkCall>) {
    Object.assign(call, outcome, { done: true });
    notify();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const json = (status: number, body: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    };

    if (url.pathname === `/lp/${groupId}`) {
      const call = arrive("longpoll", Object.fromEntries(url.searchParams));
      const body = await longPoll(url, res);
      complete(call, { ok: body !== undefined && !("failed" in (body as object)), result: body });
      if (body !== undefined) json(200, body);
      return;
    }

    if (url.pathname === "/upload/doc" && req.method === "POST") {
      const call = arrive("upload", Object.fromEntries(url.searchParams));
      const body = await upload(req, url);
      complete(call, { ok: !("error" in (body as object)), result: body });
      return json(200, body);
    }

    const match = /^\/method\/([A-Za-z]+\.[A-Za-z]+|execute)$/.exec(url.pathname);
    if (!match) return json(404, { error: { error_code: 3, error_msg: "Unknown method passed" } });
    const method = match[1]!;
    const params = await readParams(req, url);
    const request: RecordedVkRequest = { index: requests.length, method, calls: [], done: false, ok: false };
    requests.push(request);
    const fail = (code: number, msg: string) => {
      Object.assign(request, { ok: false, errorCode: code, done: true });
      json(200, { error: { error_code: code, error_msg: msg, request_params: [] } });
    };
    const failHttp = (status: number) => {
      Object.assign(request, { ok: false, httpStatus: status, done: true });
      res.writeHead(status, { "content-type": "text/html" }).end(`<html><body>${status}</body></html>`);
    };
    if (method === "execute") {
      if (params.access_token !== token)
        return fail(5, "User authorization failed: invalid access_token (4).");
      return execute(request, params, { json, fail, failHttp });
    }

    const call = arrive(method, params);
    request.calls.push(call.seq);
    const failCall = (outcome: Partial<RecordedVkCall>) => complete(call, { ok: false, ...outcome });
    if (params.access_token !== token) {
      failCall({ errorCode: 5 });
      return fail(5, "User authorization failed: invalid access_token (4).");
    }
    const rule = takeScripted(ruleFor(method, params));
    if (rule && "http" in rule.error) {
      failCall({ httpStatus: rule.error.http });
      return failHttp(rule.error.http);
    }
    const outcome = answer(method, params, rule);
    if ("error" in outcome) {
      failCall({ errorCode: outcome.error.code });
      return fail(outcome.error.code, outcome.error.msg);
    }
    complete(call, { ok: true, result: outcome.result });
    Object.assign(request, { ok: true, done: true });
    json(200, { response: outcome.result });
  }

  /** Whether a scripted failure applies to this call. */
  function ruleFor(method: string, params: Record<string, string>) {
    const peerId =
      params.peer_id !== undefined
        ? Number(params.peer_id)
        : params.user_id !== undefined
          ? Number(params.user_id)
          : undefined;
    const peers = params.peer_ids?.split(",").map(Number);
    // A peer's own failure of messages.send with peer_ids goes in that peer's item (messagesSend).
    return (r: (typeof scripted)[number]) =>
      r.method === method &&
      (r.peerId === undefined ||
        r.peerId === peerId ||
        (peers !== undefined && r.where === "call" && peers.includes(r.peerId)));
  }

  /** One call's outcome, alone or inside an execute: its result or VK's error. */
  function answer(
    method: string,
    params: Record<string, string>,
    rule: (typeof scripted)[number] | undefined,
  ): { result: unknown } | { error: { code: number; msg: string } } {
    if (rule && "code" in rule.error) {
      return { error: { code: rule.error.code, msg: rule.error.msg ?? "scripted failure" } };
    }
    try {
      return { result: callMethod(method, params) };
    } catch (error) {
      if (!(error instanceof VkFailure)) throw error;
      return { error: { code: error.code, msg: error.msg } };
    }
  }

  /**
   * VK's `execute` as vk-io's parallel mode uses it: each inner call is recorded and answered as if
   * it came alone; a failed one is `false` in `response` plus an `execute_errors` entry, in order.
   * What fails a whole request (an HTTP error page, 6 too many requests a second) fails the execute.
   */
  function execute(
    request: RecordedVkRequest,
    params: Record<string, string>,
    reply: {
      json(status: number, body: unknown): void;
      fail(code: number, msg: string): void;
      failHttp(status: number): void;
    },
  ) {
    let inner: ExecuteInnerCall[];
    try {
      inner = parseExecuteCode(params.code ?? "");
    } catch (error) {
      if (!(error instanceof ExecuteCompileError)) throw error;
      return reply.fail(12, error.message);
    }
    if (inner.length > VK_EXECUTE_CALLS_LIMIT) {
      return reply.fail(13, "Runtime error occurred during code invocation: too many API calls");
    }
    // The execute's own parameters (v, lang) are every inner call's, as VK reads them.
    const { code: _code, ...shared } = params;
    const arriveAll = () =>
      inner.map(({ method, params: innerParams }) => {
        const call = arrive(method, { ...shared, ...innerParams }, request.index);
        request.calls.push(call.seq);
        return call;
      });

    let whole = takeScripted((r) => r.method === "execute");
    for (const { method, params: innerParams } of inner) {
      if (whole) break;
      const match = ruleFor(method, innerParams);
      whole = takeScripted((r) => match(r) && ("http" in r.error || REQUEST_CODES.has(r.error.code)));
    }
    if (whole) {
      // Each call in it met the request's failure, as it would have met it alone.
      const outcome =
        "http" in whole.error ? { httpStatus: whole.error.http } : { errorCode: whole.error.code };
      for (const call of arriveAll()) complete(call, { ok: false, ...outcome });
      return "http" in whole.error
        ? reply.failHttp(whole.error.http)
        : reply.fail(whole.error.code, whole.error.msg ?? "scripted failure");
    }

    const response: unknown[] = [];
    const errors: { method: string; error_code: number; error_msg: string }[] = [];
    for (const call of arriveAll()) {
      const outcome = answer(call.method, call.params, takeScripted(ruleFor(call.method, call.params)));
      if ("error" in outcome) {
        complete(call, { ok: false, errorCode: outcome.error.code });
        response.push(false);
        errors.push({ method: call.method, error_code: outcome.error.code, error_msg: outcome.error.msg });
      } else {
        complete(call, { ok: true, result: outcome.result });
        response.push(outcome.result);
      }
    }
    Object.assign(request, { ok: true, done: true });
    reply.json(200, errors.length > 0 ? { response, execute_errors: errors } : { response });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // ---- the test-facing side -----------------------------------------------------------------------

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

  const api: FakeVkApi = {
    apiRoot,
    token,
    groupId,
    calls,
    requests,

    user(userOptions = {}) {
      const user: FakeVkUser = {
        id: nextUserId++,
        first_name: userOptions.firstName ?? "Маша",
        last_name: "Тестова",
        client_info: { ...CURRENT_CLIENT, lang_id: userOptions.langId ?? 0, ...userOptions.clientInfo },
      };
      users.set(user.id, user);
      return user;
    },

    messageNew(from, text, messageOptions = {}) {
      const chat = dialog(from.id);
      const payload = messageOptions.payload;
      return envelope("message_new", {
        message: {
          date: now(),
          from_id: from.id,
          id: nextMessageId++,
          out: 0,
          attachments: messageOptions.attachments ?? [],
          conversation_message_id: chat.nextCmid++,
          fwd_messages: [],
          important: false,
          is_hidden: false,
          peer_id: from.id,
          random_id: 0,
          text,
          ...(payload !== undefined && {
            payload: typeof payload === "string" ? payload : JSON.stringify(payload),
          }),
          ...(messageOptions.ref !== undefined && { ref: messageOptions.ref, ref_source: "" }),
        },
        client_info: structuredClone(from.client_info),
      });
    },

    messageEvent(from, payload, pressOptions = {}) {
      const latest = [...(dialogs.get(from.id)?.messages.values() ?? [])].at(-1);
      const pressId = randomBytes(6).toString("hex");
      presses.set(pressId, { userId: from.id, answered: false });
      return envelope("message_event", {
        user_id: from.id,
        peer_id: from.id,
        event_id: pressId,
        payload,
        conversation_message_id: pressOptions.conversationMessageId ?? latest?.conversationMessageId ?? 1,
      });
    },

    subscription(from, type) {
      return envelope(type, type === "message_allow" ? { user_id: from.id, key: "" } : { user_id: from.id });
    },

    enqueue(event) {
      events.push({ ts: nextTs++, event });
      wakePolls();
      return event;
    },

    sendText: (from, text, sendOptions = {}) => api.enqueue(api.messageNew(from, text, sendOptions)),
    pressStart: (from, ref) =>
      api.enqueue(
        api.messageNew(from, "Начать", { payload: { command: "start" }, ...(ref !== undefined && { ref }) }),
      ),
    pressButton: (from, payload, pressOptions) => api.enqueue(api.messageEvent(from, payload, pressOptions)),
    deny(from) {
      denied.add(from.id);
      return api.enqueue(api.subscription(from, "message_deny"));
    },
    allow(from) {
      denied.delete(from.id);
      return api.enqueue(api.subscription(from, "message_allow"));
    },
    failNextPoll(failed) {
      pollFailure = failed;
    },
    forgetHistory() {
      historyFrom = nextTs;
      return nextTs;
    },
    currentTs: () => nextTs,

    failNext(method, error, failOptions = {}) {
      scripted.push({
        method,
        error,
        times: failOptions.times ?? 1,
        where:
          failOptions.where ??
          (method === "messages.send" && "code" in error && RECIPIENT_CODES.has(error.code)
            ? "item"
            : "call"),
        ...(failOptions.peerId !== undefined && { peerId: failOptions.peerId }),
      });
    },

    callsTo(method, predicate = () => true) {
      return calls.filter((c) => c.method === method && c.done && predicate(c));
    },

    waitForCall(method, predicate = () => true, waitOptions = {}) {
      const { timeoutMs = 5000, since = 0, pending: includePending = false } = waitOptions;
      const find = () =>
        calls.find(
          (c) => c.seq >= since && c.method === method && (c.done || includePending) && predicate(c),
        );
      return waitFor(find, timeoutMs, () => `no ${method} call matched within ${timeoutMs} ms`);
    },

    async waitForTaken(waitOptions = {}) {
      const { timeoutMs = 5000 } = waitOptions;
      const last = events.at(-1)?.ts ?? 0;
      await waitFor(
        () => (askedFrom > last ? true : undefined),
        timeoutMs,
        () => `events up to ts ${last} not taken within ${timeoutMs} ms (asked from ${askedFrom})`,
      );
    },

    chatMessages(peerId) {
      return [...(dialogs.get(peerId)?.messages.values() ?? [])];
    },

    documents() {
      return [...documents];
    },

    pressAnswers(pressId) {
      return api.callsTo("messages.sendMessageEventAnswer", (c) => c.params.event_id === pressId);
    },

    callbackBody(event, secret) {
      const body = event.type === "confirmation" ? { type: "confirmation", group_id: groupId } : { ...event };
      return secret === undefined ? body : { ...body, secret };
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const poll of [...pending]) poll.respond({ ts: String(nextTs), updates: [] });
      pending.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The bot may keep a long poll or a keep-alive connection open: end them all.
        server.closeAllConnections();
      });
    },
  };

  return api;
}
