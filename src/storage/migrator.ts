import { sql, type Kysely } from "kysely";
import { Migrator, type Migration, type MigrationResultSet } from "kysely/migration";
import * as initialSchema from "../../migrations/2026-11-23T09-00_initial-schema.js";
import * as parentalConsentRequest from "../../migrations/2026-11-23T09-30_parental-consent-request.js";
import * as accountLinkCode from "../../migrations/2026-11-23T10-10_account-link-code.js";
import * as channelCursor from "../../migrations/2026-11-23T10-40_channel-cursor.js";
import * as updateLease from "../../migrations/2026-12-03T10-00_update-lease.js";
import * as outbox from "../../migrations/2026-12-03T10-10_outbox.js";
import * as consentUnique from "../../migrations/2026-12-03T11-30_consent-unique.js";
import * as erasure from "../../migrations/2026-12-03T11-40_erasure.js";
import * as serviceSecret from "../../migrations/2026-12-03T11-50_service-secret.js";
import * as organisationLegal from "../../migrations/2026-12-03T12-00_organisation-legal.js";
import * as participantInvite from "../../migrations/2026-12-03T12-10_participant-invite.js";
import * as pairing from "../../migrations/2026-12-03T13-00_pairing.js";
import * as meetings from "../../migrations/2026-12-03T14-00_meetings.js";
import * as roadmap from "../../migrations/2026-12-03T14-10_roadmap.js";
import * as digest from "../../migrations/2026-12-03T14-20_digest.js";
import * as auditLog from "../../migrations/2026-12-03T14-30_audit-log.js";
import * as roadmapDemoHistory from "../../migrations/2026-12-03T14-45_roadmap-demo-history.js";
import * as updateSequence from "../../migrations/2026-12-03T15-00_update-sequence.js";

/**
 * A static map rather than a folder scan: the built service (plain node, no TypeScript loader) must
 * find the same migrations the tests ran. Append new migrations here, in time order.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-23T09-00_initial-schema": initialSchema,
  "2026-11-23T09-30_parental-consent-request": parentalConsentRequest,
  "2026-11-23T10-10_account-link-code": accountLinkCode,
  "2026-11-23T10-40_channel-cursor": channelCursor,
  "2026-12-03T10-00_update-lease": updateLease,
  "2026-12-03T10-10_outbox": outbox,
  "2026-12-03T11-30_consent-unique": consentUnique,
  "2026-12-03T11-40_erasure": erasure,
  "2026-12-03T11-50_service-secret": serviceSecret,
  "2026-12-03T12-00_organisation-legal": organisationLegal,
  "2026-12-03T12-10_participant-invite": participantInvite,
  "2026-12-03T13-00_pairing": pairing,
  "2026-12-03T14-00_meetings": meetings,
  "2026-12-03T14-10_roadmap": roadmap,
  "2026-12-03T14-20_digest": digest,
  "2026-12-03T14-30_audit-log": auditLog,
  "2026-12-03T14-45_roadmap-demo-history": roadmapDemoHistory,
  "2026-12-03T15-00_update-sequence": updateSequence,
};

const provider = { getMigrations: () => Promise.resolve(migrations) };

/** Any stable 64-bit number; it names the lock two starting instances queue on. */
const MIGRATION_LOCK_KEY = 7_241_905_113;

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the latest migration. Safe when several instances start at once: on a server,
 * a session-level advisory lock on one connection serialises them, and the latecomers find nothing
 * left to do. PGlite is a single connection in a single process, so there is nobody to race.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const isServer = await isPostgresServer(db);
  if (!isServer) return report(await new Migrator({ db, provider }).migrateToLatest());

  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
    try {
      const migrator = new Migrator({ db: connection, provider });
      return report(await migrator.migrateToLatest());
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection);
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only asks version()
async function isPostgresServer(db: Kysely<any>): Promise<boolean> {
  // PGlite reports itself in version(); a real server does not.
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
  return !/pglite|emscripten|wasm/i.test(rows[0]?.version ?? "");
}

function report(result: MigrationResultSet): MigrationReport {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`Migration ${failed ?? "(unknown)"} failed`, { cause: result.error });
  }
  return {
    applied: (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName),
  };
}
