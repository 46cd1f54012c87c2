/**
 * The country networks one deployment serves, and the settings that belong to each (pure: no
 * SDK, no store). Parsed from the environment by src/config.ts, which reports every problem
 * returned here alongside the other bad keys.
 *
 * - `NETWORK_IDS=gn,sn,ml` serves several networks from one process; `NETWORK_ID=gn` stays the
 *   one-network form. Each id is the partition key of everything that network stores.
 * - `NETWORK_INSTALLATIONS=gn=19:…@thread.tacv2,sn=19:…@thread.skype` registers, by the
 *   operator, a team (its id, the General channel's thread id) or a group chat to a network.
 *   The other way is the `register <id>` command of a co-chair of that network, typed in the
 *   team or chat (see network-router.ts). Nothing else ever assigns a conversation: not the
 *   tenant (one tenant holds staff of many countries), not a name typed by a stranger.
 * - `NETWORK_ADMINS_<ID>` (e.g. NETWORK_ADMINS_SN) names each network's admins, in the syntax
 *   of NETWORK_ADMINS (src/network/admins.ts). With several networks the unqualified
 *   NETWORK_ADMINS is refused: an admin of one country must never become one of all.
 */
import { parseNetworkAdmins, type NetworkAdmin } from '../network/admins';

export const NETWORK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,31}$/;
/** More would mean a scheduler pass and a 1:1 membership lookup that grow too long; split the deployment. */
export const MAX_NETWORKS = 50;
/** Teams conversation ids of teams and group chats: `19:…@thread.tacv2`, `19:…@thread.skype`, `19:…@thread.v2`. */
const CONVERSATION_ID = /^\d+:[^\s,;=]+$/;

export interface RegisteredInstallation {
  readonly networkId: string;
  /** A team id (a channel turn is found by its team) or a group chat's conversation id. */
  readonly conversationKey: string;
}

export interface Parsed<T> {
  readonly value: T;
  readonly problems: readonly string[];
}

/** The environment variable naming one network's admins: `sn-dakar` → NETWORK_ADMINS_SN_DAKAR. */
export function adminsVariable(networkId: string): string {
  return `NETWORK_ADMINS_${networkId.toUpperCase().replace(/-/g, '_')}`;
}

function split(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** NETWORK_IDS, else NETWORK_ID, else `gn`: the networks served, in order (the first is the default). */
export function parseNetworkIds(networkIds: string | undefined, networkId: string | undefined): Parsed<string[]> {
  const problems: string[] = [];
  const list = split(networkIds);
  const single = (networkId ?? '').trim();
  if (networkIds !== undefined && networkIds.trim() !== '' && single !== '') {
    problems.push(`NETWORK_IDS: set either NETWORK_IDS (several networks) or NETWORK_ID (one), not both (got NETWORK_ID=${JSON.stringify(single)})`);
  }
  const ids = list.length > 0 ? list : [single === '' ? 'gn' : single];
  const key = list.length > 0 ? 'NETWORK_IDS' : 'NETWORK_ID';
  const invalid = ids.filter((id) => !NETWORK_ID_PATTERN.test(id));
  if (invalid.length > 0) {
    problems.push(`${key}: each network id must be 2–32 lowercase letters, digits or dashes (e.g. gn); not valid: ${invalid.map((id) => JSON.stringify(id)).join(', ')}`);
  }
  const duplicates = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  if (duplicates.length > 0) problems.push(`${key}: a network is listed twice: ${duplicates.join(', ')}`);
  if (ids.length > MAX_NETWORKS) problems.push(`${key}: at most ${MAX_NETWORKS} networks per deployment (got ${ids.length})`);
  return { value: [...new Set(ids)], problems };
}

/** NETWORK_INSTALLATIONS: `<network id>=<team or group chat id>` entries, each conversation in one network only. */
export function parseNetworkInstallations(value: string | undefined, networkIds: readonly string[]): Parsed<RegisteredInstallation[]> {
  const problems: string[] = [];
  const installations: RegisteredInstallation[] = [];
  const owner = new Map<string, string>();
  for (const entry of split(value)) {
    const at = entry.indexOf('=');
    const networkId = at > 0 ? entry.slice(0, at) : '';
    const conversationKey = at > 0 ? entry.slice(at + 1) : '';
    if (!networkIds.includes(networkId)) {
      problems.push(`NETWORK_INSTALLATIONS: "${entry}" must start with one of the networks served (${networkIds.join(', ')}) and "=", e.g. ${networkIds[0] ?? 'gn'}=19:…@thread.tacv2`);
      continue;
    }
    if (!CONVERSATION_ID.test(conversationKey)) {
      problems.push(`NETWORK_INSTALLATIONS: "${entry}" must name a team id or group chat id after "=" (19:…@thread.tacv2)`);
      continue;
    }
    const earlier = owner.get(conversationKey);
    if (earlier !== undefined && earlier !== networkId) {
      problems.push(`NETWORK_INSTALLATIONS: ${conversationKey} is registered to both ${earlier} and ${networkId}; a team or chat belongs to one network`);
      continue;
    }
    if (earlier === undefined) installations.push({ networkId, conversationKey });
    owner.set(conversationKey, networkId);
  }
  return { value: installations, problems };
}

/**
 * Each network's admins: NETWORK_ADMINS_<ID>, or NETWORK_ADMINS for a deployment of one network.
 * A qualified variable for a network not served is refused (a typo would leave a network without admins).
 */
export function parseAdminsByNetwork(env: NodeJS.ProcessEnv, networkIds: readonly string[]): Parsed<Record<string, NetworkAdmin[]>> {
  const problems: string[] = [];
  const byNetwork: Record<string, NetworkAdmin[]> = {};
  const unqualified = (env.NETWORK_ADMINS ?? '').trim();
  for (const networkId of networkIds) {
    const key = adminsVariable(networkId);
    const qualified = (env[key] ?? '').trim();
    if (qualified !== '' && unqualified !== '') {
      problems.push(`${key}: set either ${key} or NETWORK_ADMINS, not both`);
    }
    const parsed = parseNetworkAdmins(qualified !== '' ? qualified : networkIds.length === 1 ? unqualified : '');
    for (const problem of parsed.problems) problems.push(`${qualified !== '' ? key : 'NETWORK_ADMINS'}: ${problem}`);
    byNetwork[networkId] = parsed.admins;
  }
  if (unqualified !== '' && networkIds.length > 1) {
    problems.push(`NETWORK_ADMINS: with several networks name each network's admins in its own variable (${networkIds.map(adminsVariable).join(', ')}): an admin of one country must not become one of all`);
  }
  const served = new Set(networkIds.map(adminsVariable));
  for (const key of Object.keys(env)) {
    if (key.startsWith('NETWORK_ADMINS_') && (env[key] ?? '').trim() !== '' && !served.has(key)) {
      problems.push(`${key}: names no network served here (served: ${networkIds.join(', ')}); remove it or add its network to NETWORK_IDS`);
    }
  }
  return { value: byNetwork, problems };
}
