/**
 * The decisions service: polls and ExCom decisions. Loads documents, applies the pure rules
 * (poll-rules, decision-rules, agency-voices, consensus-rules), saves with ETags and asks the
 * outbox for deliveries and in-place updates. Rights come from the permissions module only.
 * Bot routes, the tab API and the scheduler call it; it never answers HTTP. Refusals are
 * DecisionErrors with a code, and a refused request changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { toCsv } from '../api/csv-export';
import { cardMessage, type CardRenderer } from '../cards/card-renderer';
import { withOutcome } from '../cards/confirmation';
import { withOtherLanguageAction } from '../cards/card-language';
import { cardTemplates } from '../cards/templates';
import type { ConversationService } from '../delivery/conversation-service';
import type { OutboxService } from '../delivery/outbox-service';
import type { OutboxActivity, Recipient } from '../delivery/outbox-rules';
import type { RosterService } from '../delivery/roster-service';
import { translate, type Language } from '../i18n';
import { fieldProblem } from '../api/input-problems';
import type { Logger } from '../logger';
import { MembershipRepository } from '../network/membership-repository';
import { tabLink, type TabLink } from '../cards/tab-links';
import type { MembershipService, MemberWithRoles } from '../network/membership-service';
import type { MemberDocument } from '../network/model';
import { may, type Action } from '../network/permissions';
import type { Person } from '../network/roles';
import { checkFutureInstant, instantProblem, instantRefusalText, isCanonicalDue, isDue, type InstantField } from '../scheduling/instants';
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreNotFoundError } from '../store/errors';
import { withConcurrencyRetry } from '../store/retry';
import { AgencyVoices, type VoiceSubject } from '../agency-voices/agency-voices-service';
import { syncVoiceCards } from '../agency-voices/voice-card-sync';
import { MAX_COMMENT_LENGTH, sameVoices } from '../agency-voices/voice-rules';
import { COMMENT_REQUIRED_FOR, POSITIONS, type DecisionMode, type Position } from './consensus-rules';
import {
  DECISION_VIEW_VERB,
  MAX_REFRESH_USER_IDS,
  POLL_VIEW_VERB,
  closeConfirmationCardData,
  closedOutcomeLines,
  decisionCardData,
  pollCardData,
  registerCardData,
  reminderCardData,
  type DecisionViewer,
} from './decision-cards';
import {
  SYSTEM_ACTOR,
  close,
  currentOutcome,
  decisionSummary,
  decisionTally,
  dueEffects,
  embeddedRecords,
  positionRound,
  positionSummary,
  representativeRole,
  withPositionSummary,
  extend,
  markCardsFresh,
  markCardsStale,
  markReminded,
  openExcomPhase,
  registerNumber,
  withDue,
  type DecisionSummary,
  type PositionRecords,
} from './decision-rules';
import { CardRefresher } from '../cards/card-refresher';
import { DecisionsRepository } from './decisions-repository';
import { DecisionError } from './errors';
import {
  CARD_COMMENTS,
  DECISION_DOCUMENT_TYPES,
  NO_COMMENTS,
  commentDocumentId,
  decisionDocumentId,
  POLL_TALLY_SHARDS,
  pollAnswerDocumentId,
  pollDocumentId,
  type Audience,
  type CommentDocument,
  type CommentsShown,
  type DecisionDocument,
  type DecisionPhase,
  type DecisionSubject,
  type PollAnswerDocument,
  type PollDocument,
  type PollKind,
} from './model';
import { DEFAULT_CARD_TIME_ZONE } from '../cards/card-text';
import { zonePlace } from '../settings/model';
import { DEFAULT_POLL_TIME_ZONE, bestSlot, isTimeZone, parseSlotText, pickedInstant, slotExamples, validateSlots, type SlotInput } from './slot-rules';
import {
  MAX_POLL_OPTIONS,
  applyAnswerToTally,
  emptyTally,
  isPollOpen,
  nonResponders,
  pollOptions,
  pollResults,
  pollTallyShard,
  resultsOfTallies,
  sameTally,
  tallyOfAnswers,
  validateAnswer,
  type AnswerInput,
  type PollResults,
} from './poll-rules';
import { dueReminder, nextDue, supersededReminders } from '../scheduling/reminders';
import { readsNames } from './decision-views';
import { BUILT_IN_DEFAULTS, preferencesFor, type NetworkPreferences, type PreferencesOf } from '../settings/model';


/** Outbox message keys, named once: idempotent per (key, recipient). */
export const messageKeys = {
  pollCard: (pollId: string) => `poll:${pollId}:card`,
  pollPersonal: (pollId: string) => `poll:${pollId}:personal`,
  pollReminder: (pollId: string, offset: number) => `poll:${pollId}:reminder:${offset}`,
  consultation: (decisionId: string) => `decision:${decisionId}:consultation`,
  excom: (decisionId: string) => `decision:${decisionId}:excom`,
  excomChannel: (decisionId: string) => `decision:${decisionId}:excom-channel`,
  decisionReminder: (decisionId: string, offset: number) => `decision:${decisionId}:reminder:${offset}`,
} as const;

export interface Actor {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface NewPoll {
  readonly question: string;
  readonly kind: PollKind;
  /**
   * Labels, or time slots with their start and end (ISO instants). In a time-slot poll a label
   * is read as typed in chat (`12/05 10:00-12:00`, in `timeZone`): dated slots get their times,
   * dates that do not exist are refused (slot-rules parseSlotText).
   */
  readonly options: readonly (string | SlotInput)[];
  /** IANA zone of the slots (time-slot polls); Africa/Conakry by default. */
  readonly timeZone?: string;
  readonly anonymous: boolean;
  readonly deadline: string;
  readonly reminderOffsetsMinutes?: readonly number[];
  /** The chat or channel the poll is created in; none = every confirmed member, 1:1. */
  readonly conversationId?: string;
  /** When that chat is the creator's 1:1 chat with the bot: their language, the card's. */
  readonly conversationLanguage?: Language;
}

/** A time-slot poll and its best slot, as the tab lists them for a co-chair. */
export interface PollBestSlot {
  readonly pollId: string;
  readonly question: string;
  readonly open: boolean;
  readonly deadline: string;
  readonly timeZone: string;
  readonly respondents: number;
  readonly best: { readonly optionId: string; readonly label: string; readonly start: string; readonly end: string; readonly yes: number; readonly ifNeedBe: number };
}

export interface NewDecision {
  readonly title: string;
  readonly text: { readonly fr?: string; readonly en?: string };
  readonly mode: DecisionMode;
  readonly consultationDeadline?: string;
  readonly deadline: string;
  readonly reminderOffsetsMinutes?: readonly number[];
  /** What the decision is about, when another slice opens it (model.ts DecisionSubject). */
  readonly subject?: DecisionSubject;
}

/** A decision's outcome as a slice that linked a subject to it reads it. */
export interface SubjectOutcome {
  readonly networkId: string;
  readonly decisionId: string;
  readonly subject?: DecisionSubject;
  readonly phase: DecisionPhase;
  /** Set once closed. */
  readonly outcome?: 'adopted' | 'noConsensus';
  /** Set once numbered: the outcome is final and every card shows it. */
  readonly registerNumber?: string;
  readonly closedAt?: string;
}

/** Told when a decision about one of its subjects is closed and numbered (failures are logged, never block the close). */
export type SubjectOutcomeObserver = (outcome: SubjectOutcome) => Promise<void>;

export interface PositionInput {
  readonly agencyCode?: string;
  readonly position: string;
  readonly comment?: string;
  readonly requestId?: string;
}

/** A card's date and time pickers as typed (`YYYY-MM-DD`, `HH:MM`), on the decision's clocks. */
export interface PickedDateTime {
  readonly date: string;
  readonly time?: string | undefined;
}

export interface RegisterFilter {
  readonly status?: 'open' | 'closed';
  readonly outcome?: 'adopted' | 'noConsensus';
  readonly year?: number;
  readonly mode?: DecisionMode;
  readonly q?: string;
}

export interface DecisionsServiceOptions {
  readonly store: DocumentStore;
  readonly membership: MembershipService;
  readonly outbox: OutboxService;
  readonly roster: RosterService;
  readonly conversations: ConversationService;
  readonly cards: CardRenderer;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** The app's public URL (PUBLIC_URL or where it listens): links to the tab from poll cards. */
  readonly publicUrl?: () => string;
  /** Links to the tab's pages (a Teams deep link when the Teams app id is known); default: the web address under publicUrl. */
  readonly tabLink?: TabLink;
  /** How long positions are folded into one background card refresh (cards/card-refresher.ts). */
  readonly cardRefreshWindowMs?: number;
  /** How old other voters' tally shards may be in a voter's card (decisions-repository.ts). */
  readonly pollTallyFreshMs?: number;
  /** The network's language (channel cards), zone (slot polls) and default decision reminders (settings/). */
  readonly preferences?: PreferencesOf;
}

type MemberView = MemberWithRoles;

const MAX_TEXT = 8000;
const MAX_TITLE = 200;
export const DEFAULT_REMINDERS_MINUTES = [48 * 60, 24 * 60];
/** The Polls page lists at most this many open polls, and as many of the latest closed ones. */
export const POLL_LIST_LIMIT = 50;

export class DecisionsService {
  private readonly repository: DecisionsRepository;
  private readonly members: MembershipRepository;
  /** ExCom positions, one document per agency (src/agency-voices/). */
  private readonly voices: AgencyVoices;
  private readonly now: () => Date;
  /** ExCom card refreshes after the invoke answered, one per decision at a time (syncCards). */
  private readonly refresher: CardRefresher;
  /** The shared copy of a poll card in its chat, refreshed after the answer (syncPollCard). */
  private readonly pollRefresher: CardRefresher;
  /** By subject kind: who is told a linked decision's outcome. */
  private readonly subjectObservers = new Map<string, SubjectOutcomeObserver>();

  constructor(private readonly options: DecisionsServiceOptions) {
    this.repository = new DecisionsRepository(options.store, options.pollTallyFreshMs);
    this.members = new MembershipRepository(options.store);
    this.voices = new AgencyVoices(options.store, options.logger);
    this.now = options.now ?? (() => new Date());
    this.refresher = new CardRefresher({
      refresh: (networkId, decisionId) => this.syncCards(networkId, decisionId),
      subject: 'decision',
      logger: options.logger,
      ...(options.cardRefreshWindowMs !== undefined ? { windowMs: options.cardRefreshWindowMs } : {}),
    });
    this.pollRefresher = new CardRefresher({
      refresh: (networkId, pollId) => this.syncPollCard(networkId, pollId),
      subject: 'poll',
      logger: options.logger,
      ...(options.cardRefreshWindowMs !== undefined ? { windowMs: options.cardRefreshWindowMs } : {}),
    });
  }

  /** Resolves once no card refresh is waiting or running in this process (tests, benchmarks). */
  async cardsIdle(): Promise<void> {
    await Promise.all([this.refresher.idle(), this.pollRefresher.idle()]);
  }

  /**
   * Shutdown: no new background refresh; running ones finish, waiting ones are left to the
   * scheduler after the restart (their decisions are marked `cardsStaleSince` in the store).
   */
  async stopCardRefreshes(): Promise<void> {
    // A poll's shared copy left waiting is brought up to date by the next answer or the close.
    await this.pollRefresher.stop();
    const dropped = await this.refresher.stop();
    if (dropped > 0) this.options.logger.info({ dropped }, 'decision card refreshes left to the scheduler');
  }

  /**
   * `observer` is told the outcome of every decision whose subject is of `kind`, once it is
   * closed and numbered (after its cards are brought up to date). At most one observer a kind.
   */
  observeSubjectOutcomes(kind: string, observer: SubjectOutcomeObserver): void {
    this.subjectObservers.set(kind, observer);
  }

  /** The outcome of a decision, for the slice that linked a subject to it (one point read; no rights: not for people). */
  async subjectOutcome(networkId: string, decisionId: string): Promise<SubjectOutcome | undefined> {
    const read = await this.repository.getDecision(networkId, decisionId);
    return read ? subjectOutcomeOf(read.document) : undefined;
  }

  /** The service's clock, for edges that compute default deadlines. */
  clock(): Date {
    return this.now();
  }

  /** The network's language, zone and default reminders (settings/, cached: no store operation while warm). */
  preferences(networkId: string): Promise<NetworkPreferences> {
    return preferencesFor(this.options.preferences, networkId);
  }

  /**
   * The zone a decision's cards show instants in: the one it was opened in, carried on it, so a
   * card action's answer costs no settings read; a decision from before it, the network's (cached).
   */
  async zoneOf(decision: Pick<DecisionDocument, 'networkId' | 'timeZone'>): Promise<string> {
    return decision.timeZone ?? (await this.preferences(decision.networkId)).timeZone;
  }

  async assertMayCreateDecision(networkId: string, actorId: string): Promise<void> {
    await this.require(networkId, actorId, 'createDecision');
  }

  // ---- polls -----------------------------------------------------------------------------

  async createPoll(networkId: string, actor: Actor, input: NewPoll): Promise<PollDocument> {
    await this.require(networkId, actor.aadObjectId, 'createPoll');
    const now = this.now();
    const question = input.question.trim();
    // Times typed without a zone are the network's local times (settings, Paramètres).
    const timeZone = input.timeZone ?? (await this.preferences(networkId)).timeZone;
    if (!isTimeZone(timeZone)) throw DecisionError.invalidInput(`Unknown time zone ${timeZone}.`, fieldProblem('timeZone', 'invalid'));
    const asOption = (option: string | SlotInput): SlotInput => (typeof option !== 'string' ? option : input.kind === 'timeSlots' ? parseSlotText(option, timeZone, now) : { label: option });
    const typed = input.options.map(asOption).filter((option) => option.label.trim() !== '');
    const labels = typed.map((option) => option.label.trim());
    if (question === '' || question.length > 300) throw DecisionError.invalidInput('A poll needs a question of 1–300 characters.', fieldProblem('question', question === '' ? 'missing' : 'tooBig', { maximum: 300 }));
    if (labels.length < (input.kind === 'timeSlots' ? 1 : 2) || labels.length > MAX_POLL_OPTIONS || labels.some((label) => label.length > 200)) {
      throw DecisionError.invalidInput(`A poll needs 2–${MAX_POLL_OPTIONS} options of at most 200 characters.`, (language) => translate(language, 'decisions.invalid.options', { max: String(MAX_POLL_OPTIONS) }));
    }
    if (new Set(labels.map((label) => label.toLowerCase())).size !== labels.length) throw DecisionError.invalidInput('Two options have the same text.', (language) => translate(language, 'decisions.invalid.sameOption'));
    // Only time slots carry times; a slot without them stays a label, as typed.
    const slots = validateSlots(input.kind === 'timeSlots' ? typed : labels.map((label) => ({ label })), now);
    // The message is the slot as typed: users read `decisions.error.<code>` naming it, with the
    // expected format and an example from today.
    if (!slots.ok) {
      const code = slots.refusal === 'impossible' ? 'impossibleSlot' : slots.refusal === 'incomplete' ? 'incompleteSlot' : 'invalidSlot';
      throw new DecisionError(code, slots.label, { example: slotExamples(now, timeZone).short, zone: zonePlace(timeZone) });
    }
    const deadline = futureInstant(input.deadline, now, 'deadline');
    const reminders = reminderOffsets(input.reminderOffsetsMinutes ?? [24 * 60]);

    const views = await this.memberViews(networkId);
    let audience: Audience[];
    if (input.conversationId) {
      const roster = await this.options.roster.members(networkId, input.conversationId);
      audience = roster.map((member) => {
        const known = views.get(member.aadObjectId.toLowerCase())?.member;
        return {
          aadObjectId: member.aadObjectId.toLowerCase(),
          tenantId: member.tenantId,
          ...(member.userId ? { userId: member.userId } : {}),
          ...(member.name ? { name: member.name } : {}),
          language: known?.language ?? 'fr',
        };
      });
    } else {
      audience = [...views.values()].filter((view) => view.member.status === 'confirmed').flatMap((view) => audienceOf(view.member));
    }
    const pollId = randomUUID();
    const poll: PollDocument = {
      id: pollDocumentId(pollId),
      networkId,
      type: DECISION_DOCUMENT_TYPES.poll,
      pollId,
      question,
      kind: input.kind,
      options: pollOptions(slots.slots),
      // Every poll keeps its zone: its slots are read in it and its deadline shown in it (the network's when created).
      timeZone,
      anonymous: input.anonymous,
      deadline,
      reminderOffsetsMinutes: reminders,
      remindersSent: [],
      // Teams refreshes a shared card for at most 60 named readers; beyond that, 1:1 cards.
      delivery: input.conversationId && audience.length <= MAX_REFRESH_USER_IDS ? 'shared' : 'personal',
      ...(input.conversationId ? { conversationId: input.conversationId, ...(input.conversationLanguage ? { conversationLanguage: input.conversationLanguage } : {}) } : {}),
      audienceSize: audience.length,
      tallyShards: POLL_TALLY_SHARDS,
      status: 'open',
      createdBy: actor,
      createdAt: now.toISOString(),
      dueAt: nextDue(deadline, reminders, []),
    };
    // The audience first: a poll is never stored without the people it goes to.
    await this.repository.createAudience(networkId, pollId, audience);
    await this.repository.createPoll(poll);
    await this.deliverPoll(poll, pollResults(poll, []), [], 'enqueue', audience);
    return poll;
  }

  /**
   * The reader's own view of a poll (their answer and the live tally), as card data. A named
   * poll's card names who chose what, so it reads the answers; an anonymous one reads its
   * tally shards and the reader's own answer.
   */
  async pollCard(networkId: string, pollId: string, viewerId: string, language: Language) {
    const poll = await this.loadPoll(networkId, pollId);
    if (poll.anonymous) {
      const [results, own] = await Promise.all([this.pollTally(poll), this.repository.getPollAnswer(networkId, pollId, viewerId)]);
      return this.renderPoll(poll, results, { language, personal: true, ...(own ? { answer: own.document } : {}) });
    }
    const answers = await this.repository.pollAnswers(networkId, pollId);
    const answer = answers.find((entry) => entry.aadObjectId === viewerId.toLowerCase());
    return this.renderPoll(poll, pollResults(poll, answers), { language, personal: true, ...(answer ? { answer } : {}) });
  }

  /**
   * A member's answer, at a cost independent of turnout and history: the poll and the voter's
   * own answer read by id, one write of the answer conditional on the version read, the voter's
   * tally shard read by id (at the same time as the answer is written) and one write of it
   * conditional on its ETag, with the delta from the voter's previous answer to this one; the
   * other shards as this process saw them less than POLL_TALLY_FRESH_MS ago, else read by id. The results come from the shards: counts per
   * option and per agency (named polls), never names — views that name voters read the answers.
   * The chat's shared copy is brought up to date after the invoke answered (syncPollCard).
   */
  async answerPoll(
    networkId: string,
    pollId: string,
    actor: Actor,
    input: AnswerInput,
  ): Promise<{ readonly poll: PollDocument; readonly answer: PollAnswerDocument; readonly results: PollResults }> {
    const person = await this.require(networkId, actor.aadObjectId, 'answerPoll');
    let poll = await this.loadPoll(networkId, pollId);
    const valid = validateAnswer(poll, input, this.now());
    if (!valid.ok) {
      const code = valid.refusal === 'tooManyChoices' ? 'invalidOption' : valid.refusal;
      throw new DecisionError(code, `Answer refused: ${valid.refusal}.`);
    }
    // A poll from before tally shards gets them, built from its answers, before this answer counts.
    if (poll.tallyShards === undefined) poll = await this.shardPollTally(poll);
    const shards = poll.tallyShards ?? POLL_TALLY_SHARDS;
    const voter = actor.aadObjectId.toLowerCase();
    const shard = pollTallyShard(voter, shards);
    const tallies = this.repository.recentPollTallies(networkId, pollId, shards, shard);
    const { answer, previous, changed } = await this.repository.saveAnswer(networkId, {
      id: pollAnswerDocumentId(pollId, voter),
      networkId,
      type: DECISION_DOCUMENT_TYPES.pollAnswer,
      pollId,
      aadObjectId: voter,
      name: actor.name,
      agencyCode: person.agencyCode ?? '',
      choices: valid.answer.choices,
      ...(valid.answer.slots ? { slots: valid.answer.slots } : {}),
      answeredAt: this.now().toISOString(),
      shard,
    }, input.requestId);
    const read = await tallies;
    // A redelivered invoke changed nothing: no delta, and the cards already show it.
    if (changed) {
      read[shard] = await this.repository.updateTally(networkId, pollId, shard, read[shard], () => emptyTally(poll, shard), (tally) => applyAnswerToTally(poll, tally, previous, answer));
      // The shared card shows the live tally to everyone; personal 1:1 cards show it on refresh
      // and at close (updating hundreds of 1:1 cards on every vote would flood Teams' limits).
      if (poll.conversationId) this.pollRefresher.schedule(networkId, pollId);
    }
    const results = resultsOfTallies(poll, read.map((entry, index) => entry?.document ?? emptyTally(poll, index)));
    return { poll, answer, results };
  }

  /**
   * Records the answer and returns the voter's own view from what the turn read and wrote:
   * the card a vote answers with, without loading the poll or any answer a second time.
   */
  async answerPollAndView(networkId: string, pollId: string, actor: Actor, input: AnswerInput, language: Language) {
    const { poll, answer, results } = await this.answerPoll(networkId, pollId, actor, input);
    return this.renderPoll(poll, results, { language, personal: true, answer });
  }

  /**
   * A poll, its results and the reader's own answer, with the reader's roles: the edge builds
   * the reader's view from these (decision-views.ts), never sending the documents themselves.
   * Names are read (every answer) only for a named poll and a reader who may read them.
   */
  async pollResults(
    networkId: string,
    pollId: string,
    actorId: string,
  ): Promise<{ readonly poll: PollDocument; readonly results: PollResults; readonly answer?: PollAnswerDocument; readonly reader: Person }> {
    const reader = await this.require(networkId, actorId, 'viewDirectory');
    const poll = await this.loadPoll(networkId, pollId);
    if (poll.anonymous || !readsNames(reader)) {
      const [results, own] = await Promise.all([this.pollTally(poll), this.repository.getPollAnswer(networkId, pollId, actorId)]);
      return { poll, results, reader, ...(own ? { answer: own.document } : {}) };
    }
    const answers = await this.repository.pollAnswers(networkId, pollId);
    const answer = answers.find((entry) => entry.aadObjectId === actorId.toLowerCase());
    return { poll, results: pollResults(poll, answers), reader, ...(answer ? { answer } : {}) };
  }

  /**
   * The tab's Polls page: the open polls and the latest closed ones (POLL_LIST_LIMIT each, by the
   * `status` index), each with the reader's own answer read by id — never every answer, so the
   * list costs 2 queries and one point read per poll listed, whatever the turnout. Members who
   * may answer polls read it (`answerPoll`); pending people read a poll by its card's link only.
   */
  async pollList(networkId: string, actorId: string): Promise<{ readonly reader: Person; readonly polls: readonly { readonly poll: PollDocument; readonly answer?: PollAnswerDocument }[] }> {
    const reader = await this.require(networkId, actorId, 'answerPoll');
    const [open, closed] = await Promise.all([this.repository.pollsByStatus(networkId, 'open', POLL_LIST_LIMIT), this.repository.pollsByStatus(networkId, 'closed', POLL_LIST_LIMIT)]);
    const polls = await Promise.all(
      [...open, ...closed].map(async (poll) => {
        const answer = await this.repository.getPollAnswer(networkId, poll.pollId, actorId);
        return { poll, ...(answer ? { answer: answer.document } : {}) };
      }),
    );
    return { reader, polls };
  }

  /**
   * The actor with their name: the tab's token may carry none (the local dev sign-in never
   * does), and a position or decision records who acted by name, as the card shows it.
   */
  async named(networkId: string, actor: Actor): Promise<Actor> {
    if (actor.name.trim() !== '') return { aadObjectId: actor.aadObjectId, name: actor.name.trim() };
    const profile = await this.options.membership.profile(networkId, actor.aadObjectId);
    return { aadObjectId: actor.aadObjectId, name: profile?.member.name ?? '' };
  }

  /** The reader's roles, for views of what a change returns (a member of the network only). */
  async readerOf(networkId: string, actorId: string): Promise<Person> {
    return this.person(networkId, actorId);
  }

  /**
   * Time-slot polls (open and closed) whose best slot has times, with that slot: only for people
   * who may convene a meeting (anyone else gets an empty list), at most 50, newest first.
   */
  async bestSlots(networkId: string, actorId: string): Promise<{ readonly mayConvene: boolean; readonly polls: readonly PollBestSlot[] }> {
    const person = await this.person(networkId, actorId);
    if (!may(person, 'convene')) return { mayConvene: false, polls: [] };
    const polls: PollBestSlot[] = [];
    for (const poll of (await this.repository.timeSlotPolls(networkId)).slice(0, 50)) {
      if (!poll.options.some((option) => option.start !== undefined)) continue;
      const results = await this.pollTally(poll);
      const best = bestSlot(results.options);
      if (!best) continue;
      polls.push({
        pollId: poll.pollId,
        question: poll.question,
        open: isPollOpen(poll, this.now()),
        deadline: poll.deadline,
        timeZone: poll.timeZone ?? DEFAULT_POLL_TIME_ZONE,
        respondents: results.respondents,
        best: { optionId: best.option.id, label: best.option.label, start: best.option.start, end: best.option.end, yes: best.yes, ifNeedBe: best.ifNeedBe },
      });
    }
    return { mayConvene: true, polls };
  }

  // ---- decisions -------------------------------------------------------------------------

  /**
   * Refuses, as createDecision would, a decision this person may not open or whose input is not
   * valid — without opening it: a slice that prepares its subject first (the work plan freezes a
   * version) checks here, so a refusal leaves its subject untouched.
   */
  async checkNewDecision(networkId: string, actorId: string, input: NewDecision): Promise<void> {
    await this.require(networkId, actorId, 'createDecision');
    validNewDecision(input, this.now());
  }

  async createDecision(networkId: string, actor: Actor, input: NewDecision): Promise<DecisionDocument> {
    await this.require(networkId, actor.aadObjectId, 'createDecision');
    const now = this.now();
    const preferences = await this.preferences(networkId);
    const { title, text, deadline, consultationDeadline, reminderOffsetsMinutes } = validNewDecision(input, now, preferences.decisionReminderHours.map((hours) => hours * 60));
    const agencies = await this.options.membership.agencies(networkId);
    const decisionId = randomUUID();
    const decision = withDue({
      id: decisionDocumentId(decisionId),
      networkId,
      type: DECISION_DOCUMENT_TYPES.decision,
      decisionId,
      title,
      text,
      mode: input.mode,
      ...(input.subject ? { subject: { kind: input.subject.kind, id: input.subject.id } } : {}),
      phase: consultationDeadline ? 'consultation' : 'excom',
      ...(consultationDeadline ? { consultationDeadline } : {}),
      deadline,
      timeZone: preferences.timeZone,
      reminderOffsetsMinutes,
      remindersSent: [],
      excomAgencies: agencies.filter((agency) => agency.excom).map((agency) => agency.code).sort(),
      record: { history: [] },
      createdBy: actor,
      createdAt: now.toISOString(),
      extensions: [],
    });
    await this.repository.createDecision(decision);
    if (decision.phase === 'consultation') await this.quietly(() => this.sendConsultation(decision));
    else await this.quietly(() => this.sendExcomCards(decision));
    return decision;
  }

  /** A decision with its comments and the reader's roles: the edge builds the reader's view (decision-views.ts). */
  /**
   * A decision for its page: the decision, its consultation comments and each ExCom agency's
   * positions with their history — the agencies' records by point reads (one per ExCom agency,
   * none during the consultation, when no position can be cast), or the history a decision from
   * before the records embedded.
   */
  async decision(networkId: string, decisionId: string, actorId: string): Promise<{ readonly decision: DecisionDocument; readonly comments: readonly CommentDocument[]; readonly positionRecords: PositionRecords; readonly reader: Person }> {
    const person = await this.require(networkId, actorId, 'viewDirectory');
    const decision = await this.loadDecision(networkId, decisionId);
    // Everyone reads how many comments there are; only those who read them get the texts.
    const [comments, positionRecords] = await Promise.all([
      this.repository.comments(networkId, decisionId),
      embeddedRecords(decision) ?? (decision.phase === 'consultation' ? new Map() : this.voices.histories<Position>(positionRound(networkId, decisionId), decision.excomAgencies)),
    ]);
    return { decision, comments, positionRecords, reader: person };
  }

  /** The reader's own view of a decision card. */
  async decisionCard(networkId: string, decisionId: string, viewerId: string, language: Language) {
    const person = await this.require(networkId, viewerId, 'viewDirectory');
    const decision = await this.loadDecision(networkId, decisionId);
    return this.personalCard(decision, person, language);
  }

  async comment(networkId: string, decisionId: string, actor: Actor, text: string): Promise<CommentDocument> {
    return (await this.recordComment(networkId, decisionId, actor, text)).comment;
  }

  /**
   * Records the comment and returns the commenter's card, built from the decision the comment
   * was checked against (no second read of it): the card's latest comments are read once the
   * comment is stored, so it is among them.
   */
  async commentAndView(networkId: string, decisionId: string, actor: Actor, text: string, language: Language) {
    const { decision, person } = await this.recordComment(networkId, decisionId, actor, text);
    return this.personalCard(decision, person, language);
  }

  private async recordComment(networkId: string, decisionId: string, actor: Actor, text: string): Promise<{ readonly comment: CommentDocument; readonly decision: DecisionDocument; readonly person: Person }> {
    const person = await this.require(networkId, actor.aadObjectId, 'commentInConsultation');
    const decision = await this.loadDecision(networkId, decisionId);
    if (decision.phase !== 'consultation') throw new DecisionError('wrongPhase', 'The consultation is over.');
    const trimmed = text.trim();
    if (trimmed === '') throw new DecisionError('commentRequired', 'An empty comment.');
    if (trimmed.length > MAX_COMMENT_LENGTH) throw new DecisionError('commentTooLong', `A comment has at most ${MAX_COMMENT_LENGTH} characters.`);
    const commentId = randomUUID();
    const comment: CommentDocument = {
      id: commentDocumentId(decisionId, commentId),
      networkId,
      type: DECISION_DOCUMENT_TYPES.comment,
      decisionId,
      agencyCode: person.agencyCode ?? '',
      author: actor,
      text: trimmed,
      at: this.now().toISOString(),
    };
    await this.repository.addComment(comment);
    return { comment, decision, person };
  }

  /**
   * The agency's position, cast by one of its ExCom representatives. `agencyCode` is the
   * agency the card was for: one naming another agency than the person's was altered.
   * `requestId` (Teams' activity id): the same invoke delivered twice is recorded once.
   */
  async castPosition(networkId: string, decisionId: string, actor: Actor, input: PositionInput): Promise<DecisionDocument> {
    return (await this.recordPosition(networkId, decisionId, actor, input)).decision;
  }

  /**
   * Records the position and returns the voter's own card, built from the version the turn
   * wrote (no second read of the decision): the invoke answers with it at once, and every other
   * copy of the cards is refreshed in the background (syncCards).
   */
  async castPositionAndView(networkId: string, decisionId: string, actor: Actor, input: PositionInput, language: Language) {
    const { decision, person, summary } = await this.recordPosition(networkId, decisionId, actor, input);
    return this.personalCard(decision, person, language, summary);
  }

  /**
   * The position in two conditional writes, at a cost that does not grow with the decision's
   * history (src/agency-voices/): one read of the decision, the agency's record read and written,
   * and one write of the decision on the version read — its summary of positions with the
   * agency's, the early close on consensus and the mark that its cards are stale land together,
   * so a crash right after leaves the scheduler what to refresh. A redelivered invoke writes nothing.
   */
  private async recordPosition(
    networkId: string,
    decisionId: string,
    actor: Actor,
    input: PositionInput,
  ): Promise<{ readonly decision: DecisionDocument; readonly person: Person; readonly summary: DecisionSummary }> {
    const person = await this.person(networkId, actor.aadObjectId);
    const agencyCode = input.agencyCode ?? person.agencyCode ?? '';
    if (person.agencyCode && agencyCode !== person.agencyCode) throw new DecisionError('otherAgency', `${actor.aadObjectId} speaks for ${person.agencyCode}, not ${agencyCode}.`);
    if (!may(person, 'castAgencyPosition', { agencyCode })) throw new DecisionError('forbidden', `${actor.aadObjectId} may not cast ${agencyCode}'s position.`);
    if (!(POSITIONS as readonly string[]).includes(input.position)) throw new DecisionError('invalidOption', `Unknown position ${input.position}.`);
    const read = await this.repository.getDecision(networkId, decisionId);
    if (!read) throw new DecisionError('unknownDecision', `No decision ${decisionId} in ${networkId}.`);
    // Checked on the version read so a refused position writes nothing; checked again (openFor)
    // in the decision's write, where a decision closed meanwhile takes the voice back.
    const openFor = (current: DecisionDocument, now: Date) => {
      if (current.phase === 'closed') throw new DecisionError('closed', 'The decision is closed.');
      if (current.phase !== 'excom') throw new DecisionError('wrongPhase', 'The ExCom phase has not started.');
      if (now.getTime() >= Date.parse(current.deadline)) throw new DecisionError('closed', 'The deadline has passed.');
    };
    const now = this.now();
    const legacy = embeddedRecords(read.document);
    const agencyRole = representativeRole(person);
    let closedNow = false;
    const cast = await this.voices.cast<DecisionDocument, Position>({
      round: positionRound(networkId, decisionId),
      read,
      subject: this.positionSubject(networkId, decisionId),
      answeringAgencies: read.document.excomAgencies,
      commentRequiredFor: COMMENT_REQUIRED_FOR,
      agencyCode,
      position: input.position as Position,
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
      // The capacity they spoke in is kept with the voice: the history shows it as it was then.
      castBy: { ...actor, ...(agencyRole ? { agencyRole } : {}) },
      castAt: now.toISOString(),
      ...(input.requestId ? { requestId: input.requestId } : {}),
      ...(legacy ? { legacy } : {}),
      // Only on a request not recorded yet: a redelivered one (even one that closed the decision) is answered as it stands.
      before: (current) => openFor(current, now),
      apply: (current) => {
        openFor(current, now);
        closedNow = false;
        // Consensus reached before the deadline closes the decision at once (a closed,
        // unfinalized decision is due for the scheduler: its cards are refreshed either way).
        if (currentOutcome(current, now).state === 'adopted') {
          closedNow = true;
          return close(current, now, SYSTEM_ACTOR, 'consensus');
        }
        return markCardsStale(current, now);
      },
      refused: (refusal) => {
        if (refusal.code === 'commentRequired') return new DecisionError('commentRequired', `A ${refusal.position} needs a comment.`);
        if (refusal.code === 'commentTooLong') return new DecisionError('commentTooLong', `At most ${refusal.maxLength} characters.`);
        return new DecisionError('forbidden', `Refused: ${refusal.code}.`);
      },
    }).catch((error: unknown) => {
      throw error instanceof StoreNotFoundError ? new DecisionError('unknownDecision', `No decision ${decisionId} in ${networkId}.`) : error;
    });
    if (cast.duplicate) return { decision: cast.subject, person, summary: decisionSummary(cast.subject) };
    // The register number is part of the answer to the closing position; the cards follow.
    const decision = closedNow ? (await this.numbered(networkId, cast.subject)).document : cast.subject;
    this.refresher.schedule(networkId, decisionId);
    return { decision, person, summary: decisionSummary(decision) };
  }

  /** How the agency-voices slice reads and writes a decision's summary of positions. */
  private positionSubject(networkId: string, decisionId: string): VoiceSubject<DecisionDocument, Position> {
    return {
      summaryOf: positionSummary,
      withSummary: withPositionSummary,
      read: () => this.repository.getDecision(networkId, decisionId),
      replace: (decision, etag) => this.repository.replaceDecision(decision, etag),
    };
  }

  async closeEarly(networkId: string, decisionId: string, actorId: string): Promise<DecisionDocument> {
    await this.require(networkId, actorId, 'closeOrExtendDecision');
    await this.healPositions(networkId, decisionId);
    await this.repository.updateDecision(networkId, decisionId, (current) => {
      if (current.phase === 'closed') throw new DecisionError('closed', 'The decision is already closed.');
      return close(current, this.now(), actorId, 'coChair');
    });
    await this.finalize(networkId, decisionId);
    return this.loadDecision(networkId, decisionId);
  }

  /**
   * How many channels show the decision's ExCom card (0 = it reached none: the app is in no
   * team), so a co-chair is told rather than left believing the network saw it. One query.
   */
  async channelsReached(networkId: string, decisionId: string): Promise<number> {
    return (await this.options.outbox.status(networkId, messageKeys.excomChannel(decisionId))).total;
  }

  /**
   * "Close now?": the confirmation card a co-chair sees first, with the outcome closing now would
   * record from the positions as they stand (nothing is written).
   */
  async closeConfirmation(networkId: string, decisionId: string, actorId: string, language: Language) {
    await this.require(networkId, actorId, 'closeOrExtendDecision');
    const decision = await this.healed(await this.loadDecision(networkId, decisionId));
    if (decision.phase === 'closed') throw new DecisionError('closed', 'The decision is already closed.');
    const outcome = close(decision, this.now(), actorId, 'coChair').outcome?.state === 'adopted' ? 'adopted' : 'noConsensus';
    return this.options.cards.render(cardTemplates.confirmation, closeConfirmationCardData(decision, outcome, language, networkId));
  }

  /**
   * A confirmed close, answered with the co-chair's closed card saying what happened: the
   * outcome, its register number, and how many channels show it — or that it reached none.
   */
  async closeEarlyAndView(networkId: string, decisionId: string, actorId: string, language: Language) {
    const { lines, tone } = await this.closeEarlyAndTell(networkId, decisionId, actorId, language);
    return withOutcome(await this.decisionCard(networkId, decisionId, actorId, language), lines, tone);
  }

  /** A co-chair's close and what to tell them: the outcome, and how many channels show it (0 = none). */
  async closeEarlyAndTell(networkId: string, decisionId: string, actorId: string, language: Language): Promise<{ readonly closed: DecisionDocument; readonly channels: number; readonly lines: string[]; readonly tone: 'good' | 'warning' }> {
    const closed = await this.closeEarly(networkId, decisionId, actorId);
    const channels = await this.channelsReached(networkId, decisionId);
    return { closed, channels, ...closedOutcomeLines(closed, channels, language) };
  }

  /**
   * `to`: an instant (the tab's picker, read in the network's zone there) or a card's date and
   * time pickers, read on the clocks of the decision's zone (Conakry's for a decision from before
   * it carried one: no settings read in a card action's turn).
   */
  async extendDeadline(networkId: string, decisionId: string, actorId: string, to: string | PickedDateTime): Promise<DecisionDocument> {
    await this.require(networkId, actorId, 'closeOrExtendDecision');
    const now = this.now();
    // An instant is checked before any read; picked date and time once the decision's zone is known.
    const typed = typeof to === 'string' ? futureInstant(to, now, 'deadline') : undefined;
    const saved = await this.repository.updateDecision(networkId, decisionId, (current) => {
      const deadline = typed ?? futureInstant(typeof to === 'string' ? to : (pickedInstant(to.date, to.time, current.timeZone ?? DEFAULT_CARD_TIME_ZONE) ?? ''), now, 'deadline');
      if (current.phase === 'closed') throw new DecisionError('closed', 'The decision is already closed.');
      if (Date.parse(deadline) <= Date.parse(current.deadline)) throw DecisionError.invalidInput('An extension moves the deadline later.', (language) => translate(language, 'decisions.invalid.extendLater'));
      return extend(current, actorId, now, deadline);
    });
    await this.quietly(() => this.refreshAllDecisionCards(saved.document));
    return saved.document;
  }

  /** The register (and open decisions) with filters, for the chat and the tab. */
  async register(networkId: string, actorId: string, filter: RegisterFilter = {}): Promise<DecisionDocument[]> {
    await this.require(networkId, actorId, 'viewDirectory');
    const q = filter.q?.trim().toLowerCase();
    return (await this.repository.decisions(networkId)).filter(
      (decision) =>
        (!filter.status || (filter.status === 'closed') === (decision.phase === 'closed')) &&
        (!filter.outcome || decision.outcome?.state === filter.outcome) &&
        (!filter.mode || decision.mode === filter.mode) &&
        (!filter.year || (decision.registerNumber ?? '').startsWith(`DEC-${filter.year}-`)) &&
        (!q || `${decision.title} ${decision.text.fr ?? ''} ${decision.text.en ?? ''} ${decision.registerNumber ?? ''}`.toLowerCase().includes(q)),
    );
  }

  async registerCard(networkId: string, actorId: string, language: Language) {
    const decisions = await this.register(networkId, actorId);
    return this.options.cards.render(cardTemplates.decision, registerCardData(decisions, language));
  }

  /** The register as CSV: one row per decision with positions by agency, reservations and outcome. */
  async exportCsv(networkId: string, actorId: string, filter: RegisterFilter = {}): Promise<string> {
    const decisions = (await this.register(networkId, actorId, { ...filter, status: 'closed' })).sort((a, b) => (a.registerNumber ?? '').localeCompare(b.registerNumber ?? ''));
    const rows = decisions.map((decision) => {
      const { tally: current, current: last } = decisionSummary(decision);
      const byAgency = decision.excomAgencies.map((agency) => `${agency}: ${last.get(agency)?.position ?? 'noAnswer'}`).join('; ');
      const comments = [...current.byPosition.agreeWithReservations, ...current.byPosition.object].map((agency) => `${agency}: ${last.get(agency)?.comment ?? ''}`).join(' | ');
      return [
        decision.registerNumber ?? '',
        decision.title,
        decision.mode,
        decision.outcome?.state ?? '',
        decision.createdAt,
        decision.closedAt ?? '',
        decision.closeReason ?? '',
        byAgency,
        comments,
        current.pending.join(' '),
      ];
    });
    // The one CSV writer: a BOM for Excel, every cell formula-defused (titles and comments are user text).
    return toCsv(['number', 'title', 'mode', 'outcome', 'created', 'closed', 'closedBy', 'positions', 'reservationsAndObjections', 'silent'], rows);
  }

  // ---- scheduler -------------------------------------------------------------------------

  /**
   * Everything due at this instant: consultations ending, reminders, deadlines, and outcomes
   * not yet numbered or delivered (after a crash). Due times live in the documents, so a
   * restarted app picks up where it stopped.
   */
  async tick(networkId: string): Promise<{ readonly decisions: number; readonly polls: number }> {
    const now = this.now();
    const decisions = reallyDue(await this.repository.dueDecisions(networkId, now), now);
    for (const decision of decisions) {
      try {
        await this.advanceDecision(networkId, decision.decisionId);
      } catch (error) {
        this.options.logger.error({ err: error, decisionId: decision.decisionId }, 'decision tick failed');
      }
    }
    const polls = reallyDue(await this.repository.duePolls(networkId, now), now);
    for (const poll of polls) {
      try {
        await this.advancePoll(networkId, poll.pollId);
      } catch (error) {
        this.options.logger.error({ err: error, pollId: poll.pollId }, 'poll tick failed');
      }
    }
    return { decisions: decisions.length, polls: polls.length };
  }

  private async advanceDecision(networkId: string, decisionId: string): Promise<void> {
    const now = this.now();
    const current = await this.loadDecision(networkId, decisionId);
    if (current.phase === 'closed') return this.finalize(networkId, decisionId);
    const effects = dueEffects(current, now);
    if (effects.some((effect) => effect.kind === 'openExcomPhase')) {
      const opened = await this.repository.updateDecision(networkId, decisionId, openExcomPhase);
      await this.sendExcomCards(opened.document);
      await this.quietly(() => this.refreshConsultationCards(opened.document));
    }
    for (const effect of effects) {
      if (effect.kind === 'remind') {
        // Sent first (idempotent per key), then marked: a crash in between sends nothing twice.
        await this.remindAgencies(current, effect.offsetMinutes);
        await this.repository.updateDecision(networkId, decisionId, (latest) => markReminded(latest, effect.offsetMinutes, now));
      }
      if (effect.kind === 'close') {
        await this.healPositions(networkId, decisionId);
        await this.repository.updateDecision(networkId, decisionId, (latest) => close(latest, now, SYSTEM_ACTOR, effect.reason));
        await this.finalize(networkId, decisionId);
        return;
      }
    }
    // Positions whose background card refresh never ran (a crash, a shutdown): done now.
    if (current.cardsStaleSince) await this.refresher.refreshNow(networkId, decisionId);
    else if (effects.length === 0) await this.repository.updateDecision(networkId, decisionId, withDue);
  }

  /** Numbers a closed decision in the register (once) and updates every copy of its cards. */
  private async finalize(networkId: string, decisionId: string): Promise<void> {
    await this.refresher.refreshNow(networkId, decisionId);
  }

  /** A closed decision with its register number (assigned once: asking again gives the same). */
  private async numbered(networkId: string, closed: DecisionDocument): Promise<Versioned<DecisionDocument>> {
    const year = new Date(closed.closedAt ?? this.now().toISOString()).getUTCFullYear();
    const rank = await this.repository.registerRank(networkId, year, closed.decisionId);
    const number = registerNumber(year, rank);
    return this.repository.updateDecision(networkId, closed.decisionId, (latest) => (latest.registerNumber ? latest : { ...latest, registerNumber: number }));
  }

  private async advancePoll(networkId: string, pollId: string): Promise<void> {
    const now = this.now();
    const poll = await this.loadPoll(networkId, pollId);
    if (poll.status === 'open' && now.getTime() >= Date.parse(poll.deadline)) {
      const closed = (await this.repository.updatePoll(networkId, pollId, (latest) => stripDue({ ...latest, status: 'closed', closedAt: now.toISOString() }))).document;
      const answers = await this.repository.pollAnswers(networkId, pollId);
      await this.reconcilePollTally(closed, answers);
      await this.deliverPoll(closed, pollResults(closed, answers), answers, 'update', await this.repository.audience(closed));
      return;
    }
    const offset = dueReminder(poll.deadline, poll.reminderOffsetsMinutes, poll.remindersSent, now);
    if (offset !== undefined) {
      const [answers, audience] = await Promise.all([this.repository.pollAnswers(networkId, pollId), this.repository.audience(poll)]);
      const waiting = nonResponders(audience, answers);
      const results = pollResults(poll, answers);
      await this.options.outbox.enqueue(networkId, messageKeys.pollReminder(pollId, offset), waiting.map(memberRecipient), (recipient) => {
        const language = languageOf(audience, recipient);
        return this.pollActivity(poll, results, answers, recipient, audience, language);
      });
    }
    await this.repository.updatePoll(networkId, pollId, (latest) => {
      const sent = offset === undefined ? latest.remindersSent : [...new Set([...latest.remindersSent, offset, ...supersededReminders(latest.deadline, latest.reminderOffsetsMinutes, now)])];
      return latest.status === 'closed' ? stripDue(latest) : { ...latest, remindersSent: sent, dueAt: nextDue(latest.deadline, latest.reminderOffsetsMinutes, sent) };
    });
  }

  /**
   * At the close, the shards are made to agree with the answers and sealed: a shard whose counts
   * differ from its answers' (a crash between an answer and its delta: its `revisions` no longer
   * match their sum) is rebuilt from them, and no late delta changes a sealed shard. Returns the
   * shards it rebuilt.
   */
  async reconcilePollTally(poll: PollDocument, answers: readonly PollAnswerDocument[]): Promise<number[]> {
    const shards = poll.tallyShards ?? POLL_TALLY_SHARDS;
    const rebuilt: number[] = [];
    for (let shard = 0; shard < shards; shard += 1) {
      const expected = tallyOfAnswers(poll, shard, answers, shards);
      const differed = await withConcurrencyRetry(async () => {
        const read = await this.repository.pollTally(poll.networkId, poll.pollId, shard);
        if (read?.document.sealed) return false;
        await this.repository.writeTally({ ...expected, sealed: true }, read);
        return !sameTally(read?.document ?? emptyTally(poll, shard), expected);
      });
      if (differed) rebuilt.push(shard);
    }
    if (rebuilt.length > 0) this.options.logger.warn({ pollId: poll.pollId, shards: rebuilt }, 'poll tally shards rebuilt from the answers at close');
    return rebuilt;
  }

  /** A poll's results from its tally shards (polls from before shards: from their answers). */
  private async pollTally(poll: PollDocument): Promise<PollResults> {
    if (poll.tallyShards === undefined) return pollResults(poll, await this.repository.pollAnswers(poll.networkId, poll.pollId));
    const tallies = await this.repository.pollTallies(poll.networkId, poll.pollId, poll.tallyShards);
    return resultsOfTallies(poll, tallies.map((entry, shard) => entry?.document ?? emptyTally(poll, shard)));
  }

  /**
   * Gives a poll from before tally shards its shards, counted from its answers (once: the turns
   * that race here create the same shards from the same answers, the first one's are kept, and
   * each writes its own answer only after).
   */
  private async shardPollTally(poll: PollDocument): Promise<PollDocument> {
    const answers = await this.repository.pollAnswers(poll.networkId, poll.pollId);
    await this.repository.createTallies(Array.from({ length: POLL_TALLY_SHARDS }, (_, shard) => tallyOfAnswers(poll, shard, answers)));
    return (await this.repository.updatePoll(poll.networkId, poll.pollId, (latest) => (latest.tallyShards === undefined ? { ...latest, tallyShards: POLL_TALLY_SHARDS } : latest))).document;
  }

  /**
   * After answers, the chat's shared copy of the poll card (coalesced: one refresh for a burst).
   * It names voters on a named poll, as it always did, so it reads the answers — here, not in
   * the answer turn. A closed poll's copy was written by the close.
   */
  private async syncPollCard(networkId: string, pollId: string): Promise<void> {
    const poll = await this.loadPoll(networkId, pollId);
    if (!poll.conversationId || poll.status === 'closed') return;
    const answers = poll.anonymous ? [] : await this.repository.pollAnswers(networkId, pollId);
    const results = poll.anonymous ? await this.pollTally(poll) : pollResults(poll, answers);
    // Only a shared copy names its readers for Teams' refresh (at most 60 of them).
    const audience = poll.delivery === 'shared' ? await this.repository.audience(poll) : [];
    const { language } = await this.preferences(networkId);
    await this.quietly(() => this.options.outbox.update(networkId, messageKeys.pollCard(pollId), (recipient) => this.pollActivity(poll, results, answers, recipient, audience, recipient.kind === 'conversation' ? language : undefined)));
  }

  // ---- delivery --------------------------------------------------------------------------

  private async deliverPoll(poll: PollDocument, results: PollResults, answers: readonly PollAnswerDocument[], how: 'enqueue' | 'update', audience: readonly Audience[]): Promise<void> {
    const outbox = this.options.outbox;
    const { language } = await this.preferences(poll.networkId);
    const source = (recipient: Recipient) => this.pollActivity(poll, results, answers, recipient, audience, recipient.kind === 'conversation' ? language : undefined);
    if (poll.conversationId) {
      const key = messageKeys.pollCard(poll.pollId);
      await (how === 'enqueue' ? outbox.enqueue(poll.networkId, key, [{ kind: 'conversation', conversationId: poll.conversationId }], source) : outbox.update(poll.networkId, key, source));
    }
    if (poll.delivery === 'personal') {
      const key = messageKeys.pollPersonal(poll.pollId);
      await (how === 'enqueue' ? outbox.enqueue(poll.networkId, key, audience.map(memberRecipient), source) : outbox.update(poll.networkId, key, source));
    }
  }

  /**
   * A conversation gets the shared card (with refresh for ≤ 60 readers), in `language` (the
   * network's, which callers read); a person their own view.
   */
  private pollActivity(poll: PollDocument, results: PollResults, answers: readonly PollAnswerDocument[], recipient: Recipient, audience: readonly Audience[], language?: Language): OutboxActivity {
    if (recipient.kind === 'conversation') {
      // A person's own chat reads in their language; a channel in the network's.
      const card = this.renderPoll(poll, results, { language: poll.conversationLanguage ?? language ?? BUILT_IN_DEFAULTS.language, personal: false });
      const userIds = audience.flatMap((person) => (person.userId ? [person.userId] : []));
      const refresh =
        poll.delivery === 'shared' && poll.status === 'open'
          ? { refresh: { action: { type: 'Action.Execute', verb: POLL_VIEW_VERB, data: { networkId: poll.networkId, pollId: poll.pollId } }, userIds: userIds.slice(0, MAX_REFRESH_USER_IDS) } }
          : {};
      return cardActivity({ ...card, ...refresh });
    }
    const answer = answers.find((entry) => entry.aadObjectId === recipient.aadObjectId.toLowerCase());
    return cardActivity(this.renderPoll(poll, results, { language: language ?? languageOf(audience, recipient), personal: true, ...(answer ? { answer } : {}) }));
  }

  private renderPoll(poll: PollDocument, results: PollResults, viewer: Parameters<typeof pollCardData>[2]) {
    const link = this.options.tabLink ?? tabLink({ ...(this.options.publicUrl ? { publicUrl: this.options.publicUrl } : {}) });
    const card = this.options.cards.render(cardTemplates.poll, pollCardData(poll, results, viewer, poll.networkId, this.now(), link));
    // A shared copy is in the network's language; each reader can have it in the other one.
    return viewer.personal ? card : withOtherLanguageAction(card, viewer.language, POLL_VIEW_VERB, { networkId: poll.networkId, pollId: poll.pollId });
  }

  /** The card one person reads of `decision` (the comments it shows, in the decision's zone), from the version given. */
  private async personalCard(decision: DecisionDocument, person: Person, language: Language, summary?: DecisionSummary) {
    const [comments, timeZone] = await Promise.all([this.commentsOf(decision), this.zoneOf(decision)]);
    return this.renderDecision(decision, comments, { ...viewerOf(person, language, true), timeZone }, summary);
  }

  private renderDecision(decision: DecisionDocument, comments: CommentsShown, viewer: DecisionViewer, summary?: DecisionSummary) {
    const card = this.options.cards.render(cardTemplates.decision, decisionCardData(decision, comments, viewer, decision.networkId, summary));
    if (viewer.personal) return card;
    const shared = withOtherLanguageAction(card, viewer.language, DECISION_VIEW_VERB, { networkId: decision.networkId, decisionId: decision.decisionId });
    if (decision.phase === 'closed') return shared;
    // A copy without a reader (a channel) asks Teams for each reader's own view.
    return { ...shared, refresh: { action: { type: 'Action.Execute', verb: DECISION_VIEW_VERB, data: { networkId: decision.networkId, decisionId: decision.decisionId } } } };
  }

  private async decisionSource(decision: DecisionDocument): Promise<(recipient: Recipient) => OutboxActivity> {
    const [views, comments, preferences] = await Promise.all([this.memberViews(decision.networkId), this.commentsOf(decision), this.preferences(decision.networkId)]);
    return this.sourceOf(decision, comments, views, preferences);
  }

  /**
   * Each recipient's card, rendered once per distinct view: views differ by language and
   * agency and rights, not by person, so 19 copies take a handful of renders.
   */
  private sourceOf(decision: DecisionDocument, comments: CommentsShown, views: ReadonlyMap<string, MemberView>, network: NetworkPreferences): (recipient: Recipient) => OutboxActivity {
    const summary = decisionSummary(decision);
    const rendered = new Map<string, OutboxActivity>();
    const once = (viewer: DecisionViewer) => {
      const key = JSON.stringify(viewer);
      let activity = rendered.get(key);
      if (!activity) {
        activity = cardActivity(this.renderDecision(decision, comments, viewer, summary));
        rendered.set(key, activity);
      }
      return activity;
    };
    return (recipient) => {
      // A channel's copy is in the network's language, the other one a click away (renderDecision).
      // Deadlines in the network's zone, on every copy.
      const timeZone = decision.timeZone ?? network.timeZone;
      if (recipient.kind === 'conversation') return once({ language: network.language, timeZone, personal: false, canComment: false, canCast: false, canClose: false, seesComments: false });
      const view = views.get(recipient.aadObjectId.toLowerCase());
      const person = view?.person ?? { aadObjectId: recipient.aadObjectId, roles: new Set() };
      return once({ ...viewerOf(person, view?.member.language ?? network.language, true), timeZone });
    };
  }

  /**
   * Brings every copy of a decision's cards to its latest version, and marks it so: the ExCom
   * cards while it is open, all of them (and the register number) once it is closed. Runs in the
   * background after a position (CardRefresher), for the scheduler and when a co-chair closes.
   *
   * Copies are only right if the version they show is still the latest once written: a refresh
   * on another instance, or a co-chair's change, may have written an older or newer version
   * meanwhile. So the stale mark is cleared only by a write conditional on the version read,
   * and a refresh whose version is no longer current renders again.
   */
  private async syncCards(networkId: string, decisionId: string): Promise<void> {
    let views: Map<string, MemberView> | undefined;
    let comments: CommentsShown | undefined;
    let closedWithSubject: DecisionDocument | undefined;
    await syncVoiceCards<DecisionDocument>({
      read: () => this.repository.getDecision(networkId, decisionId),
      marked: (decision) => decision.cardsStaleSince !== undefined || (decision.phase === 'closed' && !decision.finalized),
      render: async (read) => {
        const closed = read.document.phase === 'closed';
        if (closed && !read.document.registerNumber) read = await this.numbered(networkId, read.document);
        const decision = await this.healed(read.document);
        if (closed && decision.subject) closedWithSubject = decision;
        views ??= await this.memberViews(networkId);
        comments ??= await this.commentsOf(decision);
        const source = this.sourceOf(decision, comments, views, await this.preferences(networkId));
        const keys = closed ? [messageKeys.consultation, messageKeys.excom, messageKeys.excomChannel] : decision.phase === 'excom' ? [messageKeys.excom, messageKeys.excomChannel] : [];
        for (const key of keys) await this.options.outbox.update(networkId, key(decisionId), source);
        return { fresh: markCardsFresh(closed ? { ...decision, finalized: true } : decision), etag: read.etag };
      },
      replace: (decision, etag) => this.repository.replaceDecision(decision, etag),
      leaveMarked: () => this.repository.updateDecision(networkId, decisionId, (latest) => markCardsStale(latest, this.now())),
      // The agencies' older positions moved out of their records (none during the consultation,
      // none for a decision whose history is still embedded, from before the records).
      afterSync: async (decision) => {
        if (!decision.record && decision.phase !== 'consultation') await this.voices.archive(positionRound(networkId, decisionId), decision.excomAgencies);
      },
    });
    if (closedWithSubject) await this.tellSubject(closedWithSubject);
  }

  /** The linked slice hears the outcome; its failure is logged (it reconciles from subjectOutcome). */
  private async tellSubject(decision: DecisionDocument): Promise<void> {
    const observer = decision.subject ? this.subjectObservers.get(decision.subject.kind) : undefined;
    if (!observer) return;
    try {
      await observer(subjectOutcomeOf(decision));
    } catch (error) {
      this.options.logger.error({ err: error, decisionId: decision.decisionId, subject: decision.subject }, 'the decision subject could not take the outcome');
    }
  }

  /**
   * The decision with its summary of positions made from the agencies' records (the truth): a
   * position whose decision write was lost (a crash between its two writes) counts again. A
   * decision whose history is still embedded (from before the records) is its own truth.
   */
  private async healed(decision: DecisionDocument): Promise<DecisionDocument> {
    if (decision.record) return decision;
    const summary = await this.voices.heal<Position>(positionRound(decision.networkId, decision.decisionId), decision.excomAgencies, decision.agencyVoices);
    return sameVoices(summary, decision.agencyVoices) ? decision : withPositionSummary(decision, summary);
  }

  /** Before a close decides the outcome: the summary written back from the records, if they differ. */
  private async healPositions(networkId: string, decisionId: string): Promise<void> {
    await withConcurrencyRetry(async () => {
      const read = await this.repository.getDecision(networkId, decisionId);
      if (!read || read.document.phase === 'closed') return;
      const healed = await this.healed(read.document);
      if (healed !== read.document) await this.repository.replaceDecision(healed, read.etag);
    });
  }

  /**
   * The consultation comments a card shows, the latest few and how many (only a decision that
   * had a consultation can have any: no query otherwise).
   */
  private commentsOf(decision: DecisionDocument): Promise<CommentsShown> {
    return decision.consultationDeadline === undefined ? Promise.resolve(NO_COMMENTS) : this.repository.latestComments(decision.networkId, decision.decisionId, CARD_COMMENTS);
  }

  private async refreshConsultationCards(decision: DecisionDocument): Promise<void> {
    await this.options.outbox.update(decision.networkId, messageKeys.consultation(decision.decisionId), await this.decisionSource(decision));
  }

  private async refreshAllDecisionCards(decision: DecisionDocument): Promise<void> {
    const source = await this.decisionSource(decision);
    for (const key of [messageKeys.consultation, messageKeys.excom, messageKeys.excomChannel]) {
      await this.options.outbox.update(decision.networkId, key(decision.decisionId), source);
    }
  }

  private async sendConsultation(decision: DecisionDocument): Promise<void> {
    const views = await this.memberViews(decision.networkId);
    const recipients = [...views.values()].filter((view) => may(view.person, 'commentInConsultation')).flatMap((view) => audienceOf(view.member)).map(memberRecipient);
    await this.options.outbox.enqueue(decision.networkId, messageKeys.consultation(decision.decisionId), recipients, await this.decisionSource(decision));
  }

  private async sendExcomCards(decision: DecisionDocument): Promise<void> {
    const views = await this.memberViews(decision.networkId);
    const representatives = [...views.values()].filter((view) => view.person.roles.has('excomRepresentative') && decision.excomAgencies.includes(view.member.agencyCode));
    const source = await this.decisionSource(decision);
    await this.options.outbox.enqueue(decision.networkId, messageKeys.excom(decision.decisionId), representatives.flatMap((view) => audienceOf(view.member)).map(memberRecipient), source);
    const channels = await this.options.conversations.installedChannels(decision.networkId, 'excom');
    if (channels.length > 0) {
      await this.options.outbox.enqueue(decision.networkId, messageKeys.excomChannel(decision.decisionId), channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })), source);
    }
  }

  /** Representatives of ExCom agencies that have not answered; never those whose agency did. */
  private async remindAgencies(decision: DecisionDocument, offset: number): Promise<void> {
    const pending = new Set(decisionTally(decision).pending);
    const views = await this.memberViews(decision.networkId);
    const recipients = [...views.values()].filter((view) => view.person.roles.has('excomRepresentative') && pending.has(view.member.agencyCode));
    const timeZone = await this.zoneOf(decision);
    const languages = new Map(recipients.map((view) => [view.member.aadObjectId?.toLowerCase() ?? '', view.member.language] as const));
    await this.options.outbox.enqueue(decision.networkId, messageKeys.decisionReminder(decision.decisionId, offset), recipients.flatMap((view) => audienceOf(view.member)).map(memberRecipient), (recipient) => {
      const language = (recipient.kind === 'member' ? languages.get(recipient.aadObjectId.toLowerCase()) : undefined) ?? 'fr';
      const data = reminderCardData(language, {
        title: translate(language, 'decisions.reminder.decisionTitle'),
        question: decision.title,
        deadline: decision.deadline,
        timeZone,
        action: { title: translate(language, 'decisions.reminder.open'), verb: DECISION_VIEW_VERB, data: { networkId: decision.networkId, decisionId: decision.decisionId } },
      });
      return cardActivity(this.options.cards.render(cardTemplates.decision, data));
    });
  }

  // ---- internals -------------------------------------------------------------------------

  private async person(networkId: string, aadObjectId: string): Promise<Person> {
    const person = await this.options.membership.person(networkId, aadObjectId);
    if (person.roles.size === 0) throw new DecisionError('notAMember', `${aadObjectId} is not a member of ${networkId}.`);
    return person;
  }

  private async require(networkId: string, actorId: string, action: Action, context: { agencyCode?: string } = {}): Promise<Person> {
    const person = await this.person(networkId, actorId);
    if (!may(person, action, context)) throw new DecisionError('forbidden', `${actorId} may not ${action}.`);
    return person;
  }

  private async loadPoll(networkId: string, pollId: string): Promise<PollDocument> {
    const poll = await this.repository.getPoll(networkId, pollId);
    if (!poll) throw new DecisionError('unknownPoll', `No poll ${pollId} in ${networkId}.`);
    return poll.document;
  }

  private async loadDecision(networkId: string, decisionId: string): Promise<DecisionDocument> {
    const decision = await this.repository.getDecision(networkId, decisionId);
    if (!decision) throw new DecisionError('unknownDecision', `No decision ${decisionId} in ${networkId}.`);
    return decision.document;
  }

  private memberViews(networkId: string): Promise<Map<string, MemberView>> {
    return this.options.membership.activeMembers(networkId);
  }

  /** Deliveries are queued after the change is saved; a failure to queue is logged, the change stands. */
  private async quietly(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.options.logger.error({ err: error }, 'decision cards could not be queued');
    }
  }
}

function viewerOf(person: Person, language: Language, personal: boolean): DecisionViewer {
  return {
    language,
    personal,
    ...(person.agencyCode ? { agencyCode: person.agencyCode } : {}),
    canComment: may(person, 'commentInConsultation'),
    canCast: person.agencyCode !== undefined && may(person, 'castAgencyPosition', { agencyCode: person.agencyCode }),
    canClose: may(person, 'closeOrExtendDecision'),
    seesComments: seesComments(person),
    // Pending people never read who cast a position (decision-views.ts).
    seesNames: [...person.roles].some((role) => role !== 'pending'),
  };
}

function subjectOutcomeOf(decision: DecisionDocument): SubjectOutcome {
  const state = decision.outcome?.state;
  return {
    networkId: decision.networkId,
    decisionId: decision.decisionId,
    ...(decision.subject ? { subject: decision.subject } : {}),
    phase: decision.phase,
    ...(decision.phase === 'closed' && (state === 'adopted' || state === 'noConsensus') ? { outcome: state } : {}),
    ...(decision.registerNumber ? { registerNumber: decision.registerNumber } : {}),
    ...(decision.closedAt ? { closedAt: decision.closedAt } : {}),
  };
}

function seesComments(person: Person): boolean {
  return person.roles.has('excomRepresentative') || person.roles.has('coChair') || person.roles.has('secretariat');
}

function audienceOf(member: MemberDocument): Audience[] {
  if (!member.aadObjectId || !member.tenantId) return [];
  return [{ aadObjectId: member.aadObjectId.toLowerCase(), tenantId: member.tenantId, name: member.name, language: member.language }];
}

function memberRecipient(person: Audience): Recipient {
  return { kind: 'member', aadObjectId: person.aadObjectId, tenantId: person.tenantId, ...(person.userId ? { userId: person.userId } : {}), ...(person.name ? { name: person.name } : {}) };
}

function languageOf(audience: readonly Audience[], recipient: Recipient): Language {
  if (recipient.kind !== 'member') return 'fr';
  return audience.find((person) => person.aadObjectId === recipient.aadObjectId.toLowerCase())?.language ?? 'fr';
}

function cardActivity(card: object): OutboxActivity {
  return cardMessage(card);
}

function stripDue<T extends { dueAt?: string }>(document: T): T {
  const { dueAt: _dueAt, ...rest } = document;
  return rest as T;
}

/** A new decision's input, checked and trimmed (DecisionError invalidInput otherwise). */
function validNewDecision(input: NewDecision, now: Date, defaultRemindersMinutes: readonly number[] = DEFAULT_REMINDERS_MINUTES) {
  const title = input.title.trim();
  const text = { ...(input.text.fr?.trim() ? { fr: input.text.fr.trim() } : {}), ...(input.text.en?.trim() ? { en: input.text.en.trim() } : {}) };
  if (title === '' || title.length > MAX_TITLE) throw DecisionError.invalidInput(`A decision needs a title of 1–${MAX_TITLE} characters.`, fieldProblem('title', title === '' ? 'missing' : 'tooBig', { maximum: MAX_TITLE }));
  if (!text.fr && !text.en) throw DecisionError.invalidInput('A decision needs its text in French or in English.', (language) => translate(language, 'decisions.invalid.noText'));
  if ((text.fr?.length ?? 0) > MAX_TEXT || (text.en?.length ?? 0) > MAX_TEXT) throw DecisionError.invalidInput(`A text has at most ${MAX_TEXT} characters.`, fieldProblem('text', 'tooBig', { maximum: MAX_TEXT }));
  const deadline = futureInstant(input.deadline, now, 'deadline');
  const consultationDeadline = input.consultationDeadline ? futureInstant(input.consultationDeadline, now, 'consultationDeadline') : undefined;
  if (consultationDeadline && Date.parse(consultationDeadline) >= Date.parse(deadline)) {
    throw DecisionError.invalidInput('The consultation must end before the decision deadline.', (language) => translate(language, 'decisions.invalid.consultationEnd'));
  }
  // Without reminders of its own, a decision gets the network's (settings, Paramètres).
  const reminderOffsetsMinutes = reminderOffsets(input.reminderOffsetsMinutes ?? defaultRemindersMinutes);
  return { title, text, deadline, consultationDeadline, reminderOffsetsMinutes };
}

/** A deadline as typed: an ISO instant that exists, after `now`, at most two years ahead (see instants). */
function futureInstant(value: string, now: Date, field: InstantField): string {
  const checked = checkFutureInstant(value, now);
  if (!checked.ok) {
    const refusal = checked.refusal;
    throw new DecisionError('invalidInput', instantRefusalText(field, refusal), {}, (language) => instantProblem(language, field, refusal));
  }
  return checked.iso;
}

/**
 * Documents the store returned as due, checked again as numbers. A due time stored before they
 * were canonical (`+275760-…` sorts before every year as a string) is looked at once more, and
 * advancing it stores its canonical due time, so it is not returned on every tick again.
 */
function reallyDue<T extends { readonly dueAt?: string }>(documents: readonly T[], now: Date): T[] {
  return documents.filter((document) => isDue(document.dueAt, now) || (document.dueAt !== undefined && !isCanonicalDue(document.dueAt)));
}

function reminderOffsets(offsets: readonly number[]): number[] {
  if (offsets.length > 10 || offsets.some((offset) => !Number.isInteger(offset) || offset <= 0 || offset > 60 * 24 * 90)) {
    throw DecisionError.invalidInput('Reminders: at most 10 whole numbers of minutes before the deadline (up to 90 days).', (language) => translate(language, 'decisions.invalid.reminders'));
  }
  return [...new Set(offsets)].sort((a, b) => b - a);
}
