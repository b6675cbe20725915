import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { createHttpServer, type HttpServer } from "../../src/http/server.js";
import { createShutdown } from "../../src/lifecycle/shutdown.js";
import { createLogger } from "../../src/logging/logger.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

function captureLogger() {
  const raw: string[] = [];
  const logger = createLogger(createConfig({ LOG_LEVEL: "debug" }), {
    destination: { write: (line: string) => void raw.push(line) },
  });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

interface Reply {
  status: number;
  headers: Headers;
  body: string;
}

async function call(port: number, path: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const json = (reply: Reply) => JSON.parse(reply.body) as unknown;

/** A promise with its resolver outside, to hold a handler or a shutdown step open on purpose. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("HTTP server with a live database", () => {
  let database: TestDatabase;
  let server: HttpServer;
  let port: number;
  const log = captureLogger();
  const shutdown = createShutdown({ logger: log.logger, exit: () => {} });

  beforeAll(async () => {
    database = await createTestDatabase();
    server = createHttpServer({
      logger: log.logger,
      readiness: { accepting: () => !shutdown.signal.aborted, database: () => database.ping() },
    });
    port = await server.listen(0, "127.0.0.1");
  });

  afterAll(async () => {
    await server.close();
    await database.close();
  });

  it("/healthz answers 200 JSON, uncached", async () => {
    const reply = await call(port, "/healthz");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(reply.headers.get("cache-control")).toBe("no-store");
    expect(json(reply)).toEqual({ status: "ok" });
  });

  it("/healthz answers HEAD without a body and refuses POST with 405", async () => {
    const head = await call(port, "/healthz", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    const post = await call(port, "/healthz", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("/readyz answers 200 when the database takes queries", async () => {
    const reply = await call(port, "/readyz");
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({ status: "ready", checks: { accepting: "ok", database: "ok" } });
  });

  it("ignores the query string when matching paths", async () => {
    expect((await call(port, "/readyz?probe=lb")).status).toBe(200);
  });

  it("answers 404 JSON for an unknown path", async () => {
    const reply = await call(port, "/webhooks/unknown");
    expect(reply.status).toBe(404);
    expect(json(reply)).toEqual({ status: "not-found" });
  });

  it("serves a mounted route (a webhook) on the same port, with the request body", async () => {
    server.route("/webhooks/echo", async (request, response) => {
      let body = "";
      for await (const chunk of request) body += String(chunk);
      response.writeHead(200, { "Content-Type": "text/plain" });
      response.end(`${request.method} ${body}`);
    });
    const reply = await call(port, "/webhooks/echo", { method: "POST", body: '{"update_id":1}' });
    expect(reply).toMatchObject({ status: 200, body: 'POST {"update_id":1}' });
  });

  it("refuses a path taken twice, or one taken by the health checks", () => {
    server.route("/webhooks/once", (_request, response) => void response.end());
    expect(() => server.route("/webhooks/once", () => {})).toThrow(/already taken/);
    expect(() => server.route("/healthz", () => {})).toThrow(/already taken/);
    expect(() => server.route("webhooks/no-slash", () => {})).toThrow(/must start with/);
  });

  it("turns a throwing handler into a 500, logs the path (not the body), and keeps serving", async () => {
    server.route("/webhooks/broken", () => {
      throw new Error("handler bug");
    });
    const reply = await call(port, "/webhooks/broken", { method: "POST", body: "Маша: привет" });
    expect(reply.status).toBe(500);
    expect(json(reply)).toEqual({ status: "error" });
    const logged = log.lines().find((line) => line.msg === "HTTP handler failed");
    expect(logged).toMatchObject({ level: "error", path: "/webhooks/broken", method: "POST" });
    expect(JSON.stringify(log.lines())).not.toContain("привет");
    expect((await call(port, "/healthz")).status).toBe(200);
  });

  it("/readyz answers 503 once shutdown has begun, while /healthz stays 200", async () => {
    const held = gate();
    shutdown.defer("held open by the test", () => held.opened);
    const running = shutdown.run("test");
    try {
      const reply = await call(port, "/readyz");
      expect(reply.status).toBe(503);
      expect(json(reply)).toEqual({ status: "not-ready", checks: { accepting: "failing", database: "ok" } });
      expect((await call(port, "/healthz")).status).toBe(200);
    } finally {
      held.open();
    }
    expect(await running).toBe(0);
  });
});

describe("HTTP server readiness without a database", () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("/readyz answers 503 after the database is closed", async () => {
    const database = await createTestDatabase({ migrate: false });
    server = createHttpServer({
      logger: captureLogger().logger,
      readiness: { database: () => database.ping() },
    });
    const port = await server.listen(0, "127.0.0.1");
    expect((await call(port, "/readyz")).status).toBe(200);
    await database.close();
    const reply = await call(port, "/readyz");
    expect(reply.status).toBe(503);
    expect(json(reply)).toEqual({ status: "not-ready", checks: { database: "failing" } });
  });

  it("/readyz answers 503 when a check throws or does not answer in time", async () => {
    server = createHttpServer({
      logger: captureLogger().logger,
      readiness: {
        throws: () => {
          throw new Error("no connection");
        },
        hangs: () => new Promise<boolean>(() => {}),
        fine: () => true,
      },
      checkTimeoutMs: 50,
    });
    const port = await server.listen(0, "127.0.0.1");
    const reply = await call(port, "/readyz");
    expect(reply.status).toBe(503);
    expect(json(reply)).toEqual({
      status: "not-ready",
      checks: { throws: "failing", hangs: "failing", fine: "ok" },
    });
  });
});

describe("HTTP server close", () => {
  it("lets an in-flight request finish, then stops listening", async () => {
    const server = createHttpServer({ logger: captureLogger().logger, readiness: {} });
    const inHandler = gate();
    const release = gate();
    const events: string[] = [];
    server.route("/webhooks/slow", async (_request, response) => {
      inHandler.open();
      await release.opened;
      events.push("handler finished");
      response.end("done");
    });
    const port = await server.listen(0, "127.0.0.1");

    // A keep-alive agent, as a load balancer or Telegram would hold the connection open.
    const reply = new Promise<string>((resolve, reject) => {
      const req = httpRequest({ port, host: "127.0.0.1", path: "/webhooks/slow", method: "POST" }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve(`${res.statusCode} ${body}`));
      });
      req.on("error", reject);
      req.end("{}");
    });
    await inHandler.opened;

    const closed = server.close().then(() => events.push("server closed"));
    // Give close() every chance to finish early if it were wrong; the handler is still held.
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
    release.open();

    expect(await reply).toBe("200 done");
    await closed;
    expect(events).toEqual(["handler finished", "server closed"]);
    await expect(call(port, "/healthz")).rejects.toThrow();
  });

  it("rejects listen on a port already taken", async () => {
    const first = createHttpServer({ logger: captureLogger().logger, readiness: {} });
    const port = await first.listen(0, "127.0.0.1");
    const second = createHttpServer({ logger: captureLogger().logger, readiness: {} });
    await expect(second.listen(port, "127.0.0.1")).rejects.toThrow(/EADDRINUSE/);
    await first.close();
    await second.close();
  });
});
