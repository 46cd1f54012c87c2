/**
 * The bot: a teams-ai Application whose routes come from the features, behind one entry point
 * that gives each turn its correlation id, language and network, and refuses tenants that are
 * not in the network before anything is read or stored.
 */
import {
  ActivityTypes,
  ConfigurationServiceClientCredentialFactory,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { BotAuthConfig } from '../config';
import { translate } from '../i18n';
import type { Logger } from '../logger';
import { answerCardActionWithMessage, answerInvokeWithError, isAdaptiveCardAction } from './invoke-responses';
import { isTenantAllowed, tenantOf } from './tenant-gate';
import { attachTurnInfo, turnInfo } from './turn-info';

export interface TeamsBotOptions {
  readonly adapter: TeamsAdapter;
  readonly networkId: string;
  readonly allowedTenants: readonly string[];
  readonly logger: Logger;
  /** teams-ai turn state storage; none = state lives only for the turn. */
  readonly storage?: Storage;
  /** Adds the features' routes; called once, in order, before the fallback routes. */
  readonly registerRoutes: (app: Application<TurnState>) => void;
}

export interface TeamsBot {
  readonly adapter: TeamsAdapter;
  /** Runs one turn; the HTTP edge calls it from adapter.process. */
  handleTurn(context: TurnContext, correlationId: string): Promise<void>;
}

/** Anonymous when `auth` is absent: local runs and the Agents Playground send no token. */
export function createTeamsAdapter(auth: BotAuthConfig | undefined): TeamsAdapter {
  if (!auth) return new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory({}));
  const settings = {
    MicrosoftAppId: auth.appId,
    MicrosoftAppType: auth.appType,
    ...(auth.password ? { MicrosoftAppPassword: auth.password } : {}),
    ...(auth.tenantId ? { MicrosoftAppTenantId: auth.tenantId } : {}),
  };
  return new TeamsAdapter(settings, new ConfigurationServiceClientCredentialFactory(settings));
}

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { adapter, logger } = options;
  const app = new Application<TurnState>({
    adapter,
    ...(options.storage ? { storage: options.storage } : {}),
    removeRecipientMention: true,
    // teams-ai keeps one typing timer per Application, not per turn, so concurrent turns stop
    // each other's; and every typing activity is a connector call counted against Teams' rate
    // limits. Our turns answer well within a second, so no typing indicator.
    startTypingTimer: false,
    longRunningMessages: false,
  });
  options.registerRoutes(app);
  app.error(async (context, error) => reportTurnError(context, error, logger));

  return {
    adapter,
    async handleTurn(context, correlationId) {
      const tenantId = tenantOf(context.activity);
      const turnLogger = logger.child({
        correlationId,
        activityType: context.activity.type,
        activityName: context.activity.name,
        conversationType: context.activity.conversation?.conversationType,
        tenantId,
      });
      const info = attachTurnInfo(context, { correlationId, networkId: options.networkId, logger: turnLogger });
      if (!isTenantAllowed(tenantId, options.allowedTenants)) {
        turnLogger.warn('refused an activity from a tenant that is not in ALLOWED_TENANTS');
        await refuseTenant(context, info.language);
        return;
      }
      const started = process.hrtime.bigint();
      await app.run(context);
      turnLogger.debug({ durationMs: Number(process.hrtime.bigint() - started) / 1e6 }, 'turn handled');
    },
  };
}

async function refuseTenant(context: TurnContext, language: 'fr' | 'en'): Promise<void> {
  const message = translate(language, 'error.tenantNotAllowed');
  if (isAdaptiveCardAction(context)) await answerCardActionWithMessage(context, message);
  else if (context.activity.type === ActivityTypes.Invoke) await answerInvokeWithError(context, 403, 'TenantNotAllowed', message);
  else if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.InstallationUpdate) {
    await context.sendActivity(message);
  }
}

/** The user sees a short apology with the reference; the details go to the log only. */
async function reportTurnError(context: TurnContext, error: Error, fallbackLogger: Logger): Promise<void> {
  let info;
  try {
    info = turnInfo(context);
  } catch {
    info = undefined;
  }
  const logger = info?.logger ?? fallbackLogger;
  logger.error({ err: error }, 'turn failed');
  const message = translate(info?.language ?? 'fr', 'error.turnFailed', { correlationId: info?.correlationId ?? '—' });
  try {
    if (context.activity.type === ActivityTypes.Invoke) await answerInvokeWithError(context, 500, 'InternalError', message);
    else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(message);
  } catch (sendError) {
    logger.error({ err: sendError }, 'could not tell the user that the turn failed');
  }
}
