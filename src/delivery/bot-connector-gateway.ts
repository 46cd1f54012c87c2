/**
 * The ConnectorGateway over botbuilder's ConnectorClient, with the SDK's own retries removed.
 *
 * botbuilder's client (on @azure/core-client) retries a 429 up to three times honouring
 * Retry-After, and 5xx and network errors with its own backoff. Left in place, one outbox
 * "try" would be up to four calls the limiter never counted, with the SDK sleeping inside a
 * lease. The outbox owns pacing, so each call here is exactly one HTTP request and every
 * failure comes back to the dispatcher's rules at once.
 */
import type { ChannelAccount, CloudAdapter } from 'botbuilder';
// botframework-connector comes with botbuilder (same version); only its types are used here.
import type { ConnectorClient } from 'botframework-connector';
import { ConnectorCallError, type ConnectorGateway, type NewPersonalConversation, type RosterMember, type RosterPage } from './connector-gateway';
import type { DeliveryTarget, OutboxActivity } from './outbox-rules';

/** The policy name @azure/core-rest-pipeline gives the retry policy of every client pipeline. */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';
/** A connector call that hangs longer than this is abandoned and retried (well inside a lease). */
export const CONNECTOR_CALL_TIMEOUT_MS = 20_000;
/** Teams serves at most 500 members per roster page. */
const ROSTER_PAGE_SIZE = 500;

interface PipelineHolder {
  readonly client?: { readonly pipeline?: { removePolicy(options: { name: string }): unknown[] } };
}

/** The part of a RestError (core-rest-pipeline) we read, without depending on that package. */
interface RestErrorLike {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly response?: { readonly headers?: { get(name: string): string | undefined } };
}

export interface BotConnectorGatewayOptions {
  readonly adapter: CloudAdapter;
  /** The bot's Microsoft App ID; empty for the anonymous bot (local runs, tests). */
  readonly appId: string;
  readonly timeoutMs?: number;
}

export class BotConnectorGateway implements ConnectorGateway {
  // One client per regional service URL: credentials refresh their own tokens, so a client
  // lives as long as the process, instead of one per send as continueConversation would do.
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly timeoutMs: number;

  constructor(private readonly options: BotConnectorGatewayOptions) {
    this.timeoutMs = options.timeoutMs ?? CONNECTOR_CALL_TIMEOUT_MS;
  }

  async send(target: DeliveryTarget, activity: OutboxActivity): Promise<{ activityId?: string }> {
    const client = await this.client(target.serviceUrl);
    const response = await call(() =>
      client.conversations.sendToConversation(target.conversationId, activity, { timeout: this.timeoutMs }),
    );
    return response.id ? { activityId: response.id } : {};
  }

  async update(target: DeliveryTarget, activityId: string, activity: OutboxActivity): Promise<void> {
    const client = await this.client(target.serviceUrl);
    await call(() =>
      client.conversations.updateActivity(target.conversationId, activityId, { ...activity, id: activityId }, { timeout: this.timeoutMs }),
    );
  }

  async createPersonalConversation(request: NewPersonalConversation): Promise<{ conversationId: string; serviceUrl: string }> {
    const client = await this.client(request.serviceUrl);
    const created = await call(() =>
      client.conversations.createConversation(
        {
          isGroup: false,
          ...(request.bot ? { bot: { id: request.bot.id, name: request.bot.name ?? '' } } : {}),
          members: [{ id: request.userId ?? request.aadObjectId, name: '' }],
          tenantId: request.tenantId,
          // Teams reads the tenant from channelData; tenantId alone is not enough for it.
          channelData: { tenant: { id: request.tenantId } },
        } as Parameters<ConnectorClient['conversations']['createConversation']>[0],
        { timeout: this.timeoutMs },
      ),
    );
    if (!created.id) throw new ConnectorCallError({ status: 502, code: 'NoConversationId', message: 'createConversation answered without a conversation id.' });
    return { conversationId: created.id, serviceUrl: created.serviceUrl ?? request.serviceUrl };
  }

  async listMembers(target: DeliveryTarget, continuationToken?: string): Promise<RosterPage> {
    const client = await this.client(target.serviceUrl);
    const page = await call(() =>
      client.conversations.getConversationPagedMembers(target.conversationId, {
        pageSize: ROSTER_PAGE_SIZE,
        ...(continuationToken ? { continuationToken } : {}),
        timeout: this.timeoutMs,
      } as Parameters<ConnectorClient['conversations']['getConversationPagedMembers']>[1]),
    );
    const members = (page.members ?? []).map(rosterMemberOf);
    return { members, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
  }

  async getMember(target: DeliveryTarget, memberId: string): Promise<RosterMember | undefined> {
    const client = await this.client(target.serviceUrl);
    try {
      return rosterMemberOf(await call(() => client.conversations.getConversationMember(target.conversationId, memberId, { timeout: this.timeoutMs })));
    } catch (error) {
      // Teams answers 404 (MemberNotFoundInConversation) for someone who is not in the roster.
      if (error instanceof ConnectorCallError && error.status === 404) return undefined;
      throw error;
    }
  }

  private client(serviceUrl: string): Promise<ConnectorClient> {
    let client = this.clients.get(serviceUrl);
    if (!client) {
      client = this.createClient(serviceUrl);
      // A failed creation (e.g. token endpoint down) is not cached: the next try builds again.
      client.catch(() => this.clients.delete(serviceUrl));
      this.clients.set(serviceUrl, client);
    }
    return client;
  }

  /**
   * The adapter builds the client with the right credentials and audience for the bot's
   * configuration (anonymous, MultiTenant, SingleTenant, managed identity); a proactive
   * continuation with the app id (empty when anonymous) hands it to us.
   */
  private async createClient(serviceUrl: string): Promise<ConnectorClient> {
    let captured: ConnectorClient | undefined;
    await this.options.adapter.continueConversationAsync(
      this.options.appId,
      { serviceUrl, channelId: 'msteams', conversation: { id: 'outbox', isGroup: false, conversationType: 'personal', name: '' }, bot: { id: '', name: '' } },
      async (context) => {
        captured = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      },
    );
    if (!captured) throw new Error('The Bot Framework adapter did not provide a connector client for proactive delivery.');
    withoutSdkRetries(captured);
    return captured;
  }
}

/**
 * Removes the SDK's retry policy from a connector client. The pipeline is not public API, so
 * if botbuilder ever changes it this fails loudly at the first send rather than letting two
 * retry layers multiply each other's calls.
 */
export function withoutSdkRetries(client: ConnectorClient): ConnectorClient {
  const pipeline = (client as unknown as PipelineHolder).client?.pipeline;
  const removed = pipeline?.removePolicy({ name: SDK_RETRY_POLICY }) ?? [];
  if (removed.length === 0) {
    throw new Error(`Could not remove "${SDK_RETRY_POLICY}" from the connector client: botbuilder's pipeline changed; check bot-connector-gateway.ts.`);
  }
  return client;
}

function rosterMemberOf(member: ChannelAccount): RosterMember {
  // Teams adds these fields to ChannelAccount (TeamsChannelAccount).
  const teams = member as ChannelAccount & { tenantId?: string; userRole?: string; userPrincipalName?: string };
  return {
    id: member.id,
    ...(member.name ? { name: member.name } : {}),
    ...(member.aadObjectId ? { aadObjectId: member.aadObjectId } : {}),
    ...(teams.tenantId ? { tenantId: teams.tenantId } : {}),
    ...(teams.userRole ? { userRole: teams.userRole } : {}),
    ...(teams.userPrincipalName ? { userPrincipalName: teams.userPrincipalName } : {}),
  };
}

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toConnectorCallError(error);
  }
}

export function toConnectorCallError(error: unknown): ConnectorCallError {
  if (error instanceof ConnectorCallError) return error;
  const rest = (typeof error === 'object' && error !== null ? error : {}) as RestErrorLike;
  const retryAfter = rest.response?.headers?.get('retry-after');
  return new ConnectorCallError(
    {
      ...(typeof rest.statusCode === 'number' ? { status: rest.statusCode } : {}),
      ...(typeof rest.code === 'string' ? { code: rest.code } : {}),
      message: typeof rest.message === 'string' && rest.message !== '' ? rest.message : String(error),
      ...(retryAfter ? { retryAfter } : {}),
    },
    { cause: error },
  );
}
