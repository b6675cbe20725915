import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** date columns are read as 'YYYY-MM-DD' strings (see storage/database.ts) so no zone shifts a day. */
type CalendarDate = string;
type Json<T = unknown> = ColumnType<T, string, string>;

export type Channel = "telegram" | "vk" | "max" | "console";
export type Side = "mentor" | "mentee";
export type Category = "pupil" | "student" | "teacher" | "young_specialist" | "employer" | "parent";
export type Role = "curator" | "coordinator" | "admin";
export type OrganisationKind = "school" | "college" | "additional_education" | "other";
export type ProgramStatus = "draft" | "active" | "finished" | "archived";

export interface MunicipalityTable {
  id: Generated<number>;
  name: string;
  region: string | null;
  created_at: DefaultedTimestamp;
}

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  kind: OrganisationKind;
  time_zone: string;
  municipality_id: number | null;
  /** The full legal name the consent names as the operator; null until given (the short name stands in). */
  legal_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** The operator's postal address, as the consent shows it; null until given. */
  address: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
}

export interface PersonTable {
  id: Generated<number>;
  display_name: string | null;
  locale: "ru" | "en" | null;
  is_minor: boolean | null;
  time_zone: string | null;
  created_at: DefaultedTimestamp;
  erased_at: Timestamp | null;
  /** Reminders that are not essential (nudges, information) are not sent (/settings). */
  reminders_muted: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ChannelAccountTable {
  id: Generated<number>;
  person_id: number;
  channel: Channel;
  external_id: string;
  chat_id: string;
  blocked_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  last_seen_at: Timestamp | null;
}

export interface MembershipTable {
  id: Generated<number>;
  person_id: number;
  role: Role;
  organisation_id: number | null;
  municipality_id: number | null;
  created_at: DefaultedTimestamp;
}

export interface ProgramTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  form_key: string;
  role_variant: string | null;
  academic_year: string;
  starts_on: CalendarDate | null;
  ends_on: CalendarDate | null;
  status: ColumnType<ProgramStatus, ProgramStatus | undefined, ProgramStatus>;
  created_at: DefaultedTimestamp;
  roadmap_template: ColumnType<string | null, string | null | undefined, string | null>;
  /** Quiet hours in minutes after local midnight (21:00-09:00 unless the curator sets others). */
  quiet_from: ColumnType<number, number | undefined, number>;
  quiet_to: ColumnType<number, number | undefined, number>;
  /** Those who have not acted are nudged every this many days, at most `nudge_limit` times. */
  nudge_after_days: ColumnType<number, number | undefined, number>;
  nudge_limit: ColumnType<number, number | undefined, number>;
}

export interface ParticipantTable {
  id: Generated<number>;
  program_id: number;
  person_id: number;
  side: Side;
  category: Category;
  status: ColumnType<
    "pending_consent" | "active" | "left",
    "pending_consent" | "active" | "left" | undefined,
    "pending_consent" | "active" | "left"
  >;
  capacity: number | null;
  joined_at: DefaultedTimestamp;
  /** The invite whose seat this participation holds; null when made before the column or without one. */
  invite_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface InviteTable {
  id: Generated<number>;
  code: string;
  /** Null only for a coordinator invite, which names a municipality instead. */
  organisation_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** A coordinator invite's municipality; null for every other invite. */
  municipality_id: ColumnType<number | null, number | null | undefined, number | null>;
  program_id: number | null;
  side: Side | null;
  category: Category | null;
  role: "curator" | "coordinator" | null;
  max_uses: ColumnType<number, number | undefined, number>;
  uses: ColumnType<number, number | undefined, number>;
  expires_at: Timestamp;
  created_at: DefaultedTimestamp;
}

export interface ConsentTable {
  id: Generated<number>;
  person_id: number;
  kind: "personal_data" | "parental";
  text_version: string;
  given_by: "self" | "parent" | "curator";
  given_by_person_id: number | null;
  given_at: DefaultedTimestamp;
  revoked_at: Timestamp | null;
}

export type FormSessionStatus = "in_progress" | "submitted" | "abandoned";

export interface FormSessionTable {
  id: Generated<number>;
  person_id: number;
  program_id: number | null;
  form_key: string;
  form_version: number;
  /** What the form is about when one person may fill it several times (e.g. "meeting:42"); '' otherwise. */
  subject_key: ColumnType<string, string | undefined, string>;
  status: ColumnType<FormSessionStatus, FormSessionStatus | undefined, FormSessionStatus>;
  step: string | null;
  state: Json;
  /** Bumped on every save; a write that read an older revision loses (optimistic locking). */
  revision: ColumnType<number, number | undefined, number>;
  started_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  submitted_at: Timestamp | null;
}

export interface AnswerTable {
  id: Generated<number>;
  form_session_id: number;
  question_key: string;
  form_version: number;
  value: Json;
  answered_at: DefaultedTimestamp;
}

export interface GroupMeetingTable {
  id: Generated<number>;
  program_id: number;
  title: string | null;
  held_on: CalendarDate;
  poll_opened_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  opened_by_person_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The preference poll's deadline; the clock closes it then (and a curator may close it sooner). */
  poll_closes_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  poll_closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface GroupMeetingAttendeeTable {
  group_meeting_id: number;
  participant_id: number;
}

export interface PreferenceTable {
  id: Generated<number>;
  program_id: number;
  group_meeting_id: number | null;
  from_participant_id: number;
  to_participant_id: number;
  rank: number;
  created_at: DefaultedTimestamp;
}

export type PairStatus = "proposed" | "confirmed" | "finished" | "cancelled";

export interface PairTable {
  id: Generated<number>;
  program_id: number;
  mentor_participant_id: number;
  status: ColumnType<PairStatus, PairStatus | undefined, PairStatus>;
  proposed_at: DefaultedTimestamp;
  confirmed_by_person_id: number | null;
  confirmed_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The group meeting whose poll proposed this pair; null for a pair the curator made by hand. */
  group_meeting_id: ColumnType<number | null, number | null | undefined, number | null>;
  ended_reason: ColumnType<PairEndReason | null, PairEndReason | null | undefined, PairEndReason | null>;
  ended_by_person_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type PairEndReason = "completed" | "mismatch" | "left" | "other";

export interface PairMenteeTable {
  pair_id: number;
  mentee_participant_id: number;
  /** Where the mentee put the mentor in the poll (1 = first choice); null when they did not rank them. */
  mentee_rank: ColumnType<number | null, number | null | undefined, number | null>;
  /** Where the mentor put the mentee; null when they did not. */
  mentor_rank: ColumnType<number | null, number | null | undefined, number | null>;
  assigned_by: ColumnType<"matching" | "curator", "matching" | "curator" | undefined, "matching" | "curator">;
}

export type MeetingType = "first" | "trial" | "planning" | "regular" | "final";

export interface MeetingTable {
  id: Generated<number>;
  pair_id: number;
  type: MeetingType;
  held_on: CalendarDate;
  format: "in_person" | "online";
  length_minutes: number | null;
  topics: string | null;
  next_on: CalendarDate | null;
  logged_by_person_id: number | null;
  form_session_id: number | null;
  created_at: DefaultedTimestamp;
  /** The check-in's topic codes (MEETING_TOPICS); `topics` holds the mentor's own words, if any. */
  topic_codes: ColumnType<string[], string[] | undefined, string[]>;
  /** Corrected by its mentor within the edit window, and why. */
  edited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  edit_reason: ColumnType<
    MeetingEditReason | null,
    MeetingEditReason | null | undefined,
    MeetingEditReason | null
  >;
  /** Withdrawn: kept for the record, counted nowhere. */
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  delete_reason: ColumnType<
    MeetingDeleteReason | null,
    MeetingDeleteReason | null | undefined,
    MeetingDeleteReason | null
  >;
  changed_by_person_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type MeetingEditReason = "date" | "details" | "people" | "other";
export type MeetingDeleteReason = "not_held" | "duplicate" | "wrong_pair" | "other";

export interface MeetingAttendanceTable {
  meeting_id: number;
  participant_id: number;
  attended: boolean;
}

export interface MeetingConfirmationTable {
  meeting_id: number;
  participant_id: number;
  happened: boolean;
  usefulness: number | null;
  comment: string | null;
  flag_to_curator: ColumnType<boolean, boolean | undefined, boolean>;
  confirmed_at: DefaultedTimestamp;
}

export type RoadmapAudience = "all" | "mentors" | "mentees" | "curators";
export type RoadmapAction = "form" | "meeting" | "curator_task" | "information";
export type CuratorCheck = "consents" | "pairs";

export interface RoadmapStageTable {
  id: Generated<number>;
  program_id: number;
  key: string;
  position: number;
  audience: RoadmapAudience;
  action: RoadmapAction;
  opens_on: CalendarDate;
  closes_on: CalendarDate;
  /** A form key, or "entry" / "final_satisfaction", which each participant's side and category resolve. */
  form_key: ColumnType<string | null, string | null | undefined, string | null>;
  subject_key: ColumnType<string, string | undefined, string>;
  meeting_type: ColumnType<MeetingType | null, MeetingType | null | undefined, MeetingType | null>;
  /** What a curator task waits for: no consent missing, no pair left to confirm. */
  curator_check: ColumnType<CuratorCheck | null, CuratorCheck | null | undefined, CuratorCheck | null>;
  /** A locales/ id (built-in templates). */
  title_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** An operator template's own title by locale; stored as JSON text. */
  title_texts: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** When the clock looks at the stage next; null when nothing more can fall due. */
  next_check_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ProgramHolidayTable {
  id: Generated<number>;
  program_id: number;
  starts_on: CalendarDate;
  ends_on: CalendarDate;
}

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "skipped";

export interface DeliveryTable {
  id: Generated<number>;
  person_id: number | null;
  channel_account_id: number | null;
  channel: Channel;
  kind: string;
  dedupe_key: string;
  payload: Json;
  due_at: Timestamp;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  locked_until: Timestamp | null;
  sent_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  /** People named in the payload besides the recipient: erasing one of them blanks the text. */
  mentions: ColumnType<number[], number[] | undefined, number[]>;
}

export type UpdateState = "handling" | "done" | "failed";

export interface ProcessedUpdateTable {
  channel: Channel;
  update_id: string;
  /** When it was recorded; when it was finished once done (pruning counts from here). */
  processed_at: DefaultedTimestamp;
  state: ColumnType<UpdateState, UpdateState | undefined, UpdateState>;
  /** While 'handling': past this, another instance may take the update over. */
  lease_until: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  /** Orders one person's updates across instances (see the inbound pipeline); null for old rows. */
  order_key: string | null;
  /** The platform's update as received, kept only until it is done. */
  payload: ColumnType<unknown, string | null | undefined, string | null>;
  /** Recording order: a person's updates are handled in it (bigint, read as a string). */
  seq: Generated<string>;
}

/** The next moment the outbox may push through a bot (see migrations/2026-12-03T10-10_outbox.ts). */
export interface OutboxRateWindowTable {
  channel: Channel;
  key: string;
  next_free_at: Timestamp;
}

export interface IndicatorTargetTable {
  id: Generated<number>;
  scope: "organisation" | "municipality" | "region";
  scope_id: number | null;
  indicator: string;
  /** The academic year's first calendar year: 2026 for 2026/2027. */
  year: number;
  /** A percentage; numeric comes back as a string so no precision is lost. Null: the seeds' default. */
  target: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  /** What the share is taken of (all pupils aged 10-18...), entered by a curator or coordinator. */
  denominator: ColumnType<number | null, number | null | undefined, number | null>;
  /** A count the service cannot see itself (partner organisations that provided mentors). */
  entered_count: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: DefaultedTimestamp;
  updated_by_person_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ParentalConsentRequestTable {
  id: Generated<number>;
  code: string;
  person_id: number;
  expires_at: Timestamp;
  fulfilled_at: Timestamp | null;
  fulfilled_by_person_id: number | null;
  created_at: DefaultedTimestamp;
}

export interface AccountLinkCodeTable {
  id: Generated<number>;
  code: string;
  person_id: number;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

/** Where a polling transport stopped reading (VK Bots Long Poll: the last `ts` fully handled). */
export interface ChannelCursorTable {
  channel: Channel;
  key: string;
  value: string;
  updated_at: DefaultedTimestamp;
}

/** Secrets the service generated for itself (the button signing key when none is configured). */
export interface ServiceSecretTable {
  name: string;
  value: string;
  created_at: DefaultedTimestamp;
}

export type AuditActorRole = "curator" | "coordinator" | "admin" | "participant";
export type AuditAction = "export" | "own_data";

/** Who saw which organisation's data (an export) or their own (/mydata), when and where. */
export interface AuditLogTable {
  id: Generated<string>;
  at: DefaultedTimestamp;
  /** Null for the command line (the operator) and once the person is erased. */
  actor_person_id: number | null;
  actor_role: AuditActorRole;
  /** The command line's operator (the system user), as far as it is known. */
  actor_label: ColumnType<string | null, string | null | undefined, string | null>;
  channel: Channel | "cli";
  action: AuditAction;
  /** What was taken: participants, answers, pairs, meetings, indicators, all, own_data. */
  subject: string;
  format: ColumnType<"xlsx" | "csv" | "json" | null, "xlsx" | "csv" | "json" | null | undefined, never>;
  organisation_id: ColumnType<number | null, number | null | undefined, number | null>;
  row_count: ColumnType<number | null, number | null | undefined, never>;
}

export interface Database {
  channel_cursor: ChannelCursorTable;
  service_secret: ServiceSecretTable;
  account_link_code: AccountLinkCodeTable;
  parental_consent_request: ParentalConsentRequestTable;
  municipality: MunicipalityTable;
  organisation: OrganisationTable;
  person: PersonTable;
  channel_account: ChannelAccountTable;
  membership: MembershipTable;
  program: ProgramTable;
  participant: ParticipantTable;
  invite: InviteTable;
  consent: ConsentTable;
  form_session: FormSessionTable;
  answer: AnswerTable;
  group_meeting: GroupMeetingTable;
  group_meeting_attendee: GroupMeetingAttendeeTable;
  preference: PreferenceTable;
  pair: PairTable;
  pair_mentee: PairMenteeTable;
  meeting: MeetingTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_confirmation: MeetingConfirmationTable;
  roadmap_stage: RoadmapStageTable;
  program_holiday: ProgramHolidayTable;
  delivery: DeliveryTable;
  outbox_rate_window: OutboxRateWindowTable;
  processed_update: ProcessedUpdateTable;
  indicator_target: IndicatorTargetTable;
  audit_log: AuditLogTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type Program = Selectable<ProgramTable>;
export type NewProgram = Insertable<ProgramTable>;
export type Person = Selectable<PersonTable>;
export type Invite = Selectable<InviteTable>;
export type FormSessionRow = Selectable<FormSessionTable>;
export type FormSessionUpdate = Updateable<FormSessionTable>;
