import type { Insertable, Kysely } from "kysely";
import type { FormDefinition } from "../core/forms/definition.js";
import { stepOf } from "../core/forms/engine.js";
import { createInviteService } from "../invites/invite.service.js";
import { academicYearOf, addDays, todayIn, type CalendarDay } from "../programs/academic-year.js";
import type {
  AnswerTable,
  ConsentTable,
  Database,
  FormSessionTable,
  Invite,
  MeetingAttendanceTable,
  MeetingConfirmationTable,
  MeetingTable,
  MeetingType,
  PairTable,
  ParticipantTable,
  PersonTable,
  PreferenceTable,
} from "../storage/tables.js";
import { stageTitleKey } from "../roadmap/template.js";
import { builtInTemplate } from "../roadmap/templates.js";
import { createDemoRepository } from "./demo.repository.js";
import { createRng, type Rng } from "./prng.js";
import { sampledState, sampleSteps, type SampleContext } from "./sample-answer.js";

/** The console channel logs in as this account (channel 'console'). */
export const DEMO_CONSOLE_EXTERNAL_ID = "demo";

/** Teachers mentor pupils: the commonest school programme, and it has minors (parental consent). */
const DEMO_FORM = "teacher_pupil";

/** Consent text version of seeded consents, so they are never mistaken for consents people gave. */
export const DEMO_CONSENT_VERSION = "demo";

export const DEMO_LIMITS = { participants: { min: 2, max: 100_000 } } as const;

/** Entry questionnaires by side, most specific first; the first key the registry knows is used. */
const ENTRY_FORMS = {
  mentor: ["mentor_entry"],
  mentee: ["mentee_entry_pupil", "mentee_entry"],
} as const;

/**
 * The seven stages of a programme (seeds 001, the roadmap template "seven_stages"): preparation, the
 * two bases, training, matching after the group meeting, the mentoring itself and completion. Days
 * are offsets from the programme start, so the demo is always in its mentoring stage.
 */
const ROADMAP_OFFSETS: Record<string, { from: number; to: number }> = {
  preparation: { from: 0, to: 14 },
  mentee_base: { from: 7, to: 35 },
  mentor_base: { from: 7, to: 35 },
  mentor_training: { from: 30, to: 50 },
  matching: { from: 50, to: 70 },
  mentoring: { from: 70, to: 240 },
  completion: { from: 240, to: 270 },
};
const ROADMAP_TEMPLATE = builtInTemplate("seven_stages")!;
const PROGRAM_DAYS = 270;
/** The demo is seeded as if the programme started this many days ago, in the mentoring stage. */
const DAYS_SINCE_START = 100;
const GROUP_MEETING_DAY = 55;

/** Words of the demo in the operator's language; the seed itself holds no text. */
export interface DemoTexts {
  municipality: string;
  region: string;
  organisation: string;
  program: string;
  groupMeeting: string;
  curatorName: string;
  /** Display names to give participants, reused round the list. */
  personNames: readonly string[];
  /** Sentences for free-text answers and meeting comments. */
  answers: readonly string[];
  /** Meeting topics. */
  topics: readonly string[];
}

export interface SeedDemoInput {
  participants: number;
  seed: number;
  now: Date;
  timeZone: string;
  locale: "ru" | "en";
  texts: DemoTexts;
  forms: readonly FormDefinition[];
}

export interface DemoCounts {
  people: number;
  mentors: number;
  mentees: number;
  pendingConsent: number;
  consents: number;
  submittedForms: number;
  formsInProgress: number;
  answers: number;
  groupMeetingAttendees: number;
  preferences: number;
  pairs: number;
  confirmedPairs: number;
  pairedMentees: number;
  meetings: number;
  meetingConfirmations: number;
  roadmapStages: number;
}

export type SeedDemoResult =
  | { created: false; personId: number; organisationId: number; programId: number | null }
  | {
      created: true;
      personId: number;
      municipalityId: number;
      organisationId: number;
      programId: number;
      invites: { mentor: Invite; mentee: Invite };
      counts: DemoCounts;
    };

export function createDemoSeeder(db: Kysely<Database>) {
  return {
    /**
     * Seeds one demo organisation in one transaction: everything or nothing. Running it again finds the
     * console demo person's organisation and returns it instead of seeding twice.
     */
    seed(input: SeedDemoInput): Promise<SeedDemoResult> {
      return db.transaction().execute((trx) => seedIn(trx, input));
    },
  };
}

async function seedIn(trx: Kysely<Database>, input: SeedDemoInput): Promise<SeedDemoResult> {
  const repo = createDemoRepository(trx);
  await repo.lockSeed();
  const existing = await repo.findExisting(DEMO_CONSOLE_EXTERNAL_ID);
  if (existing && existing.organisationId !== null) {
    return {
      created: false,
      personId: existing.personId,
      organisationId: existing.organisationId,
      programId: existing.programId,
    };
  }

  // The demo curator erased itself (/forget): it comes back as curator of the demo already seeded,
  // rather than a second school of the same name.
  const seeded = await repo.findSeededProgram();
  if (seeded) {
    const personId = existing?.personId ?? (await restoreConsoleCurator(repo, input));
    await repo.insertMany("membership", [
      { person_id: personId, role: "curator", organisation_id: seeded.organisationId },
    ]);
    return { created: false, personId, ...seeded };
  }

  const { texts } = input;
  const rng = createRng(input.seed);
  const today = todayIn(input.timeZone, input.now);
  const startsOn = addDays(today, -DAYS_SINCE_START);
  const at = (day: CalendarDay, hour = 12) => `${day}T${String(hour).padStart(2, "0")}:00:00Z`;

  const municipalityId =
    (await repo.findMunicipalityId(texts.municipality)) ??
    (await repo.insertReturningId("municipality", { name: texts.municipality, region: texts.region }));
  const organisationId = await repo.insertReturningId("organisation", {
    name: texts.organisation,
    kind: "school",
    time_zone: input.timeZone,
    municipality_id: municipalityId,
  });
  const programId = await repo.insertReturningId("program", {
    organisation_id: organisationId,
    name: texts.program,
    form_key: DEMO_FORM,
    role_variant: null,
    academic_year: academicYearOf(today),
    starts_on: startsOn,
    ends_on: addDays(startsOn, PROGRAM_DAYS),
    status: "active",
    roadmap_template: ROADMAP_TEMPLATE.key,
  });
  await repo.insertMany(
    "roadmap_stage",
    ROADMAP_TEMPLATE.stages.map((stage, position) => ({
      program_id: programId,
      key: stage.key,
      position: position + 1,
      audience: stage.audience,
      action: stage.action,
      opens_on: addDays(startsOn, ROADMAP_OFFSETS[stage.key]!.from),
      closes_on: addDays(startsOn, ROADMAP_OFFSETS[stage.key]!.to),
      form_key: stage.action === "form" ? stage.form : null,
      meeting_type: stage.action === "meeting" ? stage.meeting : null,
      curator_check: stage.action === "curator_task" ? (stage.check ?? null) : null,
      title_key: stageTitleKey(ROADMAP_TEMPLATE.key, stage.key),
      // Seeded history, not a live programme: the clock must not remind made-up people of it.
      next_check_at: null,
    })),
  );

  // People: the console curator (kept if the console already created that person), then participants.
  const total = input.participants;
  const mentorCount = Math.max(1, Math.round(total / 4));
  const menteeCount = total - mentorCount;
  const newIds = await repo.allocateIds("person", total + (existing ? 0 : 1));
  const curatorId = existing?.personId ?? newIds.shift()!;
  const personIds = newIds;
  const people: Insertable<PersonTable>[] = [];
  if (!existing) {
    people.push({ id: curatorId, display_name: texts.curatorName, locale: input.locale, is_minor: false });
  }
  const isMentor = (index: number) => index < mentorCount;
  const minor = personIds.map((_, index) => !isMentor(index) && rng.chance(0.9));
  personIds.forEach((id, index) => {
    people.push({
      id,
      display_name: texts.personNames[index % texts.personNames.length]!,
      locale: input.locale,
      is_minor: minor[index]!,
      created_at: at(addDays(startsOn, rng.int(5, 40))),
    });
  });
  await repo.insertMany("person", people);
  await repo.insertMany("channel_account", [
    ...(existing
      ? []
      : [
          {
            person_id: curatorId,
            channel: "console" as const,
            external_id: DEMO_CONSOLE_EXTERNAL_ID,
            chat_id: DEMO_CONSOLE_EXTERNAL_ID,
          },
        ]),
    // Console accounts on purpose: a demo seeded into a database with a live bot must never message
    // strangers whose Telegram or VK ids happen to match made-up ones.
    ...personIds.map((id) => ({
      person_id: id,
      channel: "console" as const,
      external_id: `demo-${programId}-${id}`,
      chat_id: `demo-${programId}-${id}`,
    })),
  ]);
  await repo.insertMany("membership", [
    { person_id: curatorId, role: "curator", organisation_id: organisationId },
  ]);

  // Participants: a few mentees still wait for a parent's consent; everyone else consented.
  const participantIds = await repo.allocateIds("participant", total);
  const participants: Insertable<ParticipantTable>[] = [];
  const consents: Insertable<ConsentTable>[] = [];
  const active: boolean[] = [];
  personIds.forEach((personId, index) => {
    const mentor = isMentor(index);
    const pending = !mentor && rng.chance(0.05);
    active.push(!pending);
    const joined = at(addDays(startsOn, rng.int(7, 35)));
    participants.push({
      id: participantIds[index]!,
      program_id: programId,
      person_id: personId,
      side: mentor ? "mentor" : "mentee",
      category: mentor ? "teacher" : "pupil",
      status: pending ? "pending_consent" : "active",
      capacity: mentor ? rng.int(1, 4) : null,
      joined_at: joined,
    });
    if (pending) return;
    consents.push(
      minor[index]
        ? // A paper form signed by a parent and marked in the bot by the curator.
          {
            person_id: personId,
            kind: "parental",
            text_version: DEMO_CONSENT_VERSION,
            given_by: "curator",
            given_by_person_id: curatorId,
            given_at: joined,
          }
        : {
            person_id: personId,
            kind: "personal_data",
            text_version: DEMO_CONSENT_VERSION,
            given_by: "self",
            given_by_person_id: null,
            given_at: joined,
          },
    );
  });
  await repo.insertMany("consent", consents);
  await repo.insertMany("participant", participants);

  const forms = await seedEntryForms(repo, rng, input, {
    programId,
    personIds,
    isMentor,
    active,
    startsOn,
    today,
    at,
  });

  // The group meeting, who came, and whom each of them would prefer (up to three, ranked).
  const groupMeetingDay = addDays(startsOn, GROUP_MEETING_DAY);
  const groupMeetingId = await repo.insertReturningId("group_meeting", {
    program_id: programId,
    title: texts.groupMeeting,
    held_on: groupMeetingDay,
    poll_opened_at: at(groupMeetingDay, 15),
    // The poll ran its three days and was closed into the pairs below.
    poll_closes_at: at(addDays(groupMeetingDay, 3), 20),
    poll_closed_at: at(addDays(groupMeetingDay, 3), 20),
  });
  const activeIndexes = personIds.map((_, index) => index).filter((index) => active[index]);
  const attended = activeIndexes.filter(() => rng.chance(0.8));
  const attendingMentors = attended.filter(isMentor).map((index) => participantIds[index]!);
  const attendingMentees = attended
    .filter((index) => !isMentor(index))
    .map((index) => participantIds[index]!);
  await repo.insertMany(
    "group_meeting_attendee",
    attended.map((index) => ({ group_meeting_id: groupMeetingId, participant_id: participantIds[index]! })),
  );
  const preferences: Insertable<PreferenceTable>[] = [];
  const prefer = (from: number, pool: number[]) => {
    rng.sample(pool, rng.int(1, 3)).forEach((to, rank) =>
      preferences.push({
        program_id: programId,
        group_meeting_id: groupMeetingId,
        from_participant_id: from,
        to_participant_id: to,
        rank: rank + 1,
        created_at: at(addDays(groupMeetingDay, rng.int(0, 3))),
      }),
    );
  };
  if (attendingMentors.length > 0 && attendingMentees.length > 0) {
    for (const mentee of attendingMentees) if (rng.chance(0.9)) prefer(mentee, attendingMentors);
    for (const mentor of attendingMentors) if (rng.chance(0.8)) prefer(mentor, attendingMentees);
  }
  await repo.insertMany("preference", preferences);

  const pairing = await seedPairsAndMeetings(repo, rng, {
    programId,
    curatorId,
    participants,
    groupMeetingDay,
    today,
    topics: texts.topics,
    comments: texts.answers,
    at,
  });

  const inviteService = createInviteService(trx);
  const invite = async (side: "mentor" | "mentee", maxUses: number) => {
    const outcome = await inviteService.createParticipantInvites(
      { programId, side, count: 1, maxUses, expiresInDays: 30 },
      input.now,
    );
    if (!outcome.ok) throw new Error(`demo invite refused: ${outcome.problem.key}`);
    return outcome.value.invites[0]!;
  };

  return {
    created: true,
    personId: curatorId,
    municipalityId,
    organisationId,
    programId,
    invites: { mentor: await invite("mentor", 50), mentee: await invite("mentee", 500) },
    counts: {
      people: total + (existing ? 0 : 1),
      mentors: mentorCount,
      mentees: menteeCount,
      pendingConsent: active.filter((a) => !a).length,
      consents: consents.length,
      ...forms,
      groupMeetingAttendees: attended.length,
      preferences: preferences.length,
      ...pairing,
      roadmapStages: ROADMAP_TEMPLATE.stages.length,
    },
  };
}

interface FormsContext {
  programId: number;
  personIds: number[];
  isMentor: (index: number) => boolean;
  active: boolean[];
  startsOn: CalendarDay;
  today: CalendarDay;
  at: (day: CalendarDay, hour?: number) => string;
}

/** Most active participants submitted their entry questionnaire; some are half-way through it. */
async function seedEntryForms(
  repo: ReturnType<typeof createDemoRepository>,
  rng: Rng,
  input: SeedDemoInput,
  ctx: FormsContext,
): Promise<Pick<DemoCounts, "submittedForms" | "formsInProgress" | "answers">> {
  const formFor = {
    mentor: findForm(input.forms, ENTRY_FORMS.mentor, "mentor"),
    mentee: findForm(input.forms, ENTRY_FORMS.mentee, "mentee"),
  };
  const plans: { personId: number; form: FormDefinition; submitted: boolean }[] = [];
  ctx.personIds.forEach((personId, index) => {
    const form = formFor[ctx.isMentor(index) ? "mentor" : "mentee"];
    if (!form || !ctx.active[index]) return;
    if (rng.chance(0.85)) plans.push({ personId, form, submitted: true });
    else if (rng.chance(0.5)) plans.push({ personId, form, submitted: false });
  });
  const sessionIds = await repo.allocateIds("form_session", plans.length);
  const sample: SampleContext = { today: ctx.today, texts: input.texts.answers };
  const sessions: Insertable<FormSessionTable>[] = [];
  const answers: Insertable<AnswerTable>[] = [];
  plans.forEach((plan, index) => {
    const sessionId = sessionIds[index]!;
    const started = ctx.at(addDays(ctx.startsOn, rng.int(8, 40)), rng.int(6, 17));
    const steps = sampleSteps(plan.form, rng, sample);
    // An unfinished session stops somewhere before its last question (with nothing settled at worst).
    const settled = plan.submitted ? steps.length : rng.int(0, Math.max(0, steps.length - 1));
    const state = sampledState(plan.form, steps, settled);
    for (const [questionKey, value] of Object.entries(state.answers)) {
      answers.push({
        form_session_id: sessionId,
        question_key: questionKey,
        form_version: plan.form.version,
        value: JSON.stringify(value),
        answered_at: started,
      });
    }
    sessions.push({
      id: sessionId,
      person_id: plan.personId,
      program_id: ctx.programId,
      form_key: plan.form.key,
      form_version: plan.form.version,
      status: plan.submitted ? "submitted" : "in_progress",
      step: stepOf(state),
      state: JSON.stringify(state),
      revision: settled,
      started_at: started,
      updated_at: started,
      submitted_at: plan.submitted ? started : null,
    });
  });
  await repo.insertMany("form_session", sessions);
  await repo.insertMany("answer", answers);
  return {
    submittedForms: plans.filter((p) => p.submitted).length,
    formsInProgress: plans.filter((p) => !p.submitted).length,
    answers: answers.length,
  };
}

/** A new console demo person, as the first seed made it. */
async function restoreConsoleCurator(
  repo: ReturnType<typeof createDemoRepository>,
  input: SeedDemoInput,
): Promise<number> {
  const [personId] = await repo.allocateIds("person", 1);
  await repo.insertMany("person", [
    { id: personId!, display_name: input.texts.curatorName, locale: input.locale, is_minor: false },
  ]);
  await repo.insertMany("channel_account", [
    {
      person_id: personId!,
      channel: "console",
      external_id: DEMO_CONSOLE_EXTERNAL_ID,
      chat_id: DEMO_CONSOLE_EXTERNAL_ID,
    },
  ]);
  return personId!;
}

function findForm(
  forms: readonly FormDefinition[],
  keys: readonly string[],
  audience: "mentor" | "mentee",
): FormDefinition | undefined {
  for (const key of keys) {
    const form = forms.find((f) => f.key === key);
    if (form) return form;
  }
  return forms.find((f) => f.audience === audience && f.key.includes("entry"));
}

interface PairingContext {
  programId: number;
  curatorId: number;
  participants: Insertable<ParticipantTable>[];
  groupMeetingDay: CalendarDay;
  today: CalendarDay;
  topics: readonly string[];
  comments: readonly string[];
  at: (day: CalendarDay, hour?: number) => string;
}

const MEETING_SEQUENCE: MeetingType[] = ["first", "trial", "planning"];

/**
 * Each active mentor takes up to their capacity of active mentees, leaving about one in ten
 * unmatched (the digest reports them). Most pairs are confirmed and meet weekly; some fell silent.
 */
async function seedPairsAndMeetings(
  repo: ReturnType<typeof createDemoRepository>,
  rng: Rng,
  ctx: PairingContext,
): Promise<
  Pick<DemoCounts, "pairs" | "confirmedPairs" | "pairedMentees" | "meetings" | "meetingConfirmations">
> {
  const activeOf = (side: "mentor" | "mentee") =>
    ctx.participants.filter((p) => p.side === side && p.status === "active");
  const mentors = rng.shuffle(activeOf("mentor"));
  const queue = rng.shuffle(activeOf("mentee")).filter(() => rng.chance(0.9));
  const groups: { mentor: Insertable<ParticipantTable>; mentees: number[] }[] = [];
  for (const mentor of mentors) {
    if (queue.length === 0) break;
    const mentees = queue.splice(0, mentor.capacity ?? 1).map((p) => p.id!);
    groups.push({ mentor, mentees });
  }

  const pairIds = await repo.allocateIds("pair", groups.length);
  const proposedDay = addDays(ctx.groupMeetingDay, 3);
  const pairs: Insertable<PairTable>[] = [];
  const pairMentees: { pair_id: number; mentee_participant_id: number }[] = [];
  const confirmedGroups: { pairId: number; mentorPersonId: number; mentees: number[] }[] = [];
  groups.forEach((group, index) => {
    const pairId = pairIds[index]!;
    const confirmed = rng.chance(0.75);
    pairs.push({
      id: pairId,
      program_id: ctx.programId,
      mentor_participant_id: group.mentor.id!,
      status: confirmed ? "confirmed" : "proposed",
      proposed_at: ctx.at(proposedDay),
      confirmed_by_person_id: confirmed ? ctx.curatorId : null,
      confirmed_at: confirmed ? ctx.at(addDays(proposedDay, 2)) : null,
    });
    for (const mentee of group.mentees) pairMentees.push({ pair_id: pairId, mentee_participant_id: mentee });
    if (confirmed)
      confirmedGroups.push({ pairId, mentorPersonId: group.mentor.person_id, mentees: group.mentees });
  });
  await repo.insertMany("pair", pairs);
  await repo.insertMany("pair_mentee", pairMentees);

  type MeetingPlan = Omit<Insertable<MeetingTable>, "id"> & { mentees: number[] };
  const plans: MeetingPlan[] = [];
  const firstDay = addDays(ctx.groupMeetingDay, 10);
  const weeksSoFar = Math.max(0, Math.floor(daysBetween(firstDay, ctx.today) / 7));
  for (const group of confirmedGroups) {
    // One pair in ten met once and fell silent: the digest flags pairs like that.
    const silent = rng.chance(0.1);
    const count = silent ? 1 : rng.int(1, Math.max(1, Math.min(8, weeksSoFar)));
    for (let n = 0; n < count; n++) {
      const heldOn = addDays(firstDay, n * 7 + rng.int(0, 2));
      if (heldOn >= ctx.today) break;
      const last = n === count - 1;
      plans.push({
        pair_id: group.pairId,
        type: MEETING_SEQUENCE[n] ?? "regular",
        held_on: heldOn,
        format: rng.chance(0.7) ? "in_person" : "online",
        length_minutes: rng.int(6, 18) * 5,
        topics: rng.pick(ctx.topics),
        next_on: last && silent ? null : addDays(heldOn, 7),
        logged_by_person_id: group.mentorPersonId,
        created_at: ctx.at(heldOn, 16),
        mentees: group.mentees,
      });
    }
  }
  const meetingIds = await repo.allocateIds("meeting", plans.length);
  const attendance: Insertable<MeetingAttendanceTable>[] = [];
  const confirmations: Insertable<MeetingConfirmationTable>[] = [];
  const meetings = plans.map(({ mentees, ...meeting }, index) => {
    const meetingId = meetingIds[index]!;
    for (const mentee of mentees) {
      const came = rng.chance(0.92);
      attendance.push({ meeting_id: meetingId, participant_id: mentee, attended: came });
      if (!came || !rng.chance(0.8)) continue;
      const happened = rng.chance(0.97);
      confirmations.push({
        meeting_id: meetingId,
        participant_id: mentee,
        happened,
        usefulness: happened ? rng.int(rng.chance(0.1) ? 1 : 3, 5) : null,
        comment: rng.chance(0.1) ? rng.pick(ctx.comments) : null,
        flag_to_curator: rng.chance(0.02),
        confirmed_at: ctx.at(addDays(meeting.held_on, 1), 10),
      });
    }
    return { id: meetingId, ...meeting };
  });
  await repo.insertMany("meeting", meetings);
  await repo.insertMany("meeting_attendance", attendance);
  await repo.insertMany("meeting_confirmation", confirmations);

  return {
    pairs: pairs.length,
    confirmedPairs: confirmedGroups.length,
    pairedMentees: pairMentees.length,
    meetings: meetings.length,
    meetingConfirmations: confirmations.length,
  };
}

function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
