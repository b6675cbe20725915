import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./tables.js";

/**
 * A secret the service keeps for itself: the stored value, or a new random one (32 bytes, base64url)
 * stored first. Instances starting together agree: the first insert wins, the others read it.
 */
export async function serviceSecret(db: Kysely<Database>, name: string): Promise<string> {
  await db
    .insertInto("service_secret")
    .values({ name, value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom("service_secret")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.value;
}
