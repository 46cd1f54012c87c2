/**
 * Working-group reviews: the consultation of the members, then ExCom's decision through the
 * decisions slice (a decision whose `subject` is `{ kind: 'workingGroupReview', id:
 * '<groupId>:<reviewDate>' }`), the outcome applied to the group and written in the audit trail.
 *
 * Putting a proposal to ExCom (co-chair), crash-aware like the work plan's submission: (0) the
 * decision's input is checked by the decisions slice (rights, deadline, reminders) — a refusal
 * changes nothing; (1) the group moves to `decision` with the proposal, on its ETag (a second
 * proposal racing it is refused); (2) the decision is opened; a refusal there puts the group back;
 * (3) the group records the decision id (a crash before it: the outcome is recognised by the
 * decision's subject, which names the review). The outcome comes back through the observer the
 * decisions slice calls once the decision is numbered, and the tick asks `subjectOutcome` for
 * every group still in `decision` (indexed), so a lost notice loses nothing.
 */
import { fieldProblem, problemList, type InReaderLanguage } from '../api/input-problems';
import { cardMessage, type AdaptiveCardJson, type CardRenderer } from '../cards/card-renderer';
import { cardTemplates } from '../cards/templates';
import type { DecisionsService, SubjectOutcome } from '../decisions/decisions-service';
import type { ConversationService } from '../delivery/conversation-service';
import type { Recipient } from '../delivery/outbox-rules';
import type { OutboxService } from '../delivery/outbox-service';
import type { DecisionMode } from '../decisions/consensus-rules';
import { translate, type Language } from '../i18n';
import type { Logger } from '../logger';
import { MembershipRepository } from '../network/membership-repository';
import type { MembershipService } from '../network/membership-service';
import type { ReviewOutcome, WorkingGroupChanges, WorkingGroupDocument } from '../network/model';
import { may, type Action } from '../network/permissions';
import type { Person } from '../network/roles';
import type { DocumentStore } from '../store/document-store';
import { GroupReviewError } from './errors';
import { GROUP_REVIEW_DECISION_SUBJECT, GROUP_REVIEW_DOCUMENT_TYPES, reviewCommentDocumentId, reviewKey, type ReviewCommentDocument } from './model';
import { groupReviewCardData } from './review-cards';
import { GroupReviewRepository } from './review-repository';
import { COMMENT_MAX, countPositions, decided, intervalOf, openReview, proposed, reviewStateOf, validateProposal, type PositionCounts, type RawProposal } from './review-rules';
import { preferencesFor, type PreferencesOf } from '../settings/model';

export interface GroupReviewServiceOptions {
  readonly store: DocumentStore;
  readonly membership: MembershipService;
  readonly decisions: DecisionsService;
  readonly outbox: OutboxService;
  readonly conversations: Pick<ConversationService, 'installedChannels'>;
  readonly cards: CardRenderer;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** The network's language, for the channels' card (settings/; cached, warmed by installedChannels). */
  readonly preferences?: PreferencesOf;
}

/** The consultation card posted to the network's channels, once per review (outbox key). */
export const consultationMessageKey = (groupId: string, reviewDate: string) => `working-group:${groupId}:review:${reviewDate}:consultation`;

export interface ProposalInput extends RawProposal {
  readonly mode: DecisionMode;
  readonly deadline: string;
  readonly reminderOffsetsMinutes?: readonly number[];
}

export interface ReviewView {
  readonly groupId: string;
  readonly name: string;
  readonly objective: string;
  readonly status: 'active' | 'closed';
  readonly reviewState: WorkingGroupDocument['reviewState'];
  readonly reviewDate: string;
  readonly reviewEveryMonths: number;
  readonly review?: {
    readonly reviewDate: string;
    readonly openedAt: string;
    readonly proposal?: { readonly outcome: ReviewOutcome; readonly changes?: WorkingGroupChanges };
    readonly decisionId?: string;
    readonly lastRefusal?: { readonly outcome: ReviewOutcome; readonly registerNumber?: string };
  };
  /** The members' views of the review under way, counted by position; each view (name, agency, text) for confirmed members only. */
  readonly comments: PositionCounts;
  readonly commentList: readonly { readonly position: ReviewOutcome; readonly agencyCode: string; readonly author: string; readonly text: string; readonly at: string }[];
  readonly history: NonNullable<WorkingGroupDocument['reviewHistory']>;
  readonly may: { readonly open: boolean; readonly comment: boolean; readonly propose: boolean };
}

const DECISION_TITLE_MAX = 200;

export class GroupReviewService {
  private readonly repository: GroupReviewRepository;
  private readonly members: MembershipRepository;
  private readonly now: () => Date;

  constructor(private readonly options: GroupReviewServiceOptions) {
    this.repository = new GroupReviewRepository(options.store);
    this.members = new MembershipRepository(options.store);
    this.now = options.now ?? (() => new Date());
    options.decisions.observeSubjectOutcomes(GROUP_REVIEW_DECISION_SUBJECT, (outcome) => this.takeOutcome(outcome));
  }

  /** The group's review as the reader may see it (an outcome not taken in yet is taken in first). */
  async review(networkId: string, actorId: string, groupId: string): Promise<ReviewView> {
    const person = await this.require(networkId, actorId, 'viewMemberList');
    const group = await this.reconciled(networkId, await this.loadGroup(networkId, groupId));
    const comments = group.review ? await this.repository.comments(networkId, reviewKey(group.groupId, group.review.reviewDate)) : [];
    const state = reviewStateOf(group);
    return {
      groupId: group.groupId,
      name: group.name,
      objective: group.objective,
      status: group.status ?? 'active',
      reviewState: state,
      reviewDate: group.reviewDate,
      reviewEveryMonths: intervalOf(group),
      ...(group.review
        ? {
            review: {
              reviewDate: group.review.reviewDate,
              openedAt: group.review.openedAt,
              ...(group.review.proposal ? { proposal: { outcome: group.review.proposal.outcome, ...(group.review.proposal.changes ? { changes: group.review.proposal.changes } : {}) } } : {}),
              ...(group.review.decisionId ? { decisionId: group.review.decisionId } : {}),
              ...(group.review.lastRefusal ? { lastRefusal: { outcome: group.review.lastRefusal.outcome, ...(group.review.lastRefusal.registerNumber ? { registerNumber: group.review.lastRefusal.registerNumber } : {}) } } : {}),
            },
          }
        : {}),
      comments: countPositions(comments.map((comment) => comment.position)),
      // Who said what is for confirmed members; a pending person reads the counts only.
      commentList: person.roles.has('pending') ? [] : comments.map((comment) => ({ position: comment.position, agencyCode: comment.agencyCode, author: comment.author.name, text: comment.text, at: comment.at })),
      history: group.reviewHistory ?? [],
      may: {
        open: state === 'waiting' && (group.status ?? 'active') === 'active' && may(person, 'manageWorkingGroups'),
        comment: state === 'consultation' && may(person, 'commentOnWorkingGroupReview'),
        propose: state === 'consultation' && may(person, 'proposeWorkingGroupReview'),
      },
    };
  }

  /** Opens the members' consultation before the review date (ExCom, co-chairs); the tick opens those due. */
  async open(networkId: string, actorId: string, groupId: string): Promise<WorkingGroupDocument> {
    await this.require(networkId, actorId, 'manageWorkingGroups');
    return this.openOne(networkId, groupId, actorId.toLowerCase());
  }

  private async openOne(networkId: string, groupId: string, openedBy: string): Promise<WorkingGroupDocument> {
    // The consultation card goes to the network's channels first, then the review is marked open:
    // the outbox keeps one copy per (review, channel), so a crash or a racing instance that opens
    // it again sends nothing twice, and a review is never open without its card.
    const current = await this.loadGroup(networkId, groupId);
    const opening = openReview(current, this.now().toISOString(), openedBy);
    if (!opening.ok) throw new GroupReviewError(opening.refusal, `${groupId}: ${opening.refusal}.`, stateName(current));
    const channels = await this.options.conversations.installedChannels(networkId);
    if (channels.length > 0) {
      // Channel posts are in the network's language; each reader's refresh is in theirs.
      const card = this.renderCard({ networkId, group: opening.group, mayComment: true }, (await preferencesFor(this.options.preferences, networkId)).language);
      await this.options.outbox.enqueue(networkId, consultationMessageKey(groupId, opening.group.review!.reviewDate), channels.map((conversationId): Recipient => ({ kind: 'conversation', conversationId })), cardMessage(card));
    }
    let before: WorkingGroupDocument | undefined;
    const saved = await this.repository.updateGroup(networkId, groupId, (group) => {
      const opened = openReview(group, this.now().toISOString(), openedBy);
      if (!opened.ok) throw new GroupReviewError(opened.refusal, `${groupId}: ${opened.refusal}.`, stateName(group));
      before = group;
      return opened.group;
    });
    await this.audit(networkId, openedBy, 'workingGroup.review.open', saved.document.id, { reviewState: reviewStateOf(before!) }, { reviewState: 'consultation', reviewDate: saved.document.review?.reviewDate });
    return saved.document;
  }

  /** A confirmed member's view during the consultation: renew, change or close, and why (one per member, replaced). */
  async comment(networkId: string, actor: { readonly aadObjectId: string; readonly name: string }, groupId: string, input: { readonly position: unknown; readonly text: unknown }): Promise<ReviewCommentDocument> {
    return (await this.recordComment(networkId, actor, groupId, input)).comment;
  }

  /** The same from the consultation card: the reader's card comes back with their view recorded. */
  async commentFromCard(networkId: string, actor: { readonly aadObjectId: string; readonly name: string }, groupId: string, input: { readonly position: unknown; readonly text: unknown }, language: Language): Promise<AdaptiveCardJson> {
    const { comment, group } = await this.recordComment(networkId, actor, groupId, input);
    return this.renderCard({ networkId, group, own: comment, mayComment: true, notice: translate(language, 'groupReview.card.recorded') }, language);
  }

  /** The consultation card as `viewerId` may use it (Teams' refresh): their own view, the form if they may comment. */
  async reviewCard(networkId: string, viewerId: string, groupId: string, language: Language): Promise<AdaptiveCardJson> {
    const person = await this.require(networkId, viewerId, 'viewMemberList');
    const group = await this.loadGroup(networkId, groupId);
    const own = group.review ? await this.repository.getComment(networkId, group.groupId, group.review.reviewDate, viewerId) : undefined;
    return this.renderCard({ networkId, group, ...(own ? { own } : {}), mayComment: may(person, 'commentOnWorkingGroupReview') }, language);
  }

  private renderCard(source: Parameters<typeof groupReviewCardData>[0], language: Language): AdaptiveCardJson {
    return this.options.cards.render(cardTemplates.groupReview, groupReviewCardData(source, language));
  }

  private async recordComment(
    networkId: string,
    actor: { readonly aadObjectId: string; readonly name: string },
    groupId: string,
    input: { readonly position: unknown; readonly text: unknown },
  ): Promise<{ readonly comment: ReviewCommentDocument; readonly group: WorkingGroupDocument }> {
    const person = await this.require(networkId, actor.aadObjectId, 'commentOnWorkingGroupReview');
    const group = await this.loadGroup(networkId, groupId);
    if (reviewStateOf(group) !== 'consultation' || !group.review) throw new GroupReviewError(group.status === 'closed' ? 'groupClosed' : 'noConsultation', `${groupId} is ${reviewStateOf(group)}.`, stateName(group));
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    const problems = [
      ...(['renew', 'change', 'close'].includes(input.position as string) ? [] : [{ log: 'position', reader: fieldProblem('position', 'invalid') }]),
      ...(text.length > COMMENT_MAX ? [{ log: `text ≤ ${COMMENT_MAX}`, reader: fieldProblem('comment', 'tooBig', { maximum: COMMENT_MAX }) }] : []),
    ];
    if (problems.length > 0) throw new GroupReviewError('invalidComment', problems.map((problem) => problem.log).join(', '), problemList(problems.map((problem) => problem.reader)));
    const comment: ReviewCommentDocument = {
      id: reviewCommentDocumentId(groupId, group.review.reviewDate, actor.aadObjectId),
      networkId,
      type: GROUP_REVIEW_DOCUMENT_TYPES.comment,
      reviewKey: reviewKey(groupId, group.review.reviewDate),
      groupId,
      reviewDate: group.review.reviewDate,
      position: input.position as ReviewOutcome,
      text,
      agencyCode: person.agencyCode ?? '',
      author: { aadObjectId: actor.aadObjectId.toLowerCase(), name: actor.name },
      at: this.now().toISOString(),
    };
    await this.repository.putComment(comment);
    await this.audit(networkId, actor.aadObjectId, 'workingGroup.review.comment', group.id, null, { position: comment.position, text });
    return { comment, group };
  }

  /** Puts one proposal (renew / change / close) to ExCom as a decision (see the file comment for the steps). */
  async propose(networkId: string, actor: { readonly aadObjectId: string; readonly name: string }, groupId: string, input: ProposalInput): Promise<WorkingGroupDocument> {
    await this.require(networkId, actor.aadObjectId, 'proposeWorkingGroupReview');
    const terms = { mode: input.mode, deadline: input.deadline, ...(input.reminderOffsetsMinutes ? { reminderOffsetsMinutes: input.reminderOffsetsMinutes } : {}) };
    await this.options.decisions.checkNewDecision(networkId, actor.aadObjectId, { title: 'check', text: { fr: 'check' }, ...terms });
    const current = await this.reconciled(networkId, await this.loadGroup(networkId, groupId));
    if (reviewStateOf(current) !== 'consultation') throw new GroupReviewError(current.status === 'closed' ? 'groupClosed' : 'noConsultation', `${groupId} is ${reviewStateOf(current)}.`, stateName(current));
    const checked = validateProposal(input, current);
    if (!checked.ok) {
      const problems = checked.problems.map((problem): InReaderLanguage => (language) => translate(language, `groupReview.problem.${problem}`));
      throw new GroupReviewError('invalidProposal', checked.problems.join(', '), problemList(problems));
    }
    const proposal = { outcome: checked.outcome, ...(checked.changes ? { changes: checked.changes } : {}), proposedBy: actor.aadObjectId.toLowerCase(), proposedAt: this.now().toISOString() };
    // Step 1: one proposal at a time, on the group's ETag.
    const frozen = (
      await this.repository.updateGroup(networkId, groupId, (group) => {
        const next = proposed(group, proposal);
        if (!next) throw new GroupReviewError('noConsultation', `${groupId} moved on meanwhile.`, stateName(group));
        return next;
      })
    ).document;
    const review = frozen.review!;
    const comments = countPositions((await this.repository.comments(networkId, reviewKey(groupId, review.reviewDate))).map((comment) => comment.position));
    let decisionId: string;
    try {
      // Step 2: the ExCom decision, linked to this review.
      const decision = await this.options.decisions.createDecision(networkId, actor, {
        title: translate('fr', 'groupReview.decision.title', { name: current.name, outcome: translate('fr', `groupReview.outcome.${checked.outcome}`) }).slice(0, DECISION_TITLE_MAX),
        text: { fr: decisionText('fr', current, proposal.outcome, proposal.changes, comments), en: decisionText('en', current, proposal.outcome, proposal.changes, comments) },
        ...terms,
        subject: { kind: GROUP_REVIEW_DECISION_SUBJECT, id: reviewKey(groupId, review.reviewDate) },
      });
      decisionId = decision.decisionId;
    } catch (error) {
      // Refused by the decisions slice: the review goes back to its consultation, as it was.
      await this.repository.updateGroup(networkId, groupId, (group) => (reviewStateOf(group) === 'decision' && group.review?.proposal?.proposedAt === proposal.proposedAt && !group.review.decisionId ? current : group));
      throw error;
    }
    // Step 3: the group names its decision.
    const saved = await this.repository.updateGroup(networkId, groupId, (group) =>
      group.review?.proposal?.proposedAt === proposal.proposedAt && !group.review.decisionId ? { ...group, review: { ...group.review, decisionId } } : group,
    );
    await this.audit(networkId, actor.aadObjectId, 'workingGroup.review.propose', saved.document.id, { reviewState: 'consultation' }, { reviewState: 'decision', outcome: proposal.outcome, ...(proposal.changes ? { changes: proposal.changes } : {}), decisionId });
    return saved.document;
  }

  /** ExCom's decision, once closed and numbered: the outcome applied to the group (taking it twice changes nothing). */
  async takeOutcome(outcome: SubjectOutcome): Promise<void> {
    if (outcome.subject?.kind !== GROUP_REVIEW_DECISION_SUBJECT || !outcome.registerNumber || !outcome.outcome) return;
    const [groupId, reviewDate] = outcome.subject.id.split(':') as [string, string | undefined];
    if (!reviewDate) return;
    const read = await this.repository.getGroup(outcome.networkId, groupId);
    if (!read || read.document.review?.reviewDate !== reviewDate) return;
    const comments = countPositions((await this.repository.comments(outcome.networkId, reviewKey(groupId, reviewDate))).map((comment) => comment.position));
    const at = outcome.closedAt ?? this.now().toISOString();
    let before: WorkingGroupDocument | undefined;
    let changed = false;
    const saved = await this.repository.updateGroup(outcome.networkId, groupId, (group) => {
      const next = decided(group, { decisionId: outcome.decisionId, reviewDate, adopted: outcome.outcome === 'adopted', registerNumber: outcome.registerNumber!, at }, comments);
      before = group;
      changed = next !== undefined;
      return next ?? group;
    });
    if (!changed) return;
    const proposal = before!.review!.proposal!;
    const action = outcome.outcome === 'adopted' ? `workingGroup.review.${proposal.outcome}` : 'workingGroup.review.notAdopted';
    await this.audit(
      outcome.networkId,
      'system',
      action,
      saved.document.id,
      { name: before!.name, objective: before!.objective, reviewEveryMonths: intervalOf(before!), reviewDate: before!.reviewDate, status: before!.status ?? 'active' },
      { name: saved.document.name, objective: saved.document.objective, reviewEveryMonths: intervalOf(saved.document), reviewDate: saved.document.reviewDate, status: saved.document.status ?? 'active', decisionId: outcome.decisionId, registerNumber: outcome.registerNumber },
    );
  }

  /**
   * The scheduler's pass: opens the consultation of every group due (indexed: waiting, review date
   * ≤ today; and those from before reviews, which have no state) and takes in the outcome of every
   * review decision not taken in (indexed: `decision`). Three queries and nothing else when nothing is due.
   */
  async tick(networkId: string): Promise<{ readonly opened: number; readonly reconciled: number }> {
    const today = this.now().toISOString().slice(0, 10);
    let opened = 0;
    const due = [...(await this.repository.dueGroups(networkId, today)), ...(await this.repository.dueGroupsFromBeforeReviews(networkId, today))];
    for (const group of due) {
      try {
        await this.openOne(networkId, group.groupId, 'scheduler');
        opened += 1;
      } catch (error) {
        // Another instance opened it meanwhile.
        if (!(error instanceof GroupReviewError)) throw error;
      }
    }
    let reconciled = 0;
    for (const group of await this.repository.awaitingDecision(networkId)) {
      if ((await this.reconciled(networkId, group)) !== group) reconciled += 1;
    }
    return { opened, reconciled };
  }

  /** `group` itself unless its review's decision is numbered and not taken in yet; then the group after it. */
  private async reconciled(networkId: string, group: WorkingGroupDocument): Promise<WorkingGroupDocument> {
    const decisionId = reviewStateOf(group) === 'decision' ? group.review?.decisionId : undefined;
    if (!decisionId) return group;
    const outcome = await this.options.decisions.subjectOutcome(networkId, decisionId);
    if (!outcome?.registerNumber) return group;
    await this.takeOutcome(outcome);
    return this.loadGroup(networkId, group.groupId);
  }

  private async loadGroup(networkId: string, groupId: string): Promise<WorkingGroupDocument> {
    const read = /^[\w-]{1,100}$/.test(groupId) ? await this.repository.getGroup(networkId, groupId) : undefined;
    if (!read) throw new GroupReviewError('unknownGroup', `No working group ${groupId} in ${networkId}.`);
    return read.document;
  }

  private async require(networkId: string, actorId: string, action: Action): Promise<Person> {
    const person = await this.options.membership.person(networkId, actorId);
    if (person.roles.size === 0) throw new GroupReviewError('notAMember', `${actorId} is not a member of ${networkId}.`);
    if (!may(person, action)) throw new GroupReviewError('forbidden', `${actorId} may not ${action}.`);
    return person;
  }

  private async audit(networkId: string, actorId: string, action: string, subject: string, before: unknown, after: unknown): Promise<void> {
    await this.members.audit(networkId, { actor: actorId.toLowerCase(), action, subject, before, after }, this.now());
  }
}

/** The decision's text: the group, the proposal, its changes, what the members said. */
function decisionText(language: Language, group: WorkingGroupDocument, outcome: ReviewOutcome, changes: WorkingGroupChanges | undefined, comments: PositionCounts): string {
  const lines = [translate(language, 'groupReview.decision.text', { name: group.name, reviewDate: group.review?.reviewDate ?? group.reviewDate, outcome: translate(language, `groupReview.outcome.${outcome}`) })];
  if (changes) {
    const described = (Object.entries(changes) as [keyof WorkingGroupChanges, string | number][]).map(([field, value]) => translate(language, `groupReview.change.${field}`, { value }));
    lines.push(translate(language, 'groupReview.decision.changes', { changes: described.join(', ') }));
  }
  lines.push(translate(language, 'groupReview.decision.consultation', { ...comments }));
  return lines.join('\n\n');
}

/** Where a group's review stands, as people say it ("consultation des membres"), for a refusal's details. */
const stateName =
  (group: WorkingGroupDocument): InReaderLanguage =>
  (language) =>
    translate(language, `groupReview.state.${reviewStateOf(group)}`);
