import type { Kysely } from "kysely";
import { handleInput, progressOf, startForm, stepOf } from "../core/forms/engine.js";
import type { FormDefinition } from "../core/forms/definition.js";
import type { FormRegistry } from "../core/forms/registry.js";
import { parseFormState } from "../core/forms/state.js";
import { engineText } from "../core/forms/texts.js";
import type {
  AnsweredQuestion,
  Answers,
  Context,
  Input,
  Outcome,
  Prompt,
  Result,
  Sources,
  Text,
} from "../core/forms/types.js";
import type { Database, FormSessionStatus, Side } from "../storage/tables.js";
import { createFormSessionRepository, type FormSessionRecord } from "./form-session.repository.js";

/** What one call did: the prompts to show and where the session stands. */
export interface FormTurn {
  sessionId: number;
  /** null only when the session does not exist or belongs to someone else (outcome "stale"). */
  formKey: string | null;
  formVersion: number | null;
  status: FormSessionStatus | null;
  outcome: Outcome;
  prompts: Prompt[];
  /** The submitted answers, when this call submitted the form. */
  answers?: Answers;
  /** With "accepted": the question just answered or skipped, as it was shown, and its answer. */
  answered?: AnsweredQuestion;
}

export interface OpenFormSession {
  sessionId: number;
  formKey: string;
  formVersion: number;
  programId: number | null;
  subjectKey: string;
  /** The form's title; undefined when its version is no longer registered. */
  title?: Text;
  progress?: { current: number; total: number };
  startedAt: Date;
  updatedAt: Date;
}

export interface SubmittedForm {
  sessionId: number;
  personId: number;
  programId: number | null;
  formKey: string;
  formVersion: number;
  subjectKey: string;
  answers: Answers;
}

export interface FormSessionServiceDependencies {
  db: Kysely<Database>;
  registry: FormRegistry;
  clock: () => Date;
  /** Used when neither the caller, the person nor the programme's organisation names a zone. */
  defaultTimeZone?: string;
  /**
   * Runs inside the transaction that submits a form, so domain rows written from the answers (a
   * meeting from a check-in, preferences from a poll) commit or fail together with the submission.
   * Use only `trx` inside.
   */
  onSubmit?: (form: SubmittedForm, trx: Kysely<Database>) => Promise<void>;
}

export interface OpenFormRequest {
  personId: number;
  formKey: string;
  programId: number | null;
  /** What the form is about when a person fills it more than once ("meeting:42", "entry"). */
  subjectKey?: string;
  /** The person's zone; looked up (person, then organisation, then the default) when omitted. */
  timeZone?: string;
  /** Run-time lists for pick and ranking questions; kept in the session (see Context.sources). */
  sources?: Sources;
  /**
   * Answers a new session starts with (see startForm): stored like given ones, fixable from the
   * summary. A resumed session keeps what it has.
   */
  defaults?: Answers;
}

export interface FormInputRequest {
  personId: number;
  /** The session a button belongs to (carry it in the button payload); typed text may omit it. */
  sessionId?: number;
  input: Input;
  timeZone?: string;
  sources?: Sources;
}

export interface FormSessionService {
  /**
   * Starts the form for a person, or resumes their open session of it (same programme and subject) and
   * shows where they stopped. New sessions start on the latest registered version.
   */
  open(request: OpenFormRequest): Promise<FormTurn>;
  /**
   * Applies one input to a session of this person. Saves state and answers in one transaction after
   * every change; a concurrent change to the same session makes this call re-read and re-apply (the
   * input then turns stale if its question was answered meanwhile). A session of someone else, or
   * one that does not exist, is answered "stale" and nothing changes. Without `sessionId` the input
   * goes to the person's most recently touched open session; undefined when there is none.
   */
  handle(request: FormInputRequest & { sessionId: number }): Promise<FormTurn>;
  handle(request: FormInputRequest): Promise<FormTurn | undefined>;
  /** The current step of a session again (for /start and reminders); undefined when the person has no open session. */
  show(request: { personId: number; sessionId?: number; timeZone?: string }): Promise<FormTurn | undefined>;
  /** The person's unfinished sessions, most recently touched first. */
  openSessions(personId: number): Promise<OpenFormSession[]>;
  hasSubmitted(
    personId: number,
    formKey: string,
    programId: number | null,
    subjectKey?: string,
  ): Promise<boolean>;
  /**
   * Everyone who should fill form `formKey` in the programme (active participants on the side its
   * audience names) and has not submitted it, with their open session if any: one query. A form for
   * curators has no such people here ([]). With `subjectKey`, only sessions about that subject count.
   */
  listUnfinished(
    programId: number,
    formKey: string,
    options?: { subjectKey?: string },
  ): Promise<{ personId: number; openSessionId: number | null; step: string | null }[]>;
  /** The stored answers of a session, each with the form version that asked it. */
  answers(sessionId: number): Promise<{ questionKey: string; formVersion: number; value: unknown }[]>;
  /** Every registered definition, each version of each form: what names questions and options in exports. */
  definitions(): FormDefinition[];
  /** The same service working inside `db`, e.g. the transaction of an inbound update's turn. */
  within(db: Kysely<Database>): FormSessionService;
}

/** Enough for any realistic burst of taps on one session; more means something loops. */
const MAX_ATTEMPTS = 8;
const DEFAULT_TIME_ZONE = "Europe/Moscow";

const AUDIENCE_SIDES: Record<FormDefinition["audience"], Side[]> = {
  mentee: ["mentee"],
  mentor: ["mentor"],
  any: ["mentor", "mentee"],
  curator: [],
};

/**
 * Runs forms for people, persisting progress after every answer. Keeps nothing in memory between
 * calls: any instance can continue any session.
 *
 * @example
 * const forms = createFormSessionService({ db, registry, clock: () => new Date() });
 * const first = await forms.open({ personId: 7, formKey: "mentee_entry_pupil", programId: 3 });
 * const next = await forms.handle({ personId: 7, sessionId: first.sessionId, input: { type: "text", text: "8" } });
 */
export function createFormSessionService(deps: FormSessionServiceDependencies): FormSessionService {
  const repository = createFormSessionRepository(deps.db);
  const defaultTimeZone = deps.defaultTimeZone ?? DEFAULT_TIME_ZONE;

  function definitionOf(session: FormSessionRecord): FormDefinition {
    const definition = deps.registry.get(session.formKey, session.formVersion);
    if (!definition) {
      // Removing a version with sessions still open strands them: a deployment mistake, not input.
      throw new Error(`Form ${session.formKey} version ${session.formVersion} is not registered`);
    }
    return definition;
  }

  async function contextFor(
    personId: number,
    programId: number | null,
    timeZone: string | undefined,
    sources: Sources | undefined,
  ): Promise<Context> {
    const zone = timeZone ?? (await repository.timeZoneOf(personId, programId, defaultTimeZone));
    const context: Context = { now: deps.clock(), timeZone: zone };
    if (sources) context.sources = sources;
    return context;
  }

  function turn(session: FormSessionRecord, result: Result, status: FormSessionStatus): FormTurn {
    const value: FormTurn = {
      sessionId: session.id,
      formKey: session.formKey,
      formVersion: session.formVersion,
      status,
      outcome: result.outcome,
      prompts: result.prompts,
    };
    const submit = result.effects.find((e) => e.type === "submit");
    if (submit) value.answers = submit.answers;
    if (result.answered) value.answered = result.answered;
    return value;
  }

  function foreign(sessionId: number): FormTurn {
    return {
      sessionId,
      formKey: null,
      formVersion: null,
      status: null,
      outcome: "stale",
      prompts: [{ type: "notice", tone: "info", text: engineText("stale") }],
    };
  }

  function closed(session: FormSessionRecord): FormTurn {
    return {
      sessionId: session.id,
      formKey: session.formKey,
      formVersion: session.formVersion,
      status: session.status,
      outcome: "stale",
      prompts: [{ type: "notice", tone: "info", text: engineText("stale-finished") }],
    };
  }

  /** Saves a result whose state changed; false when another writer got there first. */
  async function save(session: FormSessionRecord, result: Result, now: Date): Promise<boolean> {
    const submitted = result.effects.some((e) => e.type === "submit");
    return repository.inTransaction(async (tx, trx) => {
      const change = {
        id: session.id,
        revision: session.revision,
        state: result.state,
        step: stepOf(result.state),
        status: submitted ? ("submitted" as const) : ("in_progress" as const),
        now,
      };
      // The usual turn, one answer given, writes the state and the answer in one statement.
      const [first, ...rest] = result.effects;
      const foldFirst = first?.type === "set_answer";
      const saved = foldFirst
        ? await tx.saveStateWithAnswer(change, {
            questionKey: first.question,
            formVersion: session.formVersion,
            value: first.value,
          })
        : await tx.saveState(change);
      if (!saved) return false;
      for (const effect of foldFirst ? rest : result.effects) {
        if (effect.type === "set_answer") {
          await tx.upsertAnswer({
            sessionId: session.id,
            questionKey: effect.question,
            formVersion: session.formVersion,
            value: effect.value,
            now,
          });
        } else if (effect.type === "clear_answer") {
          await tx.deleteAnswer(session.id, effect.question);
        } else if (deps.onSubmit) {
          await deps.onSubmit(
            {
              sessionId: session.id,
              personId: session.personId,
              programId: session.programId,
              formKey: session.formKey,
              formVersion: session.formVersion,
              subjectKey: session.subjectKey,
              answers: effect.answers,
            },
            trx,
          );
        }
      }
      return true;
    });
  }

  /**
   * Read, apply, write with optimistic locking; on a lost race, read again and apply again. Inputs that
   * name no step are pinned to the step seen first, so a retried text never answers the next question.
   */
  async function apply(
    sessionId: number,
    personId: number,
    input: Input,
    timeZone: string | undefined,
    sources: Sources | undefined,
  ): Promise<FormTurn> {
    let pinned: Input = input;
    let context: Context | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The first read brings the zone along when the caller did not name one (a statement fewer).
      let session: FormSessionRecord | undefined;
      let zone = timeZone;
      if (context === undefined && zone === undefined) {
        const found = await repository.findByIdWithTimeZone(sessionId, defaultTimeZone);
        session = found;
        zone = found?.timeZone;
      } else {
        session = await repository.findById(sessionId);
      }
      if (!session || session.personId !== personId) return foreign(sessionId);
      if (session.status === "abandoned") return closed(session);
      context ??= await contextFor(personId, session.programId, zone, sources);
      // Each attempt sees the time of its own read.
      const now = attempt === 0 ? context.now : deps.clock();
      const state = parseFormState(session.state);
      if (attempt === 0) pinned = pin(input, stepOf(state));
      const result = handleInput(definitionOf(session), state, pinned, { ...context, now });
      if (result.state === state || session.status !== "in_progress") {
        // Nothing to write: shown, invalid, stale. A submitted session's state says "done", so every
        // input to it comes back stale from the engine and never reaches the write below.
        return turn(session, result, session.status);
      }
      if (await save(session, result, now)) {
        return turn(
          session,
          result,
          result.effects.some((e) => e.type === "submit") ? "submitted" : "in_progress",
        );
      }
    }
    throw new Error(`Form session ${sessionId}: could not save after ${MAX_ATTEMPTS} concurrent attempts`);
  }

  async function handle(request: FormInputRequest): Promise<FormTurn | undefined> {
    let sessionId = request.sessionId;
    if (sessionId === undefined) {
      sessionId = (await repository.findLatestOpen(request.personId))?.id;
      if (sessionId === undefined) return undefined;
    }
    return apply(sessionId, request.personId, request.input, request.timeZone, request.sources);
  }

  return {
    within: (db) => createFormSessionService({ ...deps, db }),
    definitions: () => deps.registry.all(),
    async open(request) {
      const key = {
        personId: request.personId,
        formKey: request.formKey,
        programId: request.programId,
        subjectKey: request.subjectKey ?? "",
      };
      const existing = await repository.findOpen(key);
      if (existing) {
        return apply(existing.id, request.personId, { type: "show" }, request.timeZone, request.sources);
      }
      const definition = deps.registry.latest(request.formKey);
      if (!definition) throw new Error(`Unknown form "${request.formKey}"`);
      const context = await contextFor(
        request.personId,
        request.programId,
        request.timeZone,
        request.sources,
      );
      const result = startForm(definition, context, request.defaults);
      const created = await repository.inTransaction(async (tx) => {
        const session = await tx.insertOpen({
          ...key,
          formVersion: definition.version,
          state: result.state,
          step: stepOf(result.state),
          now: context.now,
        });
        for (const effect of session ? result.effects : []) {
          if (effect.type !== "set_answer") continue;
          await tx.upsertAnswer({
            sessionId: session!.id,
            questionKey: effect.question,
            formVersion: definition.version,
            value: effect.value,
            now: context.now,
          });
        }
        return session;
      });
      if (created) return turn(created, result, "in_progress");
      // Another instance (or a double tap) opened it a moment ago: resume that one.
      const winner = await repository.findOpen(key);
      if (!winner) throw new Error(`Form session for ${request.formKey} neither created nor found`);
      return apply(winner.id, request.personId, { type: "show" }, request.timeZone, request.sources);
    },

    handle: handle as FormSessionService["handle"],

    async show(request) {
      return handle({ personId: request.personId, sessionId: request.sessionId, input: { type: "show" } });
    },

    async openSessions(personId) {
      const sessions = await repository.listOpen(personId);
      return sessions.map((session) => {
        const open: OpenFormSession = {
          sessionId: session.id,
          formKey: session.formKey,
          formVersion: session.formVersion,
          programId: session.programId,
          subjectKey: session.subjectKey,
          startedAt: session.startedAt,
          updatedAt: session.updatedAt,
        };
        const definition = deps.registry.get(session.formKey, session.formVersion);
        if (definition) {
          open.title = { key: definition.title };
          open.progress = progressOf(definition, parseFormState(session.state));
        }
        return open;
      });
    },

    hasSubmitted(personId, formKey, programId, subjectKey) {
      return repository.hasSubmitted({ personId, formKey, programId, subjectKey });
    },

    async listUnfinished(programId, formKey, options = {}) {
      const definition = deps.registry.latest(formKey);
      if (!definition) throw new Error(`Unknown form "${formKey}"`);
      return repository.listUnfinished({
        programId,
        formKey,
        sides: AUDIENCE_SIDES[definition.audience],
        subjectKey: options.subjectKey,
      });
    },

    answers(sessionId) {
      return repository.answers(sessionId);
    },
  };
}

/** Gives inputs that may omit their step (typed text, /back, /skip, submit) the step they were meant for. */
function pin(input: Input, step: string): Input {
  switch (input.type) {
    case "text":
    case "back":
    case "skip":
    case "submit":
      return input.question === undefined ? { ...input, question: step } : input;
    default:
      return input;
  }
}
