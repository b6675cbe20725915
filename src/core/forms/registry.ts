import type { FormDefinition } from "./definition.js";

/**
 * Every known version of every form. A session started on version N is finished on version N, so old
 * versions stay registered next to the new ones.
 */
export interface FormRegistry {
  /** The highest version of a form: what new sessions start on. */
  latest(key: string): FormDefinition | undefined;
  /** One exact version: what an existing session continues on. */
  get(key: string, version: number): FormDefinition | undefined;
  /** Every definition, each version of each form, ordered by key and version. */
  all(): FormDefinition[];
}

/**
 * Indexes validated definitions (built-in and operator forms together). Two definitions with the same
 * key and version are a packaging mistake that would make old sessions ambiguous: it throws.
 *
 * @example
 * const registry = createFormRegistry([...builtInForms, ...operatorForms]);
 * registry.latest("mentee_entry")?.version; // 2
 * registry.get("mentee_entry", 1); // still there for sessions started on version 1
 */
export function createFormRegistry(definitions: FormDefinition[]): FormRegistry {
  const byKey = new Map<string, Map<number, FormDefinition>>();
  for (const definition of definitions) {
    let versions = byKey.get(definition.key);
    if (!versions) {
      versions = new Map();
      byKey.set(definition.key, versions);
    }
    if (versions.has(definition.version)) {
      throw new Error(`Form ${definition.key} version ${definition.version} is defined twice`);
    }
    versions.set(definition.version, definition);
  }
  const sorted = [...byKey.keys()]
    .sort()
    .flatMap((key) => [...byKey.get(key)!.values()].sort((a, b) => a.version - b.version));
  return {
    latest(key) {
      const versions = byKey.get(key);
      if (!versions) return undefined;
      return versions.get(Math.max(...versions.keys()));
    },
    get(key, version) {
      return byKey.get(key)?.get(version);
    },
    all() {
      return [...sorted];
    },
  };
}
