/**
 * The clients botbuilder builds for every turn, built once instead. CloudAdapter creates, per
 * activity, a ConnectorClient (an HTTP pipeline of a dozen policies and its credentials) and a
 * UserTokenClient, though an invoke answered in its HTTP response uses neither: together about a
 * tenth of a card action's CPU under a burst (issue 13). Credentials refresh their own tokens, and
 * nothing in a turn changes a client, so one client per (app id, audience, service URL) and one
 * token client per app id serve every turn — as the outbox keeps one connector client per
 * service URL (src/delivery/bot-connector-gateway.ts), which it builds on its own path.
 */
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

// Service URLs are a handful of Teams regions; the bound only keeps odd callers from growing it.
const MAX_CLIENTS = 64;

/** The bot's app id as botbuilder reads it from the request's claims (audience, else appid). */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** A promise per key, the oldest dropped past the bound; a failed creation is forgotten (the next turn builds again). */
class BoundedPromises<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) return known;
    if (this.entries.size >= MAX_CLIENTS) this.entries.delete(this.entries.keys().next().value as string);
    const created = create();
    this.entries.set(key, created);
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    return created;
  }
}

/** The factory botbuilder made for the request, behind a cache of what it creates. */
class ReusedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly appId: string,
    private readonly made: ConnectorFactory,
    private readonly clients: BoundedPromises<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${audience ?? ''}\n${serviceUrl}`, () => this.made.create(serviceUrl, audience));
  }
}

/**
 * The adapter's BotFrameworkAuthentication with the turn's clients reused: authentication itself
 * (the token's signature, issuer, audience, service URL) still runs on every request.
 */
export class ReusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients = new BoundedPromises<ConnectorClient>();
  private readonly userTokenClients = new BoundedPromises<UserTokenClient>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new ReusedConnectorFactory(appIdOf(result.claimsIdentity), result.connectorFactory, this.connectorClients) };
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  // The rest as botbuilder does it: proactive turns and skills are not on the hot path.
  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createBotFrameworkClient(): ReturnType<BotFrameworkAuthentication['createBotFrameworkClient']> {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
