/**
 * The members' consultation card of a working group's review (`adaptiveCards/groupReview.json`):
 * posted to the network's channels when the review opens, answered in the card (`groupReview.
 * comment`: renew / change / close and a comment), refreshed for each reader (`groupReview.view`).
 * User text (the group's name and objective, the reader's comment) only lands in TextRuns and
 * input values, never in template expressions.
 */
import { paragraph, run, type Paragraph } from '../cards/card-text';
import { translate, type Language, type MessageKey } from '../i18n';
import { REVIEW_OUTCOMES, type ReviewOutcome, type WorkingGroupDocument } from '../network/model';
import { COMMENT_MAX, reviewStateOf } from './review-rules';

export const GROUP_REVIEW_COMMENT_VERB = 'groupReview.comment';
export const GROUP_REVIEW_VIEW_VERB = 'groupReview.view';

export interface ReviewCardSource {
  readonly networkId: string;
  readonly group: WorkingGroupDocument;
  /** The reader's own view on this review, if they gave one. */
  readonly own?: { readonly position: ReviewOutcome; readonly text: string };
  /** The channel copy (anyone may answer: rights are checked on submit) or a reader who may comment. */
  readonly mayComment: boolean;
  readonly notice?: string;
}

export function groupReviewCardData(source: ReviewCardSource, language: Language) {
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);
  const { group } = source;
  const state = reviewStateOf(group);
  const open = state === 'consultation';
  const paragraphs: Paragraph[] = [];
  if (source.notice) paragraphs.push(paragraph(run(source.notice, { bold: true, color: 'Good' })));
  paragraphs.push(paragraph(run(t(open ? 'groupReview.card.open' : 'groupReview.card.closed', { state: t(`groupReview.state.${state}` as MessageKey) }), { subtle: !open })));
  if (source.own) paragraphs.push(paragraph(run(t('groupReview.card.yours', { position: t(`groupReview.outcome.${source.own.position}` as MessageKey) }), { subtle: true })));
  const hasForm = open && source.mayComment;
  const data = { networkId: source.networkId, groupId: group.groupId };
  return {
    title: t('groupReview.card.title'),
    name: group.name,
    objective: group.objective,
    facts: [{ title: t('groupReview.card.reviewDate'), value: group.review?.reviewDate ?? group.reviewDate }],
    paragraphs,
    hasForm,
    labels: { position: t('groupReview.card.position'), positionRequired: t('groupReview.card.positionRequired'), text: t('groupReview.card.text', { max: COMMENT_MAX }) },
    positions: REVIEW_OUTCOMES.map((outcome) => ({ title: t(`groupReview.outcome.${outcome}` as MessageKey), value: outcome })),
    selectedPosition: source.own?.position ?? '',
    text: source.own?.text ?? '',
    textMaxLength: COMMENT_MAX,
    actions: hasForm ? [{ title: t(source.own ? 'groupReview.card.sendAgain' : 'groupReview.card.send'), verb: GROUP_REVIEW_COMMENT_VERB, data }] : [],
    refresh: { verb: GROUP_REVIEW_VIEW_VERB, data },
  };
}
