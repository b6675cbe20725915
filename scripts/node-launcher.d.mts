// Types for the tests that import the launcher (plain JavaScript, so it runs on Node 18 and 20).
export declare const MINIMUM_NODE: readonly [number, number];
export declare const INSTALLED_MAJOR: number;
export declare function isRecentEnough(version: string): boolean;
export declare function nodePackageFor(platform: string, arch: string): string | undefined;
export declare function nodeBinaryIn(toolsDir: string, pkg: string): string;
export declare function ensureNode(
  toolsDir: string,
  pkg: string,
  install: (dir: string) => void,
  announce?: () => void,
): string;
export declare function resolveCommand(command: string, searchPath: string): string | undefined;
export declare function prepareEnvironment(env?: NodeJS.ProcessEnv): {
  env: NodeJS.ProcessEnv;
  installedNode: string | undefined;
};
export declare const SERVICE_NODE_FLAGS: readonly string[];
export declare function serviceArguments(command: string, args: readonly string[]): string[];
