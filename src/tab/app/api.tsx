/**
 * Calls to the server's tab API. In Teams every call carries the Teams SSO token as a Bearer
 * token; outside Teams, in local mode only, the dev sign-in header names the member chosen
 * (the server refuses it in any other mode). Errors come back with the server's own message,
 * already in the reader's language.
 */
import type { TabLanguage } from './strings';

export type Auth = { readonly kind: 'teams'; readonly token: () => Promise<string> } | { readonly kind: 'dev'; readonly userId: string; readonly name: string; readonly tenantId?: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEV_SIGN_IN_HEADER = 'x-reseau-dev-user';
const DEV_TENANT_HEADER = 'x-reseau-dev-tenant';
/** Which network a call is about (src/network-routing): only sent once the person picked one of theirs. */
const NETWORK_HEADER = 'x-reseau-network';

/** One of the networks the person belongs to (`GET /networks`). */
export interface NetworkOption {
  readonly id: string;
  readonly label: string;
}

/** The dev sign-in's headers: the person and, when known, their tenant (a NETWORK_ADMINS entry may name it). */
function devHeaders(auth: Extract<Auth, { kind: 'dev' }>): Record<string, string> {
  return { [DEV_SIGN_IN_HEADER]: auth.userId, ...(auth.tenantId ? { [DEV_TENANT_HEADER]: auth.tenantId } : {}) };
}

export class ApiClient {
  constructor(
    private readonly auth: Auth,
    private readonly language: TabLanguage,
    private readonly network?: string,
  ) {}

  private async headers(): Promise<Record<string, string>> {
    const headers: Record<string, string> = { 'accept-language': this.language === 'en' ? 'en' : 'fr' };
    if (this.auth.kind === 'teams') headers.authorization = `Bearer ${await this.auth.token()}`;
    else Object.assign(headers, devHeaders(this.auth));
    if (this.network) headers[NETWORK_HEADER] = this.network;
    return headers;
  }

  async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const headers = await this.headers();
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`/api/v1${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const problem = (json ?? {}) as { code?: string; message?: string };
      throw new ApiError(response.status, problem.code ?? 'httpError', problem.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  }

  /** A file download (a report): the same authentication, the body as a Blob and its file name. */
  async download(path: string): Promise<{ blob: Blob; filename: string }> {
    const headers = await this.headers();
    const response = await fetch(`/api/v1${path}`, { headers });
    if (!response.ok) {
      const problem = ((await response.json().catch(() => ({}))) ?? {}) as { code?: string; message?: string };
      throw new ApiError(response.status, problem.code ?? 'httpError', problem.message ?? `HTTP ${response.status}`);
    }
    const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
    return { blob: await response.blob(), filename };
  }
}

export interface DevMember {
  readonly aadObjectId: string;
  readonly tenantId?: string;
  readonly name: string;
  readonly agencyCode: string;
  readonly status: string;
}

/** The members to pick from, or undefined when the server is not in local mode. */
export async function devMembers(): Promise<DevMember[] | undefined> {
  const response = await fetch('/api/v1/dev/members');
  if (!response.ok) return undefined;
  return ((await response.json()) as { members: DevMember[] }).members;
}
