/**
 * What every handler needs to know about the current turn, computed once at the edge and kept
 * in the turn context: who asked (correlation id for support), in which language to answer,
 * which network's partition the conversation belongs to.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { languageFromLocale, type Language } from '../i18n';
import type { Logger } from '../logger';

export interface TurnInfo {
  readonly correlationId: string;
  readonly language: Language;
  readonly networkId: string;
  readonly logger: Logger;
  /**
   * The acting person's home tenant (lower-case; '' when the activity names nobody): with their
   * object id, who they are. Not the conversation's tenant in a shared channel (tenant-gate.ts).
   */
  readonly tenantId: string;
  /** The conversation's host tenant (lower-case; '' when absent). */
  readonly hostTenantId: string;
}

const TURN_INFO = Symbol('reseau.turnInfo');

/** A caller-supplied correlation id is kept only if it is short and safe to print. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && /^[\w.-]{1,64}$/.test(candidate) ? candidate : randomUUID().slice(0, 8);
}

/** Teams puts the reader's locale on the activity; older clients only in the clientInfo entity. */
export function activityLocale(activity: TurnContext['activity']): string | undefined {
  if (activity.locale) return activity.locale;
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as { locale?: unknown } | undefined;
  return typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined;
}

/** The reader's locale names neither French nor English (or nothing): the network's language is theirs. */
export function needsNetworkLanguage(context: TurnContext): boolean {
  return !/^(en|fr)(?:[-_]|$)/i.test(activityLocale(context.activity)?.trim() ?? '');
}

export function attachTurnInfo(context: TurnContext, info: Omit<TurnInfo, 'language'>, networkLanguage?: Language): TurnInfo {
  const turnInfo: TurnInfo = { ...info, language: languageFromLocale(activityLocale(context.activity), networkLanguage) };
  context.turnState.set(TURN_INFO, turnInfo);
  return turnInfo;
}

/**
 * The language the reader chose (kept on their member record, read by this turn's recognition)
 * wins over their Teams client's locale for the rest of the turn: a member who keeps French
 * with Teams in English is answered in French everywhere.
 */
export function answerInChosenLanguage(context: TurnContext, language: Language): void {
  const info = turnInfo(context);
  if (info.language !== language) context.turnState.set(TURN_INFO, { ...info, language });
}

export function turnInfo(context: TurnContext): TurnInfo {
  const info = context.turnState.get(TURN_INFO) as TurnInfo | undefined;
  if (!info) throw new Error('Turn info missing: the turn did not go through TeamsBot.handleTurn');
  return info;
}
