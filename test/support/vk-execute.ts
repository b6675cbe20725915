/**
 * Reads the VKScript that vk-io's "parallel" API mode sends to VK's `execute`, for the fake VK APIs
 * (test/support/fake-vk-api.ts, bench/fake-vk-api.ts). vk-io batches queued calls because VK counts
 * one `execute` (up to 25 inner calls) as one call against a community's 20 a second; the fakes must
 * take them apart exactly as VK would, or tests would pass against a VK that does not exist.
 *
 * Only vk-io's shape is understood: `return [API.<method>(<JSON object>),...];`. Anything else is what
 * VK answers with error 12 ("Unable to compile code"), so a change in vk-io's output shows up as a
 * failing test rather than as silently lost calls.
 */

/** VK runs at most this many API calls in one execute (error 13 past it). */
export const VK_EXECUTE_CALLS_LIMIT = 25;

export interface ExecuteInnerCall {
  method: string;
  /**
   * The parameters as a form-encoded call carries them: every value a string (vk-io stringifies
   * nested objects itself, and numbers and booleans read as a form's would).
   */
  params: Record<string, string>;
}

export class ExecuteCompileError extends Error {
  constructor(why: string) {
    super(`Unable to compile code: ${why}`);
    this.name = "ExecuteCompileError";
  }
}

const METHOD = /API\.([A-Za-z]+\.[A-Za-z]+)\(/y;

/** Parses `code`; throws ExecuteCompileError when it is not vk-io's list of calls. */
export function parseExecuteCode(code: string): ExecuteInnerCall[] {
  let at = 0;
  function fail(why: string): never {
    throw new ExecuteCompileError(`${why} at ${at}`);
  }
  const skipSpace = () => {
    while (at < code.length && /\s/.test(code[at]!)) at++;
  };
  const expect = (token: string) => {
    skipSpace();
    if (!code.startsWith(token, at)) fail(`expected "${token}"`);
    at += token.length;
  };

  expect("return");
  expect("[");
  const calls: ExecuteInnerCall[] = [];
  skipSpace();
  if (code[at] === "]") {
    at++;
  } else {
    for (;;) {
      skipSpace();
      METHOD.lastIndex = at;
      const method = METHOD.exec(code);
      if (!method) fail("expected API.<section>.<method>(");
      at = METHOD.lastIndex;
      skipSpace();
      const end = objectEnd(code, at);
      if (end === undefined) fail("expected a JSON object");
      let parsed: unknown;
      try {
        parsed = JSON.parse(code.slice(at, end));
      } catch {
        fail("invalid JSON");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) fail("expected an object");
      at = end;
      expect(")");
      calls.push({ method: method[1]!, params: formParams(parsed as Record<string, unknown>) });
      skipSpace();
      if (code[at] === ",") {
        at++;
        continue;
      }
      if (code[at] === "]") {
        at++;
        break;
      }
      fail('expected "," or "]"');
    }
  }
  expect(";");
  skipSpace();
  if (at !== code.length) fail("unexpected text after the return");
  return calls;
}

/**
 * The index just past the JSON object starting at `start` (a "{"), counting braces outside JSON
 * strings only, so a text holding "}", ")", "]" or an escaped quote does not end it early.
 */
function objectEnd(code: string, start: number): number | undefined {
  if (code[start] !== "{") return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < code.length; i++) {
    const char = code[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) return char === "}" ? i + 1 : undefined;
      if (depth < 0) return undefined;
    }
  }
  return undefined;
}

/** As URLSearchParams would carry them: null as "null", numbers and booleans as their text. */
function formParams(object: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(object)) params[name] = String(value);
  return params;
}
