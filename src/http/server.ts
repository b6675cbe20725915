import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logging/logger.js";

/** Node's own request handler shape, so grammY's `webhookCallback(bot, "http")` mounts as it is. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A check's answer with the reason it fails: shown by /readyz, so no secrets and no personal data. */
export interface ReadinessResult {
  ok: boolean;
  reason?: string;
}

/** One thing /readyz asks; false (or a throw, or no answer in time) means "send no traffic here". */
export type ReadinessCheck = () => boolean | ReadinessResult | Promise<boolean | ReadinessResult>;

export interface HttpServerOptions {
  logger: Logger;
  /** Named checks, all of which must pass for /readyz to answer 200 (e.g. database, accepting). */
  readiness: Record<string, ReadinessCheck>;
  /** How long one readiness check may take; a database that hangs is as unready as one that fails. */
  checkTimeoutMs?: number;
}

export interface HttpServer {
  /**
   * Mounts a handler at an exact path (any method; the handler decides), e.g. a messenger's webhook.
   * Routes may be added before or after `listen`. A path taken twice is a bug and throws.
   */
  route(path: string, handler: RequestHandler): void;
  /** Adds a named /readyz check, e.g. one per channel once it is built. A name taken twice throws. */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting connections, lets in-flight requests finish, then drops idle keep-alive sockets. */
  close(): Promise<void>;
}

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";

/**
 * The service's single HTTP port: liveness and readiness for the orchestrator, plus whatever webhook
 * routes the channels mount, so a deployment opens one port and one load balancer target.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  const readiness: Record<string, ReadinessCheck> = { ...options.readiness };
  const routes = new Map<string, RequestHandler>([
    [HEALTH_PATH, healthHandler],
    [READY_PATH, readyHandler],
  ]);
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const server = createServer((request, response) => {
    inFlight += 1;
    response.once("close", () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
    void dispatch(request, response);
  });

  async function dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    const handler = path === undefined ? undefined : routes.get(path);
    if (!handler) {
      sendJson(response, 404, { status: "not-found" });
      return;
    }
    try {
      await handler(request, response);
    } catch (error) {
      // The path only: a webhook body holds what people wrote.
      logger.error({ err: error, method: request.method, path }, "HTTP handler failed");
      if (!response.headersSent) sendJson(response, 500, { status: "error" });
      else response.destroy();
    }
  }

  function healthHandler(request: IncomingMessage, response: ServerResponse): void {
    if (!allowRead(request, response)) return;
    // Liveness: the event loop answers. Deliberately no database check, so an outage does not get
    // every instance restarted at once; readiness covers that.
    sendJson(response, 200, { status: "ok" });
  }

  async function readyHandler(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowRead(request, response)) return;
    const names = Object.keys(readiness);
    const results = await Promise.all(names.map((name) => runCheck(readiness[name]!, checkTimeoutMs)));
    const checks = Object.fromEntries(
      names.map((name, index) => [name, results[index]!.ok ? "ok" : "failing"]),
    );
    const reasons = Object.fromEntries(
      names.flatMap((name, index) => {
        const result = results[index]!;
        return !result.ok && result.reason ? [[name, result.reason]] : [];
      }),
    );
    const ready = results.every((result) => result.ok);
    const explained = Object.keys(reasons).length > 0 ? { reasons } : {};
    if (!ready) logger.warn({ checks, ...explained }, "not ready");
    sendJson(response, ready ? 200 : 503, { status: ready ? "ready" : "not-ready", checks, ...explained });
  }

  return {
    route(path, handler) {
      if (!path.startsWith("/")) throw new Error(`HTTP route must start with "/": ${path}`);
      if (routes.has(path)) throw new Error(`HTTP route ${path} is already taken`);
      routes.set(path, handler);
    },

    addReadinessCheck(name, check) {
      if (name in readiness) throw new Error(`readiness check ${name} is already registered`);
      readiness[name] = check;
    },

    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port, host }, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },

    async close() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      // Keep-alive sockets whose requests just finished would hold close() open until they time out.
      server.closeAllConnections();
      await closed;
    },
  };
}

function pathOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? "/", "http://localhost").pathname;
  } catch {
    return undefined;
  }
}

function allowRead(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  response.setHeader("Allow", "GET, HEAD");
  sendJson(response, 405, { status: "method-not-allowed" });
  return false;
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), timeoutMs);
  });
  try {
    const answer = Promise.resolve()
      .then(check)
      .then((result) => (typeof result === "boolean" ? { ok: result } : result));
    return await Promise.race([answer, timeout]);
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
  });
  response.end(json);
}
