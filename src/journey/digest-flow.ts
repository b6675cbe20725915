import type { ButtonAction, OutboundButton } from "../core/messages.js";
import {
  digestScopes,
  mayReadMunicipality,
  mayReadOrganisation,
  organisationsInScope,
} from "../digest/access.js";
import { buildMunicipalDigest, buildOrganisationDigest } from "../digest/digest.js";
import {
  INDICATOR_KEYS,
  computeIndicators,
  seedTarget,
  setIndicator,
  type IndicatorKey,
} from "../digest/indicators.js";
import {
  digestAction,
  indicatorLabelKey,
  renderChart,
  renderDigestDetail,
  renderMunicipalDigest,
  renderOrganisationDigest,
  type DigestDetail,
} from "../digest/render.js";
import { todayIn } from "../core/forms/dates.js";
import { academicYearOf } from "../programs/academic-year.js";
import type { Turn } from "./turn.js";

/**
 * The digest and the indicators in the chat, for curators and municipal coordinators: /digest (the
 * same text as the Monday push, then the picture), the buttons under it (the picture, everyone behind
 * a list, the indicators screen), and /indicators, where denominators, a partner count and targets are
 * typed as numbers. Access is checked against memberships on every command and every press, so a
 * forwarded or stale button shows nothing to someone who may not see it.
 */

export const DIGEST_COMMANDS = ["digest", "indicators"] as const;

export function isDigestCommand(command: string): boolean {
  return (DIGEST_COMMANDS as readonly string[]).includes(command);
}

const DETAILS: readonly DigestDetail[] = ["consents", "forms", "unmatched", "silent"];

/**
 * /digest: one scope shows at once; several (organisations, a municipality) are offered as buttons;
 * `/digest 7` shows organisation 7 to whoever may see it (a coordinator opening one of the
 * municipal digest's schools).
 */
export async function showDigestCommand(turn: Turn, argument = ""): Promise<void> {
  const asked = argument.trim();
  if (/^\d{1,9}$/.test(asked)) return sendOrganisation(turn, Number(asked), true);
  const scopes = await digestScopes(turn.db, turn.person.personId);
  const choices: OutboundButton[][] = [
    ...scopes.municipalities.map((m) => [
      { label: turn.t("digest-choose-municipality", { name: m.name }), action: digestAction("mun", m.id) },
    ]),
    ...scopes.organisations.map((o) => [{ label: o.name, action: digestAction("org", o.id) }]),
  ];
  if (choices.length === 0) return turn.send({ text: turn.t("digest-not-allowed") });
  if (choices.length > 1) return turn.send({ text: turn.t("digest-choose"), buttons: choices });
  const [municipality] = scopes.municipalities;
  if (municipality) return sendMunicipal(turn, municipality.id, true);
  return sendOrganisation(turn, scopes.organisations[0]!.id, true);
}

async function sendOrganisation(turn: Turn, organisationId: number, withChart: boolean): Promise<void> {
  if (!(await mayReadOrganisation(turn.db, turn.person.personId, organisationId)))
    return turn.send({ text: turn.t("digest-not-yours") });
  const digest = await buildOrganisationDigest(turn.db, organisationId, turn.deps.clock());
  if (!digest) return turn.send({ text: turn.t("digest-not-yours") });
  const locale = await turn.locale();
  await turn.send(renderOrganisationDigest(turn.deps.translator, locale, digest));
  if (withChart)
    await turn.send(
      renderChart(turn.deps.translator, locale, {
        name: digest.name,
        today: digest.today,
        academicYear: digest.academicYear,
        organisations: [digest],
      }),
    );
}

async function sendMunicipal(turn: Turn, municipalityId: number, withChart: boolean): Promise<void> {
  if (!(await mayReadMunicipality(turn.db, turn.person.personId, municipalityId)))
    return turn.send({ text: turn.t("digest-not-yours") });
  const digest = await buildMunicipalDigest(
    turn.db,
    municipalityId,
    turn.deps.clock(),
    turn.deps.defaultTimeZone,
  );
  if (!digest) return turn.send({ text: turn.t("digest-not-yours") });
  const locale = await turn.locale();
  await turn.send(renderMunicipalDigest(turn.deps.translator, locale, digest));
  if (withChart && digest.organisations.length > 0)
    await turn.send(
      renderChart(turn.deps.translator, locale, {
        name: digest.name,
        today: digest.today,
        academicYear: digest.academicYear,
        organisations: digest.organisations,
      }),
    );
}

/** A press of a digest button; false when it is not one of ours (a stale or garbled press). */
export async function handleDigestButton(turn: Turn, action: ButtonAction): Promise<boolean> {
  const verb = action.question ?? "";
  const id = action.session;
  if (id === undefined) return false;
  switch (verb) {
    case "org":
      await sendOrganisation(turn, id, true);
      return true;
    case "mun":
      await sendMunicipal(turn, id, true);
      return true;
    case "mchart": {
      if (!(await mayReadMunicipality(turn.db, turn.person.personId, id))) {
        await turn.send({ text: turn.t("digest-not-yours") });
        return true;
      }
      const digest = await buildMunicipalDigest(turn.db, id, turn.deps.clock(), turn.deps.defaultTimeZone);
      if (digest && digest.organisations.length > 0)
        await turn.send(
          renderChart(turn.deps.translator, await turn.locale(), {
            name: digest.name,
            today: digest.today,
            academicYear: digest.academicYear,
            organisations: digest.organisations,
          }),
        );
      return true;
    }
    case "ind":
      await showIndicators(turn, id);
      return true;
    case "inddef":
      await acceptDefaultTargets(turn, id);
      return true;
  }
  if (verb !== "chart" && verb !== "indicators" && !DETAILS.includes(verb as DigestDetail)) return false;
  if (!(await mayReadOrganisation(turn.db, turn.person.personId, id))) {
    await turn.send({ text: turn.t("digest-not-yours") });
    return true;
  }
  if (verb === "indicators") {
    await showIndicators(turn, id);
    return true;
  }
  const digest = await buildOrganisationDigest(turn.db, id, turn.deps.clock());
  if (!digest) return false;
  const locale = await turn.locale();
  if (verb === "chart")
    await turn.send(
      renderChart(turn.deps.translator, locale, {
        name: digest.name,
        today: digest.today,
        academicYear: digest.academicYear,
        organisations: [digest],
      }),
    );
  else await turn.send(renderDigestDetail(turn.deps.translator, locale, digest, verb as DigestDetail));
  return true;
}

/**
 * /indicators [organisation number value...]: without numbers, the screen (or a choice of
 * organisations); with them, one indicator's entry, then the screen again.
 */
export async function indicatorsCommand(turn: Turn, argument: string): Promise<void> {
  const scopes = await digestScopes(turn.db, turn.person.personId);
  const organisations = await organisationsInScope(turn.db, scopes);
  if (organisations.length === 0) return turn.send({ text: turn.t("digest-not-allowed") });
  const words = argument.split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) {
    if (organisations.length === 1) return showIndicators(turn, organisations[0]!.id);
    return turn.send({
      text: turn.t("digest-choose"),
      buttons: organisations.map((o) => [{ label: o.name, action: digestAction("ind", o.id) }]),
    });
  }
  const numbers = words.map((w) => Number(w.replace(",", ".").replace(/%$/, "")));
  const organisationId = numbers[0]!;
  if (numbers.length === 1 && Number.isInteger(organisationId)) return showIndicators(turn, organisationId);
  const entry = parseEntry(numbers.slice(1));
  if (!Number.isInteger(organisationId) || !entry) {
    const help = turn.t("indicators-help", {
      organisation: organisations[0]!.id,
      yearOfModel: 1,
    });
    return turn.send({ text: turn.t("indicators-bad-input", { help }) });
  }
  if (!(await mayReadOrganisation(turn.db, turn.person.personId, organisationId)))
    return turn.send({ text: turn.t("digest-not-yours") });
  await setIndicator(turn.db, {
    organisationId,
    academicYear: await academicYearNow(turn, organisationId),
    ...entry,
    byPersonId: turn.person.personId,
  });
  await turn.send({ text: turn.t("indicators-saved") });
  return showIndicators(turn, organisationId);
}

interface Entry {
  key: IndicatorKey;
  denominator?: number;
  enteredCount?: number;
  target?: number;
}

/** "1 250 40", "4 12 3 30", "5 80": the item's number, then what that item takes. */
export function parseEntry(numbers: readonly number[]): Entry | undefined {
  const [item, ...values] = numbers;
  if (item === undefined || !Number.isInteger(item) || item < 1 || item > INDICATOR_KEYS.length)
    return undefined;
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return undefined;
  const key = INDICATOR_KEYS[item - 1]!;
  const whole = (v: number | undefined) => v === undefined || Number.isInteger(v);
  const target = (v: number | undefined) => v === undefined || v <= 100;
  if (key === "mentee_satisfaction" || key === "mentor_satisfaction") {
    if (values.length !== 1 || !target(values[0])) return undefined;
    return { key, target: values[0]! };
  }
  if (key === "partner_organisations") {
    const [denominator, count, goal] = values;
    if (values.length < 2 || values.length > 3 || !whole(denominator) || !whole(count) || !target(goal))
      return undefined;
    if (count! > denominator!) return undefined;
    return {
      key,
      denominator: denominator!,
      enteredCount: count!,
      ...(goal !== undefined && { target: goal }),
    };
  }
  const [denominator, goal] = values;
  if (values.length < 1 || values.length > 2 || !whole(denominator) || !target(goal)) return undefined;
  return { key, denominator: denominator!, ...(goal !== undefined && { target: goal }) };
}

async function academicYearNow(turn: Turn, organisationId: number): Promise<string> {
  const organisation = await turn.db
    .selectFrom("organisation")
    .select("time_zone")
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();
  return academicYearOf(todayIn(turn.deps.clock(), organisation.time_zone));
}

async function showIndicators(turn: Turn, organisationId: number): Promise<void> {
  if (!(await mayReadOrganisation(turn.db, turn.person.personId, organisationId)))
    return turn.send({ text: turn.t("digest-not-yours") });
  const organisation = await turn.db
    .selectFrom("organisation")
    .select(["name"])
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();
  const academicYear = await academicYearNow(turn, organisationId);
  const [report] = await computeIndicators(turn.db, {
    organisationIds: [organisationId],
    academicYear,
    now: turn.deps.clock(),
  });
  const { t } = turn;
  const lines = [t("indicators-title", { organisation: organisation.name, year: academicYear })];
  report!.indicators.forEach((value, index) => {
    const args = {
      number: index + 1,
      label: t(indicatorLabelKey(value.key)),
      denominator: value.denominator ?? t("indicators-not-set"),
      count: value.count ?? t("indicators-not-set"),
      target: value.target,
      source: value.targetSource === "seed" ? t("indicators-default") : "",
    };
    const key =
      value.key === "partner_organisations"
        ? "indicators-line-count"
        : value.key.endsWith("satisfaction")
          ? "indicators-line-survey"
          : "indicators-line";
    lines.push(t(key, args));
  });
  lines.push("", t("indicators-help", { organisation: organisationId, yearOfModel: report!.yearOfModel }));
  const anyDefault = report!.indicators.some((v) => v.targetSource === "seed");
  return turn.send({
    text: lines.join("\n"),
    ...(anyDefault && {
      buttons: [[{ label: t("indicators-button-defaults"), action: digestAction("inddef", organisationId) }]],
    }),
  });
}

/** Stores the seed's targets for this year where none was entered, so they stop following the defaults. */
async function acceptDefaultTargets(turn: Turn, organisationId: number): Promise<void> {
  if (!(await mayReadOrganisation(turn.db, turn.person.personId, organisationId)))
    return turn.send({ text: turn.t("digest-not-yours") });
  const academicYear = await academicYearNow(turn, organisationId);
  const [report] = await computeIndicators(turn.db, {
    organisationIds: [organisationId],
    academicYear,
    now: turn.deps.clock(),
  });
  for (const value of report!.indicators)
    if (value.targetSource === "seed")
      await setIndicator(turn.db, {
        organisationId,
        academicYear,
        key: value.key,
        target: seedTarget(value.key, report!.yearOfModel),
        byPersonId: turn.person.personId,
      });
  await turn.send({ text: turn.t("indicators-defaults-saved", { year: academicYear }) });
  return showIndicators(turn, organisationId);
}
