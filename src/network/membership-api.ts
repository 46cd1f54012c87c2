/**
 * The tab API of the membership slice (`/api/v1/…`): directory, members, profile, import and
 * export, audit trail, rotation and working groups. Thin edges: validate the request with zod,
 * call the service as the authenticated user, return JSON. Rights are checked by the service
 * (the permissions table), never only in the tab. Answers are view models made for the
 * reader (member-views.ts), never stored documents. Who the caller is was settled before any
 * handler runs: the RecognisingAuthenticator (member-recognition.ts) refuses an object id bound
 * to another tenant and binds admins, object-id imports and roster-claimed email imports on first use.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { apiRoute, type ApiDependencies } from '../api/http';
import { NetworkError } from './errors';
import { listSentLines } from './membership-cards';
import type { MembershipService } from './membership-service';
import { auditEntryView, directoryFor, memberListFor, memberView, meView, workingGroupFor } from './member-views';
import { translate } from '../i18n';

export interface MembershipApiDependencies extends ApiDependencies {
  readonly membership: MembershipService;
  readonly networkId: string;
}

const agencySchema = z.object({
  code: z.string().max(16),
  name: z.object({ fr: z.string().max(120), en: z.string().max(120) }),
  // Left out by a reader who is not shown them (member-views.ts): the agency keeps its own.
  emailDomains: z.array(z.string().max(253)).max(20).optional(),
  excom: z.boolean(),
  permanentCoChair: z.boolean(),
  secretariat: z.boolean(),
  // Tenants whose Teams roster may claim this agency's members imported by email.
  tenantIds: z.array(z.string().max(64)).max(20).optional(),
});
const directoryBody = z.object({ agencies: z.array(agencySchema).min(1).max(200) });
const memberChangeBody = z
  .object({
    agencyCode: z.string().max(16).optional(),
    agencyRole: z.string().max(32).optional(),
    status: z.literal('left').optional(),
    // Grant or withdraw the secretariat role: co-chairs only (manageSecretariat).
    secretariat: z.boolean().optional(),
  })
  .strict();
const decisionBody = z.object({ agencyCode: z.string().max(16).optional() }).strict();
// The size that counts is checked in bytes by the service (MAX_IMPORT_BYTES), with a clear message.
const importBody = z.object({ csv: z.string() });
const rotationBody = z.object({ order: z.array(z.string().max(16)).min(1).max(50), termMonths: z.number().int() });
const workingGroupBody = z.object({
  name: z.string().max(200),
  objective: z.string().max(4000),
  memberIds: z.array(z.string().max(64)).max(200),
  externalPartners: z
    .array(z.object({ name: z.string().max(200), organisation: z.string().max(200), email: z.string().max(254).optional() }))
    .max(200)
    .default([]),
  chairId: z.string().max(64),
  coChairId: z.string().max(64).optional(),
  reviewDate: z.string().max(10),
  reviewEveryMonths: z.number().optional(),
});
const languageBody = z.object({ language: z.enum(['fr', 'en']) });
const auditQuery = z.object({ subject: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });

/** A member document id from the path: `member:<object id>` or `member:email:<address>`. */
function memberIdParam(value: unknown): string {
  const id = typeof value === 'string' ? value : '';
  if (!/^member:[^/]{1,300}$/.test(id)) throw new NetworkError('unknownMember', `Not a member id: ${JSON.stringify(id).slice(0, 80)}`);
  return id;
}

export function registerMembershipApi(server: Server, deps: MembershipApiDependencies): void {
  const { membership, networkId } = deps;

  apiRoute(server, 'get', '/me', deps, async ({ user, language }) => {
    const person = await membership.person(networkId, user.aadObjectId);
    const profile = await membership.profile(networkId, user.aadObjectId);
    const view = meView(user, profile?.member, person);
    // Recognition already ran (member-recognition.ts), claiming an email-only imported row
    // through a team roster in the caller's tenant. Still not a member: maybe no team there has
    // the bot yet, so the bot's 1:1 (whose roster is theirs) is the way left to be recognised.
    return { body: view.member ? view : { ...view, hint: translate(language, 'network.me.openBot') } };
  });

  // The tab header's language switch: kept on the member's record, like the help and profile cards'.
  apiRoute(server, 'put', '/me/language', deps, async ({ user, request }) => {
    const { language } = languageBody.parse(request.body);
    await membership.chooseLanguage(networkId, user.aadObjectId, language);
    return { body: meView(user, (await membership.profile(networkId, user.aadObjectId))?.member, await membership.person(networkId, user.aadObjectId)) };
  });

  apiRoute(server, 'get', '/directory', deps, async ({ user }) => {
    const { agencies, rotation } = await membership.directoryView(networkId, user.aadObjectId);
    const reader = await membership.person(networkId, user.aadObjectId);
    return { body: { agencies: directoryFor(reader, agencies), rotation: rotation ? { order: rotation.order, termMonths: rotation.termMonths, current: rotation.current } : null } };
  });

  apiRoute(server, 'put', '/directory', deps, async ({ user, request }) => {
    const body = directoryBody.parse(request.body);
    const agencies = await membership.updateDirectory(networkId, user.aadObjectId, body.agencies);
    return { body: { agencies: directoryFor(await membership.person(networkId, user.aadObjectId), agencies) } };
  });

  apiRoute(server, 'put', '/rotation', deps, async ({ user, request }) => {
    const body = rotationBody.parse(request.body);
    const rotation = await membership.updateRotation(networkId, user.aadObjectId, body.order, body.termMonths);
    return { body: { order: rotation.order, termMonths: rotation.termMonths, current: rotation.current } };
  });

  apiRoute(server, 'get', '/members', deps, async ({ user }) => {
    const list = await membership.memberList(networkId, user.aadObjectId);
    return { body: memberListFor(await membership.person(networkId, user.aadObjectId), list) };
  });

  apiRoute(server, 'get', '/members/export', deps, async ({ user }) => ({
    body: await membership.exportCsv(networkId, user.aadObjectId),
    contentType: 'text/csv; charset=utf-8',
  }));

  apiRoute(server, 'post', '/members/import', deps, async ({ user, request }) => {
    const body = importBody.parse(request.body);
    return { body: await membership.importCsv(networkId, user.aadObjectId, body.csv) };
  });

  // The same file read and checked as the import would, row by row, without writing anything:
  // what will be created, changed (and from what), left as is, or refused.
  apiRoute(server, 'post', '/members/import/preview', deps, async ({ user, request }) => {
    const body = importBody.parse(request.body);
    return { body: await membership.importCsv(networkId, user.aadObjectId, body.csv, { preview: true }) };
  });

  apiRoute(server, 'post', '/members/send', deps, async ({ user, language }) => {
    const sent = await membership.sendMemberList(networkId, user.aadObjectId);
    // What happened, for the caller to show (issue 15): to how many members it went.
    return { body: { ...sent, notice: listSentLines(language, sent.recipients).join(' ') } };
  });

  apiRoute(server, 'put', '/members/:memberId', deps, async ({ user, request }) => {
    const change = memberChangeBody.parse(request.body);
    return { body: memberView(await membership.changeMember(networkId, user.aadObjectId, memberIdParam(request.params.memberId), change)) };
  });

  for (const decision of ['confirm', 'decline'] as const) {
    apiRoute(server, 'post', `/members/:memberId/${decision}`, deps, async ({ user, request }) => {
      const body = decisionBody.parse(request.body ?? {});
      const id = memberIdParam(request.params.memberId).replace(/^member:/, '');
      const decided =
        decision === 'confirm'
          ? await membership.confirm(networkId, user.aadObjectId, id, body.agencyCode)
          : await membership.decline(networkId, user.aadObjectId, id, body.agencyCode);
      return { body: memberView(decided) };
    });
  }

  apiRoute(server, 'get', '/audit', deps, async ({ user, request }) => {
    const query = auditQuery.parse(Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams));
    return { body: { entries: (await membership.auditTrail(networkId, user.aadObjectId, query)).map(auditEntryView) } };
  });

  apiRoute(server, 'get', '/working-groups', deps, async ({ user }) => {
    const groups = await membership.workingGroups(networkId, user.aadObjectId);
    const reader = await membership.person(networkId, user.aadObjectId);
    // Names of the groups' members (a point read each, once per person: a handful of groups).
    const ids = reader.roles.has('pending') ? [] : groups.flatMap((group) => [...group.memberIds, group.chairId, ...(group.coChairId ? [group.coChairId] : [])]);
    const found = await membership.membersByIds(networkId, ids);
    const people = new Map([...found].map(([id, { member }]) => [id, { name: member.name, agencyCode: member.agencyCode }]));
    return { body: { workingGroups: groups.map((group) => workingGroupFor(reader, group, people)) } };
  });

  apiRoute(server, 'post', '/working-groups', deps, async ({ user, request }) => {
    const body = workingGroupBody.parse(request.body);
    const group = await membership.createWorkingGroup(networkId, user.aadObjectId, {
      ...body,
      externalPartners: body.externalPartners.map((partner) => ({ name: partner.name, organisation: partner.organisation, ...(partner.email ? { email: partner.email } : {}) })),
      ...(body.coChairId ? { coChairId: body.coChairId } : {}),
      ...(body.reviewEveryMonths !== undefined ? { reviewEveryMonths: body.reviewEveryMonths } : {}),
    });
    return { status: 201, body: workingGroupFor(await membership.person(networkId, user.aadObjectId), group) };
  });
}
