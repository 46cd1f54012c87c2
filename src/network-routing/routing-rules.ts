/**
 * Which network a turn belongs to (pure: no SDK, no store). The rule of issue 17: a turn's
 * network comes from where the bot is — the team or group chat registered to a network — never
 * from the tenant (one agency tenant holds staff of many countries). In a 1:1 chat it is the
 * network the person belongs to; a person in two networks chooses, and the choice is kept for
 * that person in that chat.
 */
import type { ConversationScope } from '../delivery/conversation-installations';
import { NETWORK_ID_PATTERN } from './deployment-networks';

/**
 * Routing facts are needed before the network is known, so they live in a partition of their
 * own. No network can be called this (network ids start with a letter or digit), so no network's
 * data ever shares it, and it holds only which network a conversation or a person's chat chose.
 */
export const ROUTING_PARTITION = '~routing';

export const ROUTING_TYPES = { registration: 'networkRegistration', choice: 'networkChoice' } as const;

/** Card verb of the 1:1 network choice. */
export const CHOOSE_NETWORK_VERB = 'network.choose';

/** `register gn` / `enregistrer gn` (a co-chair, in the team or group chat to register). */
const REGISTER_COMMAND = /^\s*\/?(?:register|enregistrer)(?:\s+(?:network|réseau|reseau))?\s+(\S+)\s*$/i;
/** `network` / `réseau`: shows the choice again in a 1:1 chat (to switch network). */
const SWITCH_COMMAND = /^\s*\/?(?:networks?|r[ée]seaux?)\s*$/i;

export const registrationDocumentId = (conversationKey: string) => `registration:${conversationKey}`;
export const choiceDocumentId = (tenantId: string, aadObjectId: string, conversationId: string) =>
  `choice:${tenantId.toLowerCase()}:${aadObjectId.toLowerCase()}:${conversationId}`;

/**
 * The key a team or group chat is registered under: a channel turn by its team (the team's id,
 * which is its General channel's), so every channel of a registered team belongs to its network;
 * a group chat by its own id. None for a 1:1.
 */
export function conversationKeyOf(scope: ConversationScope, conversationId: string, teamId: string | undefined): string | undefined {
  if (scope === 'personal') return undefined;
  if (scope === 'channel') return teamId ?? conversationId.split(';messageid=')[0];
  return conversationId;
}

/** The network id a `register <id>` command names (validated later against the networks served), else undefined. */
export function registerCommandNetwork(text: string | undefined): string | undefined {
  const named = REGISTER_COMMAND.exec(text ?? '')?.[1];
  return named?.toLowerCase();
}

export function isSwitchCommand(text: string | undefined): boolean {
  return SWITCH_COMMAND.test(text ?? '');
}

export function isNetworkId(value: unknown): value is string {
  return typeof value === 'string' && NETWORK_ID_PATTERN.test(value);
}

/** What a 1:1 turn is about, from the person's networks. */
export type PersonalRoute =
  | { readonly kind: 'network'; readonly networkId: string }
  /** Several possible networks and nothing says which: ask. */
  | { readonly kind: 'choose'; readonly networkIds: readonly string[] };

/**
 * The network of a 1:1 turn. `candidates`: the networks the person has a place in, in the
 * deployment's order; none (a newcomer) means any network served, where they may ask to join.
 * A card they click names its network (`cardNetworkId`): honoured only among their candidates —
 * then they act in that network with their rights there, as on any card of it. Else the choice
 * they made in this chat, while it is still one of theirs.
 */
export function personalRoute(input: {
  readonly served: readonly string[];
  readonly candidates: readonly string[];
  readonly cardNetworkId?: string;
  readonly remembered?: string;
}): PersonalRoute {
  const possible = input.candidates.length > 0 ? input.candidates : input.served;
  if (possible.length === 1 && possible[0] !== undefined) return { kind: 'network', networkId: possible[0] };
  if (input.cardNetworkId !== undefined && possible.includes(input.cardNetworkId)) return { kind: 'network', networkId: input.cardNetworkId };
  if (input.remembered !== undefined && possible.includes(input.remembered)) return { kind: 'network', networkId: input.remembered };
  return { kind: 'choose', networkIds: possible };
}

/**
 * The network a tab API request is about: the one it names (`?network=` or the header), which
 * must be served and, for someone who has a place in any network, one of theirs; else their only
 * network; else, for a newcomer, the default one (every feature then treats them as a stranger).
 */
export type RequestRoute =
  | { readonly kind: 'network'; readonly networkId: string }
  | { readonly kind: 'refused'; readonly code: 'unknownNetwork' | 'notInNetwork' | 'networkRequired' };

export function requestRoute(input: { readonly served: readonly string[]; readonly candidates: readonly string[]; readonly requested?: string }): RequestRoute {
  const { served, candidates, requested } = input;
  if (requested !== undefined) {
    if (!served.includes(requested)) return { kind: 'refused', code: 'unknownNetwork' };
    if (candidates.length > 0 && !candidates.includes(requested)) return { kind: 'refused', code: 'notInNetwork' };
    return { kind: 'network', networkId: requested };
  }
  if (candidates.length === 1 && candidates[0] !== undefined) return { kind: 'network', networkId: candidates[0] };
  if (candidates.length > 1) return { kind: 'refused', code: 'networkRequired' };
  return { kind: 'network', networkId: served[0] ?? '' };
}
