/**
 * The port the dispatcher sends through, and the roster reads beside it: Bot Connector calls
 * and one error type, with no SDK type in sight, so the dispatcher and its tests do not depend
 * on botbuilder. The edge that implements it over botbuilder is bot-connector-gateway.ts.
 */
import type { ConnectorFailureInfo, DeliveryTarget, OutboxActivity } from './outbox-rules';

/** A connector call that failed; carries what the classification rules need. */
export class ConnectorCallError extends Error implements ConnectorFailureInfo {
  readonly status?: number;
  readonly code?: string;
  readonly retryAfter?: string;

  constructor(info: ConnectorFailureInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'ConnectorCallError';
    if (info.status !== undefined) this.status = info.status;
    if (info.code !== undefined) this.code = info.code;
    if (info.retryAfter !== undefined) this.retryAfter = info.retryAfter;
  }
}

export interface NewPersonalConversation {
  readonly serviceUrl: string;
  readonly tenantId: string;
  /** The member's Teams id (29:…) from the roster, when known: what Teams expects first. */
  readonly userId?: string;
  /** The member's Entra object id: used when the Teams id is not known. */
  readonly aadObjectId: string;
  /** The bot's Teams account (28:…), when known from a stored reference. */
  readonly bot?: { readonly id: string; readonly name?: string };
}

/** A member as the roster APIs list them. */
export interface RosterMember {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
  readonly tenantId?: string;
  readonly userRole?: string;
  /** Entra's user principal name, as Microsoft's roster gives it for the conversation's tenant. */
  readonly userPrincipalName?: string;
}

export interface RosterPage {
  readonly members: readonly RosterMember[];
  readonly continuationToken?: string;
}

export interface ConnectorGateway {
  /** Posts the activity; resolves the id Teams gave it. Throws ConnectorCallError. */
  send(target: DeliveryTarget, activity: OutboxActivity): Promise<{ readonly activityId?: string }>;
  /** Replaces an activity already delivered (a card updated in place). Throws ConnectorCallError. */
  update(target: DeliveryTarget, activityId: string, activity: OutboxActivity): Promise<void>;
  /** Creates (or finds: Teams answers the same one) the bot's 1:1 conversation with a member. */
  createPersonalConversation(request: NewPersonalConversation): Promise<{ readonly conversationId: string; readonly serviceUrl: string }>;
  /** One page of a conversation's (or a team's) members. */
  listMembers(target: DeliveryTarget, continuationToken?: string): Promise<RosterPage>;
  /**
   * One member of a conversation's (or a team's) roster, by Teams id (29:…) or Entra object id;
   * undefined when they are not in it (404). Throws ConnectorCallError for any other failure.
   */
  getMember(target: DeliveryTarget, memberId: string): Promise<RosterMember | undefined>;
}
