// The npm scripts run through this file: `node scripts/node-launcher.mjs [--service] <command> [args...]`.
// The project needs Node >= 22.12 (Promise.withResolvers, Map.groupBy); many machines still have
// Node 20. With a recent enough Node the command runs as is; otherwise Node 24 is installed once from
// the npm registry (the node-<os>-<cpu> package, the one registry every machine here reaches) into
// .tools/node24 and the command runs with it first on PATH.
//
// Plain JavaScript that Node 18 can run: no TypeScript, no dependencies, nothing newer than Node 18.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { constants as osConstants } from "node:os";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

export const MINIMUM_NODE = [22, 12];
export const INSTALLED_MAJOR = 24;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * V8 heap settings for the processes that run the service (`--service`: npm start, start:prod, chat,
 * bench). V8 sizes its heap for the machine: here a young generation of up to 2 × 64 MB and an old
 * one allowed to double before the next full collection, which left the compiled service at 320–350
 * MB of RSS after 300 people had answered, with 25–30 MB of it live. A young generation of 2 × 8 MB
 * and an old one that grows by 20 % between full collections: 147 MB (1,000 people: 149 MB), for
 * about 0.04 ms more GC per input (docs/performance.md, "Memory"). On the command line because
 * NODE_OPTIONS refuses --heap-growing-percent.
 */
export const SERVICE_NODE_FLAGS = ["--max-semi-space-size=8", "--heap-growing-percent=20"];

/**
 * With `--service`, the flags go right after the command when it is `node` or `tsx` (which hands
 * them to the node it starts); any other command runs as given.
 */
export function serviceArguments(command, args) {
  const name = path.basename(command);
  return name === "node" || name === "tsx" ? [...SERVICE_NODE_FLAGS, ...args] : args;
}

/** Whether a Node version string ("v20.20.2" or "20.20.2") is at least MINIMUM_NODE. */
export function isRecentEnough(version) {
  const [major = 0, minor = 0] = String(version).replace(/^v/, "").split(".").map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

/** The npm package that carries the Node binary for this machine, or undefined when none does. */
export function nodePackageFor(platform, arch) {
  const os = { linux: "linux", darwin: "darwin" }[platform];
  const cpu = { x64: "x64", arm64: "arm64" }[arch];
  return os && cpu ? `node-${os}-${cpu}` : undefined;
}

/** Where the installed binary lives inside the tools folder. */
export function nodeBinaryIn(toolsDir, pkg) {
  return path.join(toolsDir, "node_modules", pkg, "bin", "node");
}

/**
 * Makes sure `toolsDir` holds the Node binary of `pkg` and returns its path. Safe when several
 * commands start at once: each installs into its own temporary folder beside `toolsDir` and renames
 * it into place; a rename that finds the place already taken means another command won, and its
 * install is used. `install(dir)` puts the package into `dir` (npm in real use, a fake in tests).
 */
export function ensureNode(toolsDir, pkg, install, announce = () => {}) {
  const binary = nodeBinaryIn(toolsDir, pkg);
  if (isExecutable(binary)) return binary;
  announce();
  mkdirSync(path.dirname(toolsDir), { recursive: true });
  const staging = `${toolsDir}.installing-${process.pid}-${Date.now()}`;
  try {
    install(staging);
    if (!isExecutable(nodeBinaryIn(staging, pkg))) {
      throw new Error(`the ${pkg} package did not leave a node binary in ${staging}`);
    }
    // A folder left half-made by an older installer (without the binary) is replaced.
    if (existsSync(toolsDir) && !isExecutable(binary)) rmSync(toolsDir, { recursive: true, force: true });
    try {
      renameSync(staging, toolsDir);
    } catch (error) {
      if (!isExecutable(binary)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The real installer: npm from PATH (the machine's own), output kept unless it fails. */
function npmInstall(pkg) {
  return (dir) => {
    mkdirSync(dir, { recursive: true });
    const result = spawnSync(
      "npm",
      [
        "install",
        "--prefix",
        dir,
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `${pkg}@${INSTALLED_MAJOR}`,
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    if (result.status !== 0) {
      process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
      throw new Error(
        result.error
          ? `could not run npm: ${result.error.message}`
          : `npm install ${pkg}@${INSTALLED_MAJOR} failed with exit code ${result.status}`,
      );
    }
  };
}

/** Finds `command` on `searchPath` the way a shell would; a name with a slash is taken as a path. */
export function resolveCommand(command, searchPath) {
  if (command.includes("/")) return path.resolve(command);
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Returns the environment the command should run in: unchanged with a recent enough Node, else with
 * the installed Node 24 first on PATH (so `node`, and every `#!/usr/bin/env node` bin, is Node 24).
 */
export function prepareEnvironment(env = process.env) {
  if (isRecentEnough(process.versions.node)) return { env, installedNode: undefined };
  const pkg = nodePackageFor(process.platform, process.arch);
  if (!pkg) {
    throw new Error(
      `Node ${process.versions.node} is older than ${MINIMUM_NODE.join(".")} and no Node package exists ` +
        `for ${process.platform}-${process.arch}: install Node ${INSTALLED_MAJOR} yourself.`,
    );
  }
  const toolsDir = env.NASTAVNIK_NODE_DIR || path.join(ROOT, ".tools", `node${INSTALLED_MAJOR}`);
  const binary = ensureNode(toolsDir, pkg, npmInstall(pkg), () =>
    process.stderr.write(
      `Node ${process.versions.node} is older than ${MINIMUM_NODE.join(".")}: installing Node ` +
        `${INSTALLED_MAJOR} (${pkg} from the npm registry) into ${path.relative(process.cwd(), toolsDir) || toolsDir}, once.\n`,
    ),
  );
  const binDir = path.dirname(binary);
  return { env: { ...env, PATH: `${binDir}${path.delimiter}${env.PATH ?? ""}` }, installedNode: binary };
}

// Forwarded to the command. SIGHUP too: the command runs in its own session (below), so a closed
// terminal reaches it only through us.
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2", "SIGWINCH"];
/**
 * A Ctrl-C reaches us twice when /bin/sh execs us: from the terminal and again from npm, which
 * forwards what it receives. The service treats a second signal as "exit now", so copies that
 * arrive this close together are one keystroke, not two.
 */
const SAME_SIGNAL_WINDOW_MS = 500;

function run(argv) {
  const service = argv[0] === "--service";
  const [command, ...given] = service ? argv.slice(1) : argv;
  if (!command) {
    process.stderr.write("usage: node scripts/node-launcher.mjs [--service] <command> [args...]\n");
    return 2;
  }
  const args = service ? serviceArguments(command, given) : given;
  let prepared;
  try {
    prepared = prepareEnvironment();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const executable = resolveCommand(command, prepared.env.PATH ?? "");
  if (!executable) {
    process.stderr.write(`${command}: command not found (did npm ci run?)\n`);
    return 127;
  }

  // With a recent Node nothing needs to stay in between: the command replaces this process, so
  // signals, stdio and the exit code are simply its own.
  // (NASTAVNIK_LAUNCHER_NO_EXEC=1 keeps the parent, as an older Node would: tests of that path use it.)
  const exec = !prepared.installedNode && !process.env.NASTAVNIK_LAUNCHER_NO_EXEC;
  if (exec && typeof process.execve === "function") {
    process.execve(executable, [command, ...args], prepared.env);
  }

  // Otherwise (Node 20 running us, or a Node without execve) we stay as the parent. The command gets
  // its own session (detached), so a Ctrl-C from the terminal reaches it once, through us, rather
  // than once from the terminal and again from us: the service would take the second as "exit now".
  const child = spawn(executable, args, { stdio: "inherit", env: prepared.env, detached: true });
  const lastForwarded = new Map();
  const forward = (signal) => {
    const now = Date.now();
    if (now - (lastForwarded.get(signal) ?? -Infinity) < SAME_SIGNAL_WINDOW_MS) return;
    lastForwarded.set(signal, now);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child.on("error", (error) => {
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      // Die the same way, so the shell and npm see what happened to the command.
      for (const name of FORWARDED) process.removeAllListeners(name);
      process.kill(process.pid, signal);
      // Only reached for a signal whose default is not to terminate.
      process.exit(128 + (osConstants.signals[signal] ?? 0));
      return;
    }
    process.exit(code ?? 1);
  });
  return undefined;
}

/** For scripts/ensure-node.sh: prints the folder to put first on PATH, or nothing. */
function printNodeDir() {
  try {
    const { installedNode } = prepareEnvironment();
    if (installedNode) process.stdout.write(`${path.dirname(installedNode)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const invokedDirectly =
  process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const argv = process.argv.slice(2);
  const code = argv[0] === "--node-dir" ? printNodeDir() : run(argv);
  if (code !== undefined) process.exit(code);
}
