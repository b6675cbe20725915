import { APIError, ExecuteError } from "vk-io";
import { describe, expect, it } from "vitest";
import {
  describeVkError,
  isGoneForEdit,
  isRetryable,
  isUnreachable,
  vkErrorCode,
} from "../../src/channels/vk/errors.js";
import { ExecuteCompileError, parseExecuteCode } from "../support/vk-execute.js";

/** vk-io 4.10's getExecuteMethod/getChainReturn, as its parallel mode writes the code of an execute. */
const vkIoCall = (method: string, params: Record<string, unknown>) =>
  `API.${method}(${JSON.stringify(params, (_key, value: unknown) =>
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- exactly what vk-io does
    typeof value === "object" && value !== params ? String(value) : value,
  )})`;
const vkIoCode = (calls: string[]) => `return [${calls.join(",")}];`;

describe("the fake VK's reading of an execute", () => {
  it("takes apart vk-io's calls with awkward texts, as a form-encoded call would carry them", () => {
    const texts = [
      "скобки ) ] } и запятые , ; кавычки \" ' и обратная косая \\ ",
      'API.messages.send({"message":"вложенный"}),];',
      "перенос\nстроки\tи таб, эмодзи 😀 и \u2028",
      "{{{{",
      "}",
    ];
    const keyboard = JSON.stringify({
      inline: true,
      buttons: [[{ action: { type: "callback", label: "Да)", payload: '{"a":"]"}' } }]],
    });
    const code = vkIoCode([
      ...texts.map((message, i) =>
        vkIoCall("messages.send", {
          peer_ids: "1,2",
          random_id: 100 + i,
          message,
          dont_parse_links: 1,
          keyboard,
        }),
      ),
      vkIoCall("messages.edit", {
        peer_id: 5,
        conversation_message_id: 7,
        message: "правка",
        keep_forward_messages: true,
      }),
      vkIoCall("groups.getById", {}),
    ]);
    const calls = parseExecuteCode(code);
    expect(calls.map((c) => c.method)).toEqual([
      ...texts.map(() => "messages.send"),
      "messages.edit",
      "groups.getById",
    ]);
    for (const [i, message] of texts.entries()) {
      expect(calls[i]!.params).toEqual({
        peer_ids: "1,2",
        random_id: String(100 + i),
        message,
        dont_parse_links: "1",
        keyboard,
      });
    }
    expect(calls[texts.length]!.params).toEqual({
      peer_id: "5",
      conversation_message_id: "7",
      message: "правка",
      keep_forward_messages: "true",
    });
    expect(calls.at(-1)!.params).toEqual({});
    // The same values URLSearchParams gives vk-io's form-encoded call.
    const form = Object.fromEntries(
      new URLSearchParams(
        Object.entries({
          peer_ids: "1,2",
          random_id: 100,
          message: texts[0]!,
          dont_parse_links: 1,
          keyboard,
        }).map(([k, v]): [string, string] => [k, String(v)]),
      ),
    );
    expect(calls[0]!.params).toEqual(form);
  });

  it("reads an empty list and spaces around tokens", () => {
    expect(parseExecuteCode("return [];")).toEqual([]);
    expect(parseExecuteCode(' return [ API.users.get( {"user_ids":"1"} ) ] ; ')).toEqual([
      { method: "users.get", params: { user_ids: "1" } },
    ]);
  });

  it.each([
    ["no return", 'API.users.get({"user_ids":"1"});'],
    ["no semicolon", 'return [API.users.get({"user_ids":"1"})]'],
    ["an unclosed string", 'return [API.users.get({"user_ids":"1)]})];'],
    ["an unclosed object", 'return [API.users.get({"user_ids":"1")];'],
    ["not JSON", "return [API.users.get({user_ids:1})];"],
    ["an array instead of params", "return [API.users.get([1])];"],
    ["a missing comma", "return [API.users.get({}) API.users.get({})];"],
    ["a trailing comma", "return [API.users.get({}),];"],
    ["VKScript beyond a list of calls", "var a = API.users.get({}); return [a];"],
    ["text after the return", "return [API.users.get({})]; return 1;"],
  ])("refuses %s as VK's error 12 would", (_why, code) => {
    expect(() => parseExecuteCode(code)).toThrow(ExecuteCompileError);
  });
});

describe("VK errors of a call made inside an execute", () => {
  const inside = (code: number, msg: string, method = "messages.send") =>
    new ExecuteError({ error_code: code, error_msg: msg, method });

  it("reads like the same refusal of a call made alone", () => {
    for (const error of [
      inside(901, "Can't send messages for users without permission"),
      new APIError({ error_code: 901, error_msg: "Can't send messages", request_params: [] }),
    ]) {
      expect(vkErrorCode(error)).toBe(901);
      expect(isUnreachable(error)).toBe(true);
    }
    expect(isGoneForEdit(inside(909, "Can't edit this message, because it's too old", "messages.edit"))).toBe(
      true,
    );
    expect(
      isGoneForEdit(
        inside(
          100,
          "One of the parameters specified was missing or invalid: conversation_message_id is invalid",
          "messages.edit",
        ),
      ),
    ).toBe(true);
    expect(
      isGoneForEdit(inside(100, "One of the parameters specified was missing or invalid: peer_id")),
    ).toBe(false);
    expect(isRetryable(inside(9, "Flood control"))).toBe(true);
    expect(isRetryable(inside(10, "Internal server error"))).toBe(true);
    expect(isRetryable(inside(901, "Can't send"))).toBe(false);
  });

  it("repeats 6 when it came inside an execute (vk-io waits out only a whole request's 6)", () => {
    expect(isRetryable(inside(6, "Too many requests per second"))).toBe(true);
    expect(
      isRetryable(
        new APIError({ error_code: 6, error_msg: "Too many requests per second", request_params: [] }),
      ),
    ).toBe(false);
  });

  it("describes it with the method and without any parameters", () => {
    expect(describeVkError(inside(901, "Can't send messages"))).toEqual({
      origin: "vk",
      code: 901,
      message: "Code №901 - Can't send messages",
      method: "messages.send",
    });
  });
});
