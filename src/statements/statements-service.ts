/**
 * The statements service: requests, versions, ExCom clearance of one exact version, delivery by
 * the co-chairs. Loads documents, applies the pure rules (statement-rules, agency-voices),
 * saves with ETags and asks the outbox for deliveries and in-place updates. Rights come from
 * the permissions module only. Refusals are StatementErrors with a code; a refused request
 * changes nothing.
 *
 * The ExCom channel: the network has no separate ExCom team yet, so clearance cards and
 * delivered statements go to the team channels the bot is installed in (installedChannels).
 */
import { randomUUID } from 'node:crypto';
import { fieldProblem, unknownAgency } from '../api/input-problems';
import { CardRefresher } from '../cards/card-refresher';
import { cardMessage, type CardRenderer } from '../cards/card-renderer';
import { MAX_REFRESH_USER_IDS, formatDay, userMri } from '../cards/card-text';
import { withOutcome } from '../cards/confirmation';
import { cardTemplates } from '../cards/templates';
import type { ConversationService } from '../delivery/conversation-service';
import type { OutboxService } from '../delivery/outbox-service';
import type { OutboxActivity, Recipient } from '../delivery/outbox-rules';
import { AgencyVoices, type VoiceSubject } from '../agency-voices/agency-voices-service';
import { syncVoiceCards } from '../agency-voices/voice-card-sync';
import { MAX_COMMENT_LENGTH, sameVoices } from '../agency-voices/voice-rules';
import { dueReminder, supersededReminders } from '../scheduling/reminders';
import { translate, type Language } from '../i18n';
import type { Logger } from '../logger';
import type { MembershipService, MemberWithRoles } from '../network/membership-service';
import { agencyName } from '../network/membership-cards';
import type { MemberDocument } from '../network/model';
import { may, type Action } from '../network/permissions';
import type { Person } from '../network/roles';
import { checkFutureInstant, instantProblem, instantRefusalText, isCanonicalDue, isDue } from '../scheduling/instants';
import type { DocumentStore } from '../store/document-store';
import { StoreNotFoundError } from '../store/errors';
import { GCM_OBJECTIVE_COUNT } from '../updates/model';
import { StatementError } from './errors';
import { STATEMENT_DOCUMENT_TYPES, statementDocumentId, type Actor, type StatementDocument, type StatementText } from './model';
import { MAX_STATEMENT_TEXT, STATEMENT_VIEW_VERB, deliverConfirmationCardData, deliveredCardData, deliveredOutcomeLines, reminderCardData, statementCardData, type StatementViewer } from './statement-cards';
import {
  CLEARANCE_POSITIONS,
  COMMENT_REQUIRED_FOR,
  clearanceOpenFor,
  clearanceRound,
  clearanceSummary,
  clearanceState,
  markCardsFresh,
  markCardsStale,
  markdownInline,
  markdownText,
  missingLanguages,
  nextVersion,
  requiredLanguages,
  STATEMENT_LANGUAGES,
  withVoicedVersion,
  summarisedClearanceState,
  withClearanceSummary,
  withDue,
  type ClearancePosition,
  type ClearanceState,
} from './statement-rules';
import { readsNames, type ClearanceSummary } from './statement-views';
import { StatementsRepository } from './statements-repository';
import { preferencesFor, type PreferencesOf } from '../settings/model';

const MAX_TITLE = 200;
const MAX_PURPOSE = 2000;
const DEFAULT_CLEARANCE_DAYS = 3;
const DEFAULT_REMINDERS_MINUTES = [24 * 60, 4 * 60];

/** Outbox message keys, named once: idempotent per (key, recipient). */
export const statementMessageKeys = {
  request: (statementId: string) => `statement:${statementId}:request`,
  drafter: (statementId: string, agencyCode: string) => `statement:${statementId}:drafter:${agencyCode}`,
  clearance: (statementId: string, version: number) => `statement:${statementId}:v${version}:clearance`,
  reminder: (statementId: string, version: number, offset: number) => `statement:${statementId}:v${version}:reminder:${offset}`,
  delivered: (statementId: string) => `statement:${statementId}:delivered`,
} as const;

export interface StatementsServiceOptions {
  readonly store: DocumentStore;
  readonly membership: MembershipService;
  readonly outbox: OutboxService;
  readonly conversations: ConversationService;
  readonly cards: CardRenderer;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** How long clearances are folded into one background card refresh (cards/card-refresher.ts). */
  readonly cardRefreshWindowMs?: number;
  /**
   * The network's language, for the channels' copies (settings/). Clearance reminders keep their
   * own default (24 h and 4 h before the deadline): a clearance round is days, not a decision's weeks.
   */
  readonly preferences?: PreferencesOf;
}

export interface StatementRequest {
  readonly title: string;
  /** The languages the statement is cleared and published in (none named: the network's only). */
  readonly languages?: readonly string[];
  readonly purpose?: string;
  readonly gcmObjectives?: readonly number[];
}

export interface ClearanceInput {
  readonly agencyCode?: string;
  readonly version: number;
  readonly position: string;
  readonly comment?: string;
  /** Teams' activity id of the invoke: the same invoke delivered twice is recorded once. */
  readonly requestId?: string;
}

export interface StatementView {
  readonly statement: StatementDocument;
  /** The clearance of the version submitted, when one was. */
  readonly clearance?: ClearanceSummary;
}

type MemberView = MemberWithRoles;


export class StatementsService {
  private readonly repository: StatementsRepository;
  /** ExCom clearances, one document per agency and version (src/agency-voices/). */
  private readonly voices: AgencyVoices;
  private readonly now: () => Date;
  /** Clearance card refreshes after the invoke answered, one per statement at a time (syncCards). */
  private readonly refresher: CardRefresher;

  constructor(private readonly options: StatementsServiceOptions) {
    this.repository = new StatementsRepository(options.store);
    this.voices = new AgencyVoices(options.store, options.logger);
    this.now = options.now ?? (() => new Date());
    this.refresher = new CardRefresher({
      refresh: (networkId, statementId) => this.syncCards(networkId, statementId),
      subject: 'statement',
      logger: options.logger,
      ...(options.cardRefreshWindowMs !== undefined ? { windowMs: options.cardRefreshWindowMs } : {}),
    });
  }

  /** Resolves once no card refresh is waiting or running in this process (tests, benchmarks). */
  cardsIdle(): Promise<void> {
    return this.refresher.idle();
  }

  /**
   * Shutdown: no new background refresh; running ones finish, waiting ones are left to the
   * scheduler after the restart (their statements are marked `cardsStaleSince` in the store).
   */
  async stopCardRefreshes(): Promise<void> {
    const dropped = await this.refresher.stop();
    if (dropped > 0) this.options.logger.info({ dropped }, 'statement card refreshes left to the scheduler');
  }

  /** The service's clock, for edges that compute default deadlines. */
  clock(): Date {
    return this.now();
  }

  async assertMayRequest(networkId: string, actorId: string): Promise<void> {
    await this.require(networkId, actorId, 'requestStatement');
  }

  /** Any confirmed member asks for a statement; the co-chairs get it 1:1 to draft or delegate. */
  async request(networkId: string, caller: Actor, input: StatementRequest): Promise<StatementDocument> {
    const actor = await this.named(networkId, caller);
    const person = await this.require(networkId, actor.aadObjectId, 'requestStatement');
    const title = input.title.trim();
    const purpose = (input.purpose ?? '').trim();
    if (title === '' || title.length > MAX_TITLE) throw StatementError.invalidInput(`A statement needs a title of 1–${MAX_TITLE} characters.`, fieldProblem('title', title === '' ? 'missing' : 'tooBig', { maximum: MAX_TITLE }));
    if (purpose.length > MAX_PURPOSE) throw StatementError.invalidInput(`The purpose has at most ${MAX_PURPOSE} characters.`, fieldProblem('purpose', 'tooBig', { maximum: MAX_PURPOSE }));
    const objectives = [...new Set(input.gcmObjectives ?? [])].sort((a, b) => a - b);
    if (objectives.some((objective) => !Number.isInteger(objective) || objective < 1 || objective > GCM_OBJECTIVE_COUNT)) {
      throw StatementError.invalidInput(`GCM objectives are numbered 1–${GCM_OBJECTIVE_COUNT}.`, (language) => translate(language, 'statements.invalid.objectives', { max: GCM_OBJECTIVE_COUNT }));
    }
    const languages = STATEMENT_LANGUAGES.filter((language) => input.languages?.includes(language));
    if ((input.languages ?? []).some((language) => !(STATEMENT_LANGUAGES as readonly string[]).includes(language))) throw StatementError.invalidInput('A statement is written in French, English or both.', (language) => translate(language, 'statements.invalid.languages'));
    const statementId = randomUUID();
    const { timeZone } = await preferencesFor(this.options.preferences, networkId);
    // The co-chairs get it 1:1; they are remembered as holders of a copy, kept current later.
    const coChairs = await this.quietly(async () => [...(await this.memberViews(networkId)).values()].filter((view) => view.person.roles.has('coChair')));
    const statement: StatementDocument = {
      id: statementDocumentId(statementId),
      networkId,
      type: STATEMENT_DOCUMENT_TYPES.statement,
      statementId,
      title,
      purpose,
      gcmObjectives: objectives,
      ...(languages.length > 0 ? { languages } : {}),
      requestedBy: { ...actor, aadObjectId: actor.aadObjectId.toLowerCase(), ...(person.agencyCode ? { agencyCode: person.agencyCode } : {}) },
      requestedAt: this.now().toISOString(),
      timeZone,
      status: 'requested',
      versions: [],
      personalCopies: holdersOf(coChairs ?? []),
    };
    await this.repository.create(statement);
    await this.quietly(async () => {
      await this.options.outbox.enqueue(networkId, statementMessageKeys.request(statementId), (coChairs ?? []).flatMap((view) => recipientOf(view.member)), await this.source(statement));
    });
    return statement;
  }

  /** Co-chairs name the agency that drafts (its focal point and alternates may then draft). */
  async nameDraftingAgency(networkId: string, statementId: string, actorId: string, agencyCode: string): Promise<StatementDocument> {
    // Without an agency in the context only the co-chairs' `yes` grants drafting: naming is theirs.
    await this.require(networkId, actorId, 'draftStatement');
    const agencies = await this.options.membership.agencies(networkId);
    if (!agencies.some((agency) => agency.code === agencyCode)) throw StatementError.invalidInput(`Unknown agency ${agencyCode}.`, unknownAgency(agencyCode));
    // The focal point and alternates of the agency named get the card they draft from, and are
    // remembered as holders of a copy.
    const drafters = await this.quietly(async () => [...(await this.memberViews(networkId)).values()].filter((entry) => entry.member.agencyCode === agencyCode && may(entry.person, 'draftStatement', { agencyCode })));
    const saved = await this.repository.update(networkId, statementId, (current) => {
      if (current.status === 'delivered') throw new StatementError('delivered', 'The statement was delivered.');
      return { ...current, draftingAgency: agencyCode, personalCopies: [...new Set([...(current.personalCopies ?? []), ...holdersOf(drafters ?? [])])] };
    });
    await this.quietly(async () => {
      await this.options.outbox.enqueue(networkId, statementMessageKeys.drafter(statementId, agencyCode), (drafters ?? []).flatMap((entry) => recipientOf(entry.member)), await this.source(saved.document));
    });
    return saved.document;
  }

  /**
   * A new numbered version (text in French and/or English). While a version is in clearance, a
   * new one ends that round: the clearances given do not carry over, and the card says so.
   */
  async addVersion(networkId: string, statementId: string, caller: Actor, text: StatementText): Promise<StatementDocument> {
    const actor = await this.named(networkId, caller);
    const statement = await this.load(networkId, statementId);
    await this.require(networkId, actor.aadObjectId, 'draftStatement', statement.draftingAgency ? { agencyCode: statement.draftingAgency } : {});
    const clean = cleanText(text);
    const saved = await this.repository.update(networkId, statementId, (current) => {
      if (current.status === 'delivered') throw new StatementError('delivered', 'The statement was delivered.');
      const latest = current.versions.at(-1);
      // An identical "new version" would only throw away the clearances already given.
      if (latest && latest.text.fr === clean.fr && latest.text.en === clean.en) throw StatementError.invalidInput(`The text is the same as version ${latest.number}.`, (language) => translate(language, 'statements.invalid.sameText', { number: latest.number }));
      const next = nextVersion(current.versions, clean);
      // The round of the replaced version stays recorded (its card says it ended); its
      // clearances never count for the new version, which must be submitted again.
      return withDue({
        ...current,
        status: 'drafting',
        versions: [...current.versions, { number: next.number, text: clean, createdBy: actor, createdAt: this.now().toISOString(), ...(next.changes ? { changes: next.changes } : {}) }],
      });
    });
    const previousRound = statement.clearance;
    if (previousRound) await this.quietly(() => this.refreshClearanceCard(saved.document, previousRound.version));
    await this.quietly(() => this.refreshPersonalCopies(saved.document));
    return saved.document;
  }

  /** Submits the latest version for ExCom clearance: a card in the ExCom channel, a deadline, reminders. */
  async submit(networkId: string, statementId: string, caller: Actor, input: { version?: number; deadline?: string; reminderOffsetsMinutes?: readonly number[] } = {}): Promise<StatementDocument> {
    const actor = await this.named(networkId, caller);
    const statement = await this.load(networkId, statementId);
    await this.require(networkId, actor.aadObjectId, 'submitStatementVersion', statement.draftingAgency ? { agencyCode: statement.draftingAgency } : {});
    const now = this.now();
    const deadline = input.deadline ? futureInstant(input.deadline, now) : new Date(now.getTime() + DEFAULT_CLEARANCE_DAYS * 24 * 3600_000).toISOString();
    const offsets = reminderOffsets(input.reminderOffsetsMinutes ?? DEFAULT_REMINDERS_MINUTES);
    const excomAgencies = (await this.options.membership.agencies(networkId)).filter((agency) => agency.excom).map((agency) => agency.code).sort();
    const saved = await this.repository.update(networkId, statementId, (current) => {
      if (current.status === 'delivered') throw new StatementError('delivered', 'The statement was delivered.');
      const latest = current.versions.at(-1);
      if (!latest) throw new StatementError('noVersion', 'Draft a version before submitting it.');
      if (input.version !== undefined && input.version !== latest.number) throw new StatementError('staleVersion', `Version ${input.version} is not the latest (${latest.number}).`);
      if (current.status === 'clearance' && current.clearance?.version === latest.number) return current;
      // Cleared and published in every language the request named: a half-translated text waits.
      const missing = missingLanguages(latest.text, requiredLanguages(current));
      if (missing.length > 0) throw new StatementError('missingLanguage', `Version ${latest.number} has no text in ${missing.join(', ')}.`, missing);
      const previousVersion = current.clearance && current.clearance.version < latest.number ? current.clearance.version : undefined;
      return withDue({
        ...current,
        status: 'clearance',
        clearance: { version: latest.number, submittedAt: now.toISOString(), submittedBy: actor, deadline, reminderOffsetsMinutes: offsets, remindersSent: [], excomAgencies, ...(previousVersion !== undefined ? { previousVersion } : {}) },
      });
    });
    const submitted = saved.document;
    const version = submitted.clearance?.version ?? 0;
    await this.quietly(async () => {
      // Clearance is ExCom's work: its card goes to the ExCom channel the co-chairs chose (every
      // channel while none is chosen, src/settings); the delivered statement goes to the general one.
      const channels = await this.options.conversations.installedChannels(networkId, 'excom');
      const source = await this.source(submitted);
      await this.options.outbox.enqueue(networkId, statementMessageKeys.clearance(statementId, version), channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })), source);
      await this.options.outbox.update(networkId, statementMessageKeys.request(statementId), source);
    });
    return submitted;
  }

  /**
   * One ExCom agency's clearance of an exact version, by its focal point or an alternate. A
   * later clearance from the same agency replaces its earlier one; a stale version is refused.
   */
  async clear(networkId: string, statementId: string, caller: Actor, input: ClearanceInput): Promise<StatementView & { readonly reader: Person }> {
    const cleared = await this.record(networkId, statementId, caller, input);
    // The clearer, as the turn read them: the tab's answer is made for their role without reading them again.
    return { ...view(cleared.statement, cleared.state), reader: cleared.person };
  }

  /**
   * A clearance from a card: the clearer's own card, answered from what the turn read and wrote
   * (the statement's summary of every agency's voice), no other document read. Every other copy
   * is refreshed after the invoke (syncCards).
   */
  async clearFromCard(networkId: string, statementId: string, caller: Actor, input: ClearanceInput, language: Language) {
    const cleared = await this.record(networkId, statementId, caller, input);
    return this.render(cleared.statement, cleared.state, await this.viewerOf(networkId, cleared.person, cleared.statement, language, true));
  }

  /**
   * The clearance turn, at a cost that does not grow with the network or the statement's
   * history: the clearer's person (memoised per turn), one read of the statement, and the two
   * conditional writes of an agency voice (src/agency-voices/): the agency's clearance document,
   * then the statement on the version read — its summary with the agency's voice and a new
   * revision (a delivery that checked the clearances before cannot land on that check; one that
   * landed first refuses this clearance, which is taken back), and the stale mark. Who may clear
   * is the clearer's own person; nobody else is read. The cards of everyone else follow after the
   * invoke (the refresher), or from the scheduler after a crash.
   */
  private async record(networkId: string, statementId: string, caller: Actor, input: ClearanceInput): Promise<{ statement: StatementDocument; state: ClearanceState | undefined; person: Person }> {
    const actor = await this.named(networkId, caller);
    const person = await this.person(networkId, actor.aadObjectId);
    const agencyCode = input.agencyCode ?? person.agencyCode ?? '';
    if (person.agencyCode && agencyCode !== person.agencyCode) throw new StatementError('otherAgency', `${actor.aadObjectId} speaks for ${person.agencyCode}, not ${agencyCode}.`);
    const read = await this.repository.get(networkId, statementId);
    if (!read) throw new StatementError('unknownStatement', `No statement ${statementId} in ${networkId}.`);
    const statement = read.document;
    if (!statement.clearance) throw new StatementError('notInClearance', 'No version is in clearance.');
    const excom = statement.clearance.excomAgencies;
    if (!excom.includes(agencyCode)) throw new StatementError('notExcom', `${agencyCode || actor.aadObjectId} is not an ExCom agency.`);
    if (!may(person, 'clearStatement', { agencyCode })) throw new StatementError('forbidden', `${actor.aadObjectId} may not clear for ${agencyCode}.`);
    if (!(CLEARANCE_POSITIONS as readonly string[]).includes(input.position)) throw new StatementError('invalidPosition', `Unknown position ${input.position}.`);
    const openFor = (current: StatementDocument) => {
      if (current.status === 'delivered') throw new StatementError('delivered', 'The statement was delivered before this clearance was recorded.');
      const refused = clearanceOpenFor(current, input.version);
      if (refused) throw new StatementError(refused, refused === 'staleVersion' ? `Version ${input.version} is not the version in clearance (${current.clearance?.version}).` : 'No version is in clearance.');
    };
    openFor(statement);
    const now = this.now();
    const cast = await this.voices.cast<StatementDocument, ClearancePosition>({
      round: clearanceRound(networkId, statementId, input.version),
      read,
      subject: this.clearanceSubject(networkId, statementId),
      answeringAgencies: excom,
      commentRequiredFor: COMMENT_REQUIRED_FOR,
      agencyCode,
      position: input.position as ClearancePosition,
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
      castBy: { aadObjectId: actor.aadObjectId.toLowerCase(), name: actor.name },
      castAt: now.toISOString(),
      ...(input.requestId ? { requestId: input.requestId } : {}),
      apply: (current) => {
        openFor(current);
        // What this agency saw, for the changes its representatives are shown next time.
        return markCardsStale({ ...current, voicedVersions: withVoicedVersion(current.voicedVersions, agencyCode, input.version) }, now);
      },
      refused: (refusal) => {
        if (refusal.code === 'commentRequired') return new StatementError('commentRequired', 'A request for changes says which changes.');
        if (refusal.code === 'commentTooLong') return new StatementError('commentTooLong', `At most ${MAX_COMMENT_LENGTH} characters.`);
        return new StatementError('forbidden', `Refused: ${refusal.code}.`);
      },
    }).catch((error: unknown) => {
      throw error instanceof StoreNotFoundError ? new StatementError('unknownStatement', `No statement ${statementId} in ${networkId}.`) : error;
    });
    if (!cast.duplicate) this.refresher.schedule(networkId, statementId);
    return { statement: cast.subject, state: summarisedClearanceState(cast.subject), person };
  }

  /** How the agency-voices slice reads and writes a statement's summary of clearances. */
  private clearanceSubject(networkId: string, statementId: string): VoiceSubject<StatementDocument, ClearancePosition> {
    return {
      summaryOf: clearanceSummary,
      withSummary: withClearanceSummary,
      read: () => this.repository.get(networkId, statementId),
      replace: (statement, etag) => this.repository.replace(statement, etag),
    };
  }

  /**
   * Publishes a validated statement in the network channel, on behalf of the Network. The
   * clearances are read and checked inside the ETag-guarded write of the statement, and every
   * clearance moves the statement's ETag after its own document is written (see clear): an
   * agency requesting changes between this check and this write makes the write fail, and the
   * check runs again on what is stored then.
   */
  async deliver(networkId: string, statementId: string, caller: Actor, expectedVersion?: number): Promise<StatementDocument> {
    const actor = await this.named(networkId, caller);
    await this.require(networkId, actor.aadObjectId, 'deliverStatement');
    let version = 0;
    const saved = await this.repository.guardedUpdate(networkId, statementId, async (current) => {
      if (current.status === 'delivered') throw new StatementError('delivered', 'The statement was already delivered.');
      const state = await this.state(current);
      if (current.status !== 'clearance' || !current.clearance || !state?.validated) throw new StatementError('notValidated', 'Every ExCom agency must approve the same version first.');
      version = current.clearance.version;
      if (expectedVersion !== undefined && expectedVersion !== version) throw new StatementError('staleVersion', `Version ${expectedVersion} is not the version cleared (${version}).`);
      const approvals = current.clearance.excomAgencies.map((agencyCode) => {
        const voice = state.voices.get(agencyCode);
        return { agencyCode, by: voice?.castBy ?? { aadObjectId: '', name: '' }, at: voice?.castAt ?? '' };
      });
      return withDue<StatementDocument>({ ...current, status: 'delivered', delivered: { at: this.now().toISOString(), by: actor, version, approvals } });
    }).catch((error: unknown) => {
      throw error instanceof StoreNotFoundError ? new StatementError('unknownStatement', `No statement ${statementId} in ${networkId}.`) : error;
    });
    const delivered = saved.document;
    await this.quietly(async () => {
      const [channels, language] = await Promise.all([this.options.conversations.installedChannels(networkId), this.networkLanguage(networkId)]);
      await this.options.outbox.enqueue(
        networkId,
        statementMessageKeys.delivered(statementId),
        channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })),
        () => cardActivity(this.options.cards.render(cardTemplates.statement, deliveredCardData(delivered, language))),
      );
      await this.refreshClearanceCard(delivered, version);
      await this.refreshPersonalCopies(delivered);
    });
    // A clearance's background refresh still waiting, or one a crash left behind: done after this.
    if (delivered.cardsStaleSince) this.refresher.schedule(networkId, statementId);
    return delivered;
  }

  /**
   * "Publish on behalf of the Network?": the confirmation a co-chair sees first, refused as the
   * delivery itself would be (not validated, another version, already delivered); nothing is written.
   */
  async deliverConfirmation(networkId: string, statementId: string, actorId: string, expectedVersion: number | undefined, language: Language) {
    await this.require(networkId, actorId, 'deliverStatement');
    const statement = await this.load(networkId, statementId);
    if (statement.status === 'delivered') throw new StatementError('delivered', 'The statement was already delivered.');
    const state = await this.state(statement);
    if (statement.status !== 'clearance' || !statement.clearance || !state?.validated) throw new StatementError('notValidated', 'Every ExCom agency must approve the same version first.');
    const version = statement.clearance.version;
    if (expectedVersion !== undefined && expectedVersion !== version) throw new StatementError('staleVersion', `Version ${expectedVersion} is not the version cleared (${version}).`);
    const channels = (await this.options.conversations.installedChannels(networkId)).length;
    return this.options.cards.render(cardTemplates.confirmation, deliverConfirmationCardData(statement, version, channels, language, networkId));
  }

  /** A confirmed delivery, answered with the co-chair's card saying it was published and where (or nowhere). */
  async deliverAndView(networkId: string, statementId: string, caller: Actor, expectedVersion: number | undefined, language: Language) {
    const { lines, tone } = await this.deliverAndTell(networkId, statementId, caller, expectedVersion, language);
    return withOutcome(await this.card(networkId, statementId, caller.aadObjectId, language), lines, tone);
  }

  /** A delivery and what to tell the co-chair: published, and in how many channels (0 = none). */
  async deliverAndTell(networkId: string, statementId: string, caller: Actor, expectedVersion: number | undefined, language: Language): Promise<{ readonly delivered: StatementDocument; readonly channels: number; readonly lines: string[]; readonly tone: 'good' | 'warning' }> {
    const delivered = await this.deliver(networkId, statementId, caller, expectedVersion);
    const channels = (await this.options.outbox.status(networkId, statementMessageKeys.delivered(statementId))).total;
    return { delivered, channels, ...deliveredOutcomeLines(delivered, channels, language) };
  }

  async statement(networkId: string, statementId: string, actorId: string): Promise<StatementView> {
    await this.require(networkId, actorId, 'viewDirectory');
    const statement = await this.load(networkId, statementId);
    return view(statement, await this.state(statement));
  }

  /** The reader's roles, for the view of what a change returns (a member of the network only). */
  async readerOf(networkId: string, actorId: string): Promise<Person> {
    return this.person(networkId, actorId);
  }

  async list(networkId: string, actorId: string): Promise<StatementDocument[]> {
    await this.require(networkId, actorId, 'viewDirectory');
    return this.repository.list(networkId);
  }

  /** The reader's own view of a statement card. */
  async card(networkId: string, statementId: string, viewerId: string, language: Language) {
    const person = await this.require(networkId, viewerId, 'viewDirectory');
    const statement = await this.load(networkId, statementId);
    return this.render(statement, await this.state(statement), await this.viewerOf(networkId, person, statement, language, true));
  }

  /** The final text of a delivered statement, as a document (HTML or Markdown). */
  async finalText(networkId: string, statementId: string, actorId: string, format: 'html' | 'md', language: Language): Promise<{ readonly body: string; readonly contentType: string; readonly fileName: string }> {
    await this.require(networkId, actorId, 'viewDirectory');
    const statement = await this.load(networkId, statementId);
    if (statement.status !== 'delivered' || !statement.delivered) throw new StatementError('notValidated', 'Only a delivered statement has a final text.');
    const version = statement.versions.find((entry) => entry.number === statement.delivered?.version);
    const texts = (['fr', 'en'] as const).flatMap((lang) => (version?.text[lang] ? [{ lang, text: version.text[lang] }] : []));
    const onBehalf = translate(language, 'statements.card.onBehalf');
    const footer = translate(language, 'statements.deliveredOn', { date: formatDay(language, statement.delivered.at, statement.timeZone), number: statement.delivered.version });
    const fileName = `statement-${statement.statementId}-v${statement.delivered.version}.${format}`;
    if (format === 'md') {
      // Both language versions, each under its label, as the delivered post carries them.
      const body = [`# ${markdownInline(statement.title)}`, '', `*${markdownInline(onBehalf)}*`, '', ...texts.flatMap(({ lang, text }) => [`## ${markdownInline(translate(language, `statements.languageLabel.${lang}`))}`, '', markdownText(text), '']), `_${markdownInline(footer)}_`, ''].join('\n');
      return { body, contentType: 'text/markdown; charset=utf-8', fileName };
    }
    const paragraphs = (text: string) => text.split(/\n{2,}/).map((block) => `<p>${htmlEscape(block).replace(/\n/g, '<br>')}</p>`).join('\n');
    const body = [
      '<!doctype html>',
      `<html lang="${language}"><head><meta charset="utf-8"><title>${htmlEscape(statement.title)}</title></head><body>`,
      `<h1>${htmlEscape(statement.title)}</h1>`,
      `<p><em>${htmlEscape(onBehalf)}</em></p>`,
      ...texts.map(({ lang, text }) => `<section lang="${lang}">\n<h2 lang="${language}">${htmlEscape(translate(language, `statements.languageLabel.${lang}`))}</h2>\n${paragraphs(text)}\n</section>`),
      `<p><small>${htmlEscape(footer)}</small></p>`,
      '</body></html>',
    ].join('\n');
    return { body, contentType: 'text/html; charset=utf-8', fileName };
  }

  /** Reminders due to the ExCom agencies that have not cleared the version in clearance. */
  async tick(networkId: string): Promise<{ readonly reminded: number }> {
    const now = this.now();
    let reminded = 0;
    // Due times compared as numbers; one stored before they were canonical is looked at once more,
    // and the write below stores its canonical form (nextDue), so it is not returned every tick.
    const found = await this.repository.due(networkId, now);
    for (const due of found.filter((entry) => isDue(entry.dueAt, now) || (entry.dueAt !== undefined && !isCanonicalDue(entry.dueAt)))) {
      // Clearances whose background card refresh never ran (a crash, a shutdown): done now. The
      // refresh's own write sets the next due time.
      if (due.cardsStaleSince) await this.refresher.refreshNow(networkId, due.statementId);
      const clearance = due.clearance;
      if (due.status !== 'clearance' || !clearance) {
        await this.repository.update(networkId, due.statementId, (latest) => withDue(latest));
        continue;
      }
      const offset = dueReminder(clearance.deadline, clearance.reminderOffsetsMinutes, clearance.remindersSent, now);
      if (offset !== undefined) {
        const state = await this.state(due);
        const pending = new Set(state?.pending ?? []);
        const views = await this.memberViews(networkId);
        const recipients = [...views.values()].filter((entry) => entry.person.roles.has('excomRepresentative') && pending.has(entry.member.agencyCode));
        const languages = new Map(recipients.map((entry) => [entry.member.aadObjectId?.toLowerCase() ?? '', entry.member.language] as const));
        await this.options.outbox.enqueue(networkId, statementMessageKeys.reminder(due.statementId, clearance.version, offset), recipients.flatMap((entry) => recipientOf(entry.member)), (recipient) => {
          const language = (recipient.kind === 'member' ? languages.get(recipient.aadObjectId.toLowerCase()) : undefined) ?? 'fr';
          return cardActivity(this.options.cards.render(cardTemplates.statement, reminderCardData(due, language, networkId)));
        });
        reminded += 1;
      }
      await this.repository.update(networkId, due.statementId, (latest) => {
        if (latest.status !== 'clearance' || !latest.clearance || latest.clearance.version !== clearance.version) return withDue(latest);
        const sent = offset === undefined ? latest.clearance.remindersSent : [...new Set([...latest.clearance.remindersSent, offset, ...supersededReminders(latest.clearance.deadline, latest.clearance.reminderOffsetsMinutes, now)])];
        // Only reminders are scheduled (reminderDueAt): past the deadline the round stays open, without more reminders.
        return withDue({ ...latest, clearance: { ...latest.clearance, remindersSent: sent } });
      });
    }
    return { reminded };
  }

  // ---- internals -------------------------------------------------------------------------

  private async state(statement: StatementDocument): Promise<ClearanceState | undefined> {
    const clearance = statement.clearance;
    if (!clearance) return undefined;
    const records = await this.voices.records<ClearancePosition>(clearanceRound(statement.networkId, statement.statementId, clearance.version), clearance.excomAgencies);
    return clearanceState(clearance.version, clearance.excomAgencies, [...records.values()]);
  }

  /**
   * The clearance card of `version` in the channel, updated in place for everyone. Its copies
   * all go to channels (a copy asking each reader for their own view), so no member is read.
   */
  private async refreshClearanceCard(statement: StatementDocument, version: number, state?: ClearanceState): Promise<void> {
    await this.options.outbox.update(statement.networkId, statementMessageKeys.clearance(statement.statementId, version), await this.source(statement, 'channels', state));
  }

  /**
   * The 1:1 copies (the request to the co-chairs, the drafting agency's card), each in its
   * reader's own view: the clearance count as it stands, Deliver for a co-chair once every ExCom
   * agency approved the same version. Reads only the holders the statement names.
   */
  private async refreshPersonalCopies(statement: StatementDocument, known?: ClearanceState): Promise<void> {
    const holders = statement.personalCopies ?? [];
    if (holders.length === 0) return;
    const [views, state, agencies, timeZone] = await Promise.all([this.options.membership.membersByIds(statement.networkId, holders), known ?? this.state(statement), this.agencyChoicesByLanguage(statement.networkId), this.zoneOf(statement)]);
    const source = (recipient: Recipient): OutboxActivity => {
      const entry = recipient.kind === 'member' ? views.get(recipient.aadObjectId.toLowerCase()) : undefined;
      const person = entry?.person ?? { aadObjectId: recipient.kind === 'member' ? recipient.aadObjectId : '', roles: new Set() };
      const language = entry?.member.language ?? 'fr';
      return cardActivity(this.render(statement, state, { ...viewerFor(person, statement, language, true, agencies[language]), timeZone }));
    };
    const keys = [statementMessageKeys.request(statement.statementId), ...(statement.draftingAgency ? [statementMessageKeys.drafter(statement.statementId, statement.draftingAgency)] : [])];
    for (const key of keys) await this.options.outbox.update(statement.networkId, key, source);
  }

  /**
   * Brings every copy of the clearance card to the statement's latest version, and marks it so.
   * Runs in the background after a clearance (CardRefresher) and for the scheduler. The stale
   * mark is cleared only by a write conditional on the version rendered (which also writes back
   * the summary of voices from the clearance documents, the record); a statement that changed
   * meanwhile is rendered again. Reads the statement, its ≤ one-per-ExCom-agency clearance
   * documents and the copies; never the members.
   */
  private async syncCards(networkId: string, statementId: string): Promise<void> {
    await syncVoiceCards<StatementDocument>({
      read: () => this.repository.get(networkId, statementId),
      marked: (statement) => statement.cardsStaleSince !== undefined,
      render: async (read) => {
        const statement = read.document;
        const state = await this.state(statement);
        if (statement.clearance) await this.refreshClearanceCard(statement, statement.clearance.version, state);
        await this.refreshPersonalCopies(statement, state);
        return { fresh: markCardsFresh(healed(statement, state)), etag: read.etag };
      },
      replace: (statement, etag) => this.repository.replace(statement, etag),
      leaveMarked: () => this.repository.update(networkId, statementId, (latest) => markCardsStale(latest, this.now())),
      // The agencies' older clearances of the round moved out of their records.
      afterSync: async ({ clearance }) => {
        if (clearance) await this.voices.archive(clearanceRound(networkId, statementId, clearance.version), clearance.excomAgencies);
      },
    });
  }

  /**
   * What each recipient gets: the channel a copy that asks for each reader's view; a person their
   * own. For `channels` (a message sent to conversations only) no member is read; a person among
   * the recipients would then get the view of someone with no role (no names, no draft).
   */
  private async source(statement: StatementDocument, audience: 'channels' | 'everyone' = 'everyone', known?: ClearanceState): Promise<(recipient: Recipient) => OutboxActivity> {
    const [views, state] = await Promise.all([audience === 'everyone' ? this.memberViews(statement.networkId) : new Map<string, MemberView>(), known ?? this.state(statement)]);
    const [agencies, network] = await Promise.all([this.agencyChoicesByLanguage(statement.networkId), preferencesFor(this.options.preferences, statement.networkId)]);
    const timeZone = statement.timeZone ?? network.timeZone;
    return (recipient) => {
      if (recipient.kind === 'conversation') {
        // In the network's language and zone; each reader's refresh in their own language.
        const card = this.render(statement, state, { language: network.language, timeZone, personal: false, canDraft: false, canClear: false, canDeliver: false, canNameDrafter: false, agencies: agencies[network.language] });
        if (statement.status === 'delivered') return cardActivity(card);
        // The people who hold a 1:1 copy (co-chairs, drafters) get their own view here too, at once;
        // others refresh it themselves.
        const userIds = (statement.personalCopies ?? []).slice(0, MAX_REFRESH_USER_IDS).map(userMri);
        return cardActivity({ ...card, refresh: { action: { type: 'Action.Execute', verb: STATEMENT_VIEW_VERB, data: { networkId: statement.networkId, statementId: statement.statementId } }, ...(userIds.length > 0 ? { userIds } : {}) } });
      }
      const entry = views.get(recipient.aadObjectId.toLowerCase());
      const person = entry?.person ?? { aadObjectId: recipient.aadObjectId, roles: new Set() };
      const language = entry?.member.language ?? network.language;
      return cardActivity(this.render(statement, state, { ...viewerFor(person, statement, language, true, agencies[language]), timeZone }));
    };
  }

  /** The channels' copies are in the network's language (settings/, cached: no store operation while warm). */
  private async networkLanguage(networkId: string): Promise<Language> {
    return (await preferencesFor(this.options.preferences, networkId)).language;
  }

  private render(statement: StatementDocument, state: ClearanceState | undefined, viewer: StatementViewer) {
    return this.options.cards.render(cardTemplates.statement, statementCardData(statement, state, viewer, statement.networkId));
  }

  private async viewerOf(networkId: string, person: Person, statement: StatementDocument, language: Language, personal: boolean): Promise<StatementViewer> {
    const [agencies, timeZone] = await Promise.all([this.agencyChoices(networkId, language), this.zoneOf(statement)]);
    return { ...viewerFor(person, statement, language, personal, agencies), timeZone };
  }

  /**
   * The zone a statement's cards show instants in: the one it was requested in, carried on it (a
   * card action's answer reads no settings); a statement from before it, the network's (cached).
   */
  private async zoneOf(statement: StatementDocument): Promise<string> {
    return statement.timeZone ?? (await preferencesFor(this.options.preferences, statement.networkId)).timeZone;
  }

  private async agencyChoices(networkId: string, language: Language) {
    return (await this.agencyChoicesByLanguage(networkId))[language];
  }

  /** The directory's agencies named as every card and the tab name them (network/membership-cards.ts), in each language: one read for copies in both. */
  private async agencyChoicesByLanguage(networkId: string): Promise<Record<Language, { readonly title: string; readonly value: string }[]>> {
    const agencies = await this.options.membership.agencies(networkId);
    const choices = (language: Language) => agencies.map((agency) => ({ title: agencyName(agency, language), value: agency.code }));
    return { fr: choices('fr'), en: choices('en') };
  }

  /** The actor with the name the directory knows when the edge had none (a tab token without `name`). */
  private async named(networkId: string, actor: Actor): Promise<Actor> {
    const aadObjectId = actor.aadObjectId.toLowerCase();
    if (actor.name.trim() !== '') return { aadObjectId, name: actor.name.trim() };
    // Through the membership's per-turn memo: the read that finds the person's roles is the same one.
    const member = (await this.options.membership.profile(networkId, aadObjectId))?.member;
    return { aadObjectId, name: member?.name ?? '' };
  }

  private async person(networkId: string, aadObjectId: string): Promise<Person> {
    const person = await this.options.membership.person(networkId, aadObjectId);
    if (person.roles.size === 0) throw new StatementError('notAMember', `${aadObjectId} is not a member of ${networkId}.`);
    return person;
  }

  private async require(networkId: string, actorId: string, action: Action, context: { agencyCode?: string } = {}): Promise<Person> {
    const person = await this.person(networkId, actorId);
    if (!may(person, action, context)) throw new StatementError('forbidden', `${actorId} may not ${action}.`);
    return person;
  }

  private async load(networkId: string, statementId: string): Promise<StatementDocument> {
    const found = await this.repository.get(networkId, statementId);
    if (!found) throw new StatementError('unknownStatement', `No statement ${statementId} in ${networkId}.`);
    return found.document;
  }

  private memberViews(networkId: string): Promise<Map<string, MemberView>> {
    return this.options.membership.activeMembers(networkId);
  }

  /** Deliveries are queued after the change is saved; a failure to queue is logged, the change stands. */
  private async quietly<T>(send: () => Promise<T>): Promise<T | undefined> {
    try {
      return await send();
    } catch (error) {
      this.options.logger.error({ err: error }, 'statement cards could not be queued');
      return undefined;
    }
  }
}

function viewerFor(person: Person, statement: StatementDocument, language: Language, personal: boolean, agencies: StatementViewer['agencies']): StatementViewer {
  const drafting = statement.draftingAgency ? { agencyCode: statement.draftingAgency } : {};
  const coChair = may(person, 'draftStatement');
  return {
    language,
    personal,
    ...(person.agencyCode ? { agencyCode: person.agencyCode } : {}),
    canDraft: may(person, 'draftStatement', drafting),
    canClear: person.agencyCode !== undefined && may(person, 'clearStatement', { agencyCode: person.agencyCode }) && (statement.clearance?.excomAgencies ?? []).includes(person.agencyCode),
    canDeliver: may(person, 'deliverStatement'),
    canNameDrafter: coChair,
    // Pending people never read names, on cards as in the API (statement-views.ts).
    seesNames: readsNames(person),
    ...(coChair && agencies ? { agencies } : {}),
  };
}

/** The statement with its summary written back from what the clearance documents say (the record). */
function healed(statement: StatementDocument, state: ClearanceState | undefined): StatementDocument {
  const clearance = statement.clearance;
  if (!clearance || !state || state.version !== clearance.version) return statement;
  const current = clearanceSummary(statement);
  const summary = { round: state.version, revision: current?.revision ?? 0, voices: clearance.excomAgencies.flatMap((agency) => state.voices.get(agency) ?? []) };
  return sameVoices(summary, current) ? statement : withClearanceSummary(statement, summary);
}

function view(statement: StatementDocument, state: ClearanceState | undefined): StatementView {
  return {
    statement,
    ...(state
      ? {
          clearance: {
            version: state.version,
            validated: state.validated,
            approved: state.approved,
            changesRequested: state.changesRequested,
            pending: state.pending,
            voices: [...state.voices.values()].map((voice) => ({ agencyCode: voice.agencyCode, position: voice.position, ...(voice.comment ? { comment: voice.comment } : {}), at: voice.castAt, by: voice.castBy.name })),
          },
        }
      : {}),
  };
}

function cleanText(text: StatementText): StatementText {
  const fr = text.fr?.trim() ?? '';
  const en = text.en?.trim() ?? '';
  if (fr === '' && en === '') throw StatementError.invalidInput('A version needs its text in French or in English.', (language) => translate(language, 'statements.invalid.noText'));
  if (fr.length > MAX_STATEMENT_TEXT || en.length > MAX_STATEMENT_TEXT) throw StatementError.invalidInput(`A text has at most ${MAX_STATEMENT_TEXT} characters.`, fieldProblem('text', 'tooBig', { maximum: MAX_STATEMENT_TEXT }));
  return { ...(fr ? { fr } : {}), ...(en ? { en } : {}) };
}

/** The object ids to remember as holders of a 1:1 copy. */
function holdersOf(views: readonly MemberView[]): string[] {
  return views.flatMap((view) => (view.member.aadObjectId ? [view.member.aadObjectId.toLowerCase()] : []));
}

function recipientOf(member: MemberDocument): Recipient[] {
  if (!member.aadObjectId || !member.tenantId) return [];
  return [{ kind: 'member', aadObjectId: member.aadObjectId.toLowerCase(), tenantId: member.tenantId, name: member.name }];
}

function cardActivity(card: object): OutboxActivity {
  return cardMessage(card);
}

/** A clearance deadline as typed: an ISO instant that exists, after `now`, at most two years ahead (see instants). */
function futureInstant(value: string, now: Date): string {
  const checked = checkFutureInstant(value, now);
  if (!checked.ok) {
    const refusal = checked.refusal;
    throw StatementError.invalidInput(instantRefusalText('deadline', refusal), (language) => instantProblem(language, 'deadline', refusal));
  }
  return checked.iso;
}

function reminderOffsets(offsets: readonly number[]): number[] {
  if (offsets.length > 10 || offsets.some((offset) => !Number.isInteger(offset) || offset <= 0 || offset > 60 * 24 * 90)) {
    throw StatementError.invalidInput('Reminders: at most 10 whole numbers of minutes before the deadline (up to 90 days).', (language) => translate(language, 'statements.invalid.reminders'));
  }
  return [...new Set(offsets)].sort((a, b) => b - a);
}

const htmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

