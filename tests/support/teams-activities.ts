// Builders of the activities Microsoft Teams POSTs to a bot's /api/messages, with the shape
// Teams really sends (ids with their 29:/28:/a:/19: prefixes, tenant in channelData, the bot
// @mentioned in channel and group-chat messages, clientInfo entity, epoch-ms message ids,
// `f:` ids for system events). Tests that build activities by hand tend to forget one of
// these and then pass against a bot that would fail in Teams.
import { createHash } from 'node:crypto';

export const TEST_TENANT_ID = '6f1c2a4e-3b7d-4c59-9e0a-1d2b3c4d5e6f';
/** The Microsoft App id of the bot under test (its Teams id is `28:` + this). */
export const TEST_BOT_ID = '0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
export const TEST_BOT_NAME = 'Réseau';
export const TEST_LOCALE = 'fr-FR';
/** The network works from Conakry (UTC+0, no daylight saving). */
export const TEST_TIMEZONE = 'Africa/Conakry';
const TEST_COUNTRY = 'GN';
const TEST_DOMAIN = 'reseau-test.onmicrosoft.com';

export type ConversationScope = 'personal' | 'groupChat' | 'channel';

export interface TeamsAccount {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** A Teams user with everything the roster APIs return about them. */
export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  tenantId: string;
  userRole: 'user' | 'guest' | 'anonymous';
  givenName: string;
  surname: string;
}

export interface TeamsTeam {
  id: string;
  name: string;
  aadGroupId: string;
}

export interface TeamsChannel {
  id: string;
  name?: string;
  /** `shared` (Teams Connect: members from other tenants) or `private`; absent for a standard channel. */
  type?: 'shared' | 'private';
}

export interface TeamsConversation {
  scope: ConversationScope;
  /** For a channel, the channel id (`19:…@thread.tacv2`), without `;messageid=`. */
  id: string;
  tenantId: string;
  name?: string;
  team?: TeamsTeam;
  channel?: TeamsChannel;
}

export interface TeamsEntity {
  type: string;
  [key: string]: unknown;
}

/** The JSON Teams POSTs to the bot (dates as ISO strings, as on the wire). */
export interface TeamsActivity {
  type: string;
  id: string;
  timestamp: string;
  localTimestamp: string;
  localTimezone: string;
  channelId: 'msteams' | string;
  serviceUrl: string;
  from: TeamsAccount;
  recipient: TeamsAccount;
  conversation: {
    id: string;
    conversationType: ConversationScope;
    tenantId: string;
    isGroup?: boolean;
    name?: string;
  };
  channelData: Record<string, unknown>;
  locale: string;
  entities: TeamsEntity[];
  textFormat?: 'plain' | 'markdown' | 'xml';
  text?: string;
  value?: unknown;
  name?: string;
  action?: string;
  replyToId?: string;
  membersAdded?: TeamsAccount[];
  membersRemoved?: TeamsAccount[];
  attachments?: unknown[];
}

export interface CommonOptions {
  serviceUrl: string;
  user?: TeamsUser | TeamsAccount;
  conversation?: TeamsConversation;
  tenantId?: string;
  locale?: string;
  timezone?: string;
  /** The bot's account; default `28:${TEST_BOT_ID}` named TEST_BOT_NAME. */
  bot?: TeamsAccount;
  id?: string;
  timestamp?: Date;
  channelId?: string;
}

// Deterministic ids: a run always produces the same sequence, so failures reproduce, yet
// every user and conversation differs from the others.
let sequence = 0;
const next = (kind: string): string => createHash('sha256').update(`reseau-test|${kind}|${++sequence}`).digest('hex');

function guid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function base64url(hex: string, length: number): string {
  return Buffer.from(hex, 'hex').toString('base64url').slice(0, length);
}

// Teams message ids are epoch milliseconds; keep them strictly increasing within a run.
let lastMessageId = 0;
function nextMessageId(at: Date): string {
  lastMessageId = Math.max(lastMessageId + 1, at.getTime());
  return String(lastMessageId);
}

/** Teams gives system events (install, conversationUpdate, invokes) ids starting with `f:`. */
function nextEventId(): string {
  return `f:${BigInt(`0x${next('event').slice(0, 15)}`).toString()}`;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

export function testBotAccount(): TeamsAccount {
  return { id: `28:${TEST_BOT_ID}`, name: TEST_BOT_NAME };
}

export function teamsUser(overrides: Partial<TeamsUser> = {}): TeamsUser {
  const hex = next('user');
  const n = sequence;
  const givenName = overrides.givenName ?? 'Utilisateur';
  const surname = overrides.surname ?? `Test${n}`;
  const name = overrides.name ?? `${givenName} ${surname}`;
  const upn = overrides.userPrincipalName ?? `${ascii(name) || `user${n}`}@${TEST_DOMAIN}`;
  return {
    id: `29:1${base64url(hex, 43)}`,
    name,
    aadObjectId: guid(hex.slice(32)),
    email: upn,
    userPrincipalName: upn,
    tenantId: TEST_TENANT_ID,
    userRole: 'user',
    givenName,
    surname,
    ...overrides,
  };
}

export function teamsConversation(scope: ConversationScope, overrides: Partial<TeamsConversation> = {}): TeamsConversation {
  const hex = next(`conversation-${scope}`);
  const tenantId = overrides.tenantId ?? TEST_TENANT_ID;
  switch (scope) {
    case 'personal':
      return { scope, id: `a:1${base64url(hex, 60)}`, tenantId, ...overrides };
    case 'groupChat':
      return { scope, id: `19:${hex.slice(0, 32)}@thread.v2`, tenantId, name: 'Groupe de test', ...overrides };
    case 'channel': {
      // A team's General channel has the team's own id; other channels have their own.
      const team: TeamsTeam = overrides.team ?? {
        id: `19:${hex.slice(0, 32)}@thread.tacv2`,
        name: 'Réseau Migration Guinée',
        aadGroupId: guid(hex.slice(32)),
      };
      const channel: TeamsChannel = overrides.channel ?? { id: team.id, name: 'General' };
      return { scope, tenantId, ...overrides, id: overrides.id ?? channel.id, team, channel };
    }
  }
}

function accountOf(user: TeamsUser | TeamsAccount): TeamsAccount {
  // Teams puts only these three fields in `from`; the rest comes from the roster APIs.
  return { id: user.id, name: user.name, ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) };
}

function localTimestamp(at: Date, timezone: string): string {
  let offset = '+00:00';
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    const match = /GMT([+-]\d{2}:\d{2})/.exec(part ?? '');
    if (match?.[1]) offset = match[1];
  } catch {
    // Unknown zone: keep UTC rather than fail the test setup.
  }
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hh, mm] = offset.slice(1).split(':').map(Number);
  const shifted = new Date(at.getTime() + sign * ((hh ?? 0) * 60 + (mm ?? 0)) * 60_000);
  return `${shifted.toISOString().slice(0, -1)}${offset}`;
}

interface Base {
  activity: TeamsActivity;
  conversation: TeamsConversation;
  bot: TeamsAccount;
}

function base(type: string, options: CommonOptions, id: string | undefined, threadId?: string): Base {
  const at = options.timestamp ?? new Date();
  const tenantId = options.tenantId ?? options.conversation?.tenantId ?? TEST_TENANT_ID;
  const conversation = options.conversation ?? teamsConversation('personal', { tenantId });
  const user = options.user ?? teamsUser({ tenantId });
  const bot = options.bot ?? testBotAccount();
  const locale = options.locale ?? TEST_LOCALE;
  const timezone = options.timezone ?? TEST_TIMEZONE;
  const activityId = id ?? (type === 'message' ? nextMessageId(at) : nextEventId());

  const channelData: Record<string, unknown> = { tenant: { id: tenantId } };
  if (conversation.scope === 'channel' && conversation.team && conversation.channel) {
    channelData.teamsTeamId = conversation.team.id;
    channelData.teamsChannelId = conversation.channel.id;
    channelData.team = { ...conversation.team };
    channelData.channel = { ...conversation.channel };
  }

  // A message in a channel belongs to a thread: `<channel>;messageid=<root message id>`.
  const conversationId =
    conversation.scope === 'channel' && threadId !== undefined ? `${conversation.id};messageid=${threadId}` : conversation.id;

  const activity: TeamsActivity = {
    type,
    id: activityId,
    timestamp: at.toISOString(),
    localTimestamp: localTimestamp(at, timezone),
    localTimezone: timezone,
    channelId: options.channelId ?? 'msteams',
    serviceUrl: options.serviceUrl,
    from: accountOf(user),
    recipient: { ...bot },
    conversation: {
      ...(conversation.scope === 'personal' ? {} : { isGroup: true }),
      conversationType: conversation.scope,
      tenantId,
      id: conversationId,
      ...(conversation.scope === 'groupChat' && conversation.name ? { name: conversation.name } : {}),
    },
    channelData,
    locale,
    entities: [{ type: 'clientInfo', locale, country: TEST_COUNTRY, platform: 'Web', timezone }],
  };
  return { activity, conversation, bot };
}

export interface MessageOptions extends CommonOptions {
  text: string;
  /**
   * Prefix `<at>Bot</at>` and add the mention entity. Teams only delivers channel and group
   * messages to a bot that is @mentioned, so this defaults to true there.
   */
  mentionBot?: boolean;
  /** Root message id of the channel thread being replied to; default: this message starts one. */
  threadId?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  attachments?: unknown[];
}

export function message(options: MessageOptions): TeamsActivity {
  const at = options.timestamp ?? new Date();
  const id = options.id ?? nextMessageId(at);
  const scope = options.conversation?.scope ?? 'personal';
  const { activity, bot } = base('message', { ...options, timestamp: at }, id, options.threadId ?? id);
  const mention = options.mentionBot ?? scope !== 'personal';
  activity.textFormat = options.textFormat ?? 'plain';
  activity.text = options.text;
  if (mention) {
    const tag = `<at>${bot.name}</at>`;
    activity.text = `${tag} ${options.text}`;
    activity.entities.push({ type: 'mention', mentioned: { id: bot.id, name: bot.name }, text: tag });
  }
  if (options.attachments) activity.attachments = options.attachments;
  return activity;
}

/** The bot was added (personal app installed, or added to a chat/team). */
export function botInstalled(options: CommonOptions): TeamsActivity {
  const { activity, conversation } = base('installationUpdate', options, options.id);
  activity.action = 'add';
  activity.channelData.source = { name: 'message' };
  if (conversation.scope === 'channel' && conversation.channel) {
    activity.channelData.settings = { selectedChannel: { id: conversation.channel.id } };
  }
  return activity;
}

export interface MembersAddedOptions extends CommonOptions {
  /** Who joined; default the bot alone (what Teams sends when the app is installed). */
  members?: Array<TeamsUser | TeamsAccount | 'bot'>;
}

export function membersAdded(options: MembersAddedOptions): TeamsActivity {
  const { activity, conversation, bot } = base('conversationUpdate', options, options.id);
  const members = options.members ?? ['bot'];
  activity.membersAdded = members.map((m) => (m === 'bot' ? { id: bot.id } : { id: m.id, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}) })) as TeamsAccount[];
  if (conversation.scope === 'channel') {
    activity.channelData.eventType = 'teamMemberAdded';
    if (conversation.channel) activity.channelData.settings = { selectedChannel: { id: conversation.channel.id } };
  }
  return activity;
}

export interface AdaptiveCardActionOptions extends CommonOptions {
  verb: string;
  data?: Record<string, unknown>;
  /** The id of the message carrying the card; default a fresh message id. */
  replyToId?: string;
  /** Teams sends 'automatic' for a refresh triggered by `refresh.userIds`. */
  trigger?: 'manual' | 'automatic';
}

/** An Action.Execute click: an `adaptiveCard/action` invoke answered in the HTTP response. */
export function adaptiveCardAction(options: AdaptiveCardActionOptions): TeamsActivity {
  const at = options.timestamp ?? new Date();
  const replyToId = options.replyToId ?? nextMessageId(at);
  const { activity } = base('invoke', { ...options, timestamp: at }, options.id, replyToId);
  activity.name = 'adaptiveCard/action';
  activity.replyToId = replyToId;
  activity.channelData.source = { name: 'message' };
  activity.channelData.legacy = { replyToId };
  activity.value = {
    action: { type: 'Action.Execute', verb: options.verb, data: options.data ?? {} },
    trigger: options.trigger ?? 'manual',
  };
  return activity;
}

export interface CardSubmitOptions extends CommonOptions {
  replyToId?: string;
}

/**
 * An Action.Submit click: Teams sends a message with the card's data as `value` and no
 * text. teams-ai routes it by `value.verb` (actionSubmit) — include it in `data`.
 */
export function cardSubmit(data: Record<string, unknown>, options: CardSubmitOptions): TeamsActivity {
  const at = options.timestamp ?? new Date();
  const replyToId = options.replyToId ?? nextMessageId(at);
  const { activity } = base('message', { ...options, timestamp: at }, options.id, replyToId);
  activity.replyToId = replyToId;
  activity.channelData.source = { name: 'message' };
  activity.channelData.legacy = { replyToId };
  activity.value = data;
  return activity;
}
