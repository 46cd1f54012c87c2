/**
 * The tab API of the meetings slice (`/api/v1/meetings…`) and the public `.ics` download.
 * Thin edges: validate the request with zod, call the service as the authenticated user,
 * return JSON. Rights are checked by the service (the permissions table), never only in the tab.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { apiRoute, languageOf, type ApiDependencies } from '../api/http';
import { translate, type Language } from '../i18n';
import type { NetworkAdmin } from '../network/admins';
import { MembershipRepository } from '../network/membership-repository';
import { parseDay } from '../scheduling/instants';
import type { DocumentStore } from '../store/document-store';
import { MeetingError } from './meeting-errors';
import { LOCATION_KINDS, MEETING_KINDS, type ConvocationInput, type DocumentLink, type StoredMeeting } from './meeting-model';
import type { MeetingService } from './meeting-service';
import { meetingView } from './meeting-views';

export interface MeetingApiDependencies extends ApiDependencies {
  readonly meetings: MeetingService;
  readonly networkId: string;
  /** Local mode: the dev sign-in may list the members to pick from. */
  readonly localMode: boolean;
  /** NETWORK_ADMINS: listed by the dev sign-in before they are members, so they can open the tab first. */
  readonly admins?: readonly NetworkAdmin[];
  /**
   * The annual review's progress pack as a link for its convocation (`progressPackYear`), from
   * the work-plan slice: refuses a year without a plan. Absent: the field is refused.
   */
  readonly progressPackLink?: (year: number) => Promise<DocumentLink>;
  readonly store: DocumentStore;
}

// Bounds a little above the rules' own limits: zod refuses absurd payloads before any work,
// the rules refuse what is merely too much with a precise message.
const text = (max: number) => z.string().max(max);
const agencyCode = z.string().trim().min(1).max(16);
const link = z.object({ title: text(200).trim().min(1), url: text(2000).trim() });
const convocationBody = z.object({
  kind: z.enum(MEETING_KINDS),
  title: text(400),
  start: text(40),
  end: text(40),
  // Absent → the network's zone (the service fills it in).
  timeZone: text(64).default(''),
  location: z.object({ kind: z.enum(LOCATION_KINDS), details: text(300).optional() }),
  onlineUrl: text(2000).trim().optional(),
  agenda: z.array(z.object({ title: text(300), agencyCode: agencyCode.optional() })).max(200),
  documents: z.array(link).max(50).default([]),
  invitees: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('excom') }),
    z.object({ kind: z.literal('workingGroup'), groupId: text(100).min(1) }),
    z.object({ kind: z.literal('agencies'), agencyCodes: z.array(agencyCode).max(100) }),
  ]),
  externalGuests: z.array(z.object({ name: text(200).trim().min(1), organisation: text(200).trim(), email: text(254).optional() })).max(200).default([]),
  /** The annual review only: the work plan whose progress pack the convocation links. */
  progressPackYear: z.number().int().min(2000).max(2100).optional(),
});
const draftBody = z.object({ title: text(400).optional(), start: text(40), end: text(40), timeZone: text(64).optional(), source: text(200).optional() });
const minutesBody = z.object({
  text: text(20_000),
  links: z.array(link).max(50).default([]),
  attendance: z.array(agencyCode).max(100),
  // A calendar day (not 30 February): each line becomes a tracked work-plan action item with this due day.
  actionItems: z.array(z.object({ text: text(1000).trim().min(1), agencyCode, due: z.string().refine((day) => parseDay(day) !== undefined, 'not a calendar day (YYYY-MM-DD)') })).max(100).default([]),
});

function convocation(body: z.infer<typeof convocationBody>): ConvocationInput {
  const { onlineUrl, location, agenda, externalGuests, progressPackYear: _pack, ...rest } = body;
  return {
    ...rest,
    location: { kind: location.kind, ...(location.details ? { details: location.details } : {}) },
    ...(onlineUrl ? { onlineUrl } : {}),
    agenda: agenda.map((item) => ({ title: item.title, ...(item.agencyCode ? { agencyCode: item.agencyCode } : {}) })),
    externalGuests: externalGuests.map((guest) => ({ name: guest.name, organisation: guest.organisation, ...(guest.email ? { email: guest.email } : {}) })),
  };
}

// A delegation names the colleague by the id the colleagues list gave (as the card's form does);
// the delegation's rules (meeting-rules applyRsvp) check them again: confirmed, same agency, not oneself.
const rsvpBody = z.discriminatedUnion('response', [
  z.object({ response: z.enum(['inPerson', 'online', 'declined']) }).strict(),
  z.object({ response: z.literal('delegated'), delegateId: z.string().trim().min(1).max(64) }).strict(),
]);

function meetingIdParam(value: unknown): string {
  const id = typeof value === 'string' ? value : '';
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new MeetingError('unknownMeeting', 'Not a meeting id.');
  return id;
}

export function registerMeetingApi(server: Server, deps: MeetingApiDependencies): void {
  const { meetings, networkId } = deps;

  apiRoute(server, 'get', '/meetings', deps, async ({ user }) => ({ body: await meetings.list(networkId, user.aadObjectId) }));

  // What a change returns is the meeting as its author may read it (meeting-views.ts), never the document.
  const asRead = async (actorId: string, meeting: StoredMeeting) => meetingView(meeting, await meetings.readerOf(networkId, actorId));

  /**
   * The convocation as written, with the progress pack's link added to its documents when the
   * annual review asks for it (and only then): a meeting has links, not files, and the pack is
   * made when it is downloaded, so it shows the plan's progress on the day it is read.
   */
  const withProgressPack = async (body: z.infer<typeof convocationBody>): Promise<ConvocationInput> => {
    const input = convocation(body);
    if (body.progressPackYear === undefined) return input;
    if (body.kind !== 'annualReview' || !deps.progressPackLink) throw new MeetingError('invalidConvocation', 'Only the annual review links the work plan’s progress pack.');
    const pack = await deps.progressPackLink(body.progressPackYear);
    return { ...input, documents: [...input.documents.filter((document) => document.url !== pack.url), pack] };
  };

  apiRoute(server, 'post', '/meetings', deps, async ({ user, request }) => {
    const input = await withProgressPack(convocationBody.parse(request.body));
    return { status: 201, body: await asRead(user.aadObjectId, await meetings.convene(networkId, user.aadObjectId, input)) };
  });

  // The seam for pre-filled convocations (a time-slot poll's best slot, a calendar link): a
  // partial draft becomes a full form the tab opens; nothing is stored or sent. Readers of the network only.
  apiRoute(server, 'post', '/meetings/draft', deps, async ({ user, request }) => {
    const draft = draftBody.parse(request.body);
    const networkZone = await meetings.draftZone(networkId, user.aadObjectId);
    const form: ConvocationInput = {
      kind: 'regular',
      title: draft.title ?? '',
      start: draft.start,
      end: draft.end,
      timeZone: draft.timeZone ?? networkZone,
      location: { kind: 'iomOffice' },
      agenda: [],
      documents: [],
      invitees: { kind: 'all' },
      externalGuests: [],
    };
    return { body: { draft: form, ...(draft.source ? { source: draft.source } : {}) } };
  });

  apiRoute(server, 'get', '/meetings/:meetingId', deps, async ({ user, request, language }) => ({
    body: await meetings.detail(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId), language),
  }));

  apiRoute(server, 'put', '/meetings/:meetingId', deps, async ({ user, request }) => {
    const input = await withProgressPack(convocationBody.parse(request.body));
    return { body: await asRead(user.aadObjectId, await meetings.edit(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId), input)) };
  });

  apiRoute(server, 'post', '/meetings/:meetingId/cancel', deps, async ({ user, request }) => ({
    body: await asRead(user.aadObjectId, await meetings.cancel(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId))),
  }));

  apiRoute(server, 'post', '/meetings/:meetingId/remind', deps, async ({ user, request }) => ({
    body: await meetings.remind(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId)),
  }));

  apiRoute(server, 'post', '/meetings/:meetingId/minutes', deps, async ({ user, request }) => {
    const body = minutesBody.parse(request.body);
    return { body: await asRead(user.aadObjectId, await meetings.recordMinutes(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId), body)) };
  });

  // One click from the tab (My work, the meeting's page): the same answer as the card's buttons,
  // on the reader's own invitation, with the card's rules and cost (MeetingService.rsvp); a
  // delegation names a colleague from GET /meetings/:id/colleagues.
  apiRoute(server, 'post', '/meetings/:meetingId/rsvp', deps, async ({ user, request }) => {
    const body = rsvpBody.parse(request.body);
    const answered = await meetings.rsvp(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId), body.response, body.response === 'delegated' ? body.delegateId : undefined);
    const rsvp = answered.invitation.rsvp;
    return { body: { meetingId: answered.meeting.meetingId, response: rsvp?.response ?? body.response, ...(rsvp?.delegate ? { delegateName: rsvp.delegate.name } : {}) } };
  });

  // Whom the reader may delegate to (the card's delegation form lists the same people): invitees only.
  apiRoute(server, 'get', '/meetings/:meetingId/colleagues', deps, async ({ user, request }) => ({
    body: { colleagues: (await meetings.delegates(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId))).map(({ aadObjectId, name }) => ({ id: aadObjectId, name })) },
  }));

  apiRoute(server, 'get', '/meetings/:meetingId/ics', deps, async ({ user, request }) => {
    // Members only; the online link only for those who may join (as on their card).
    return { body: await meetings.icsFor(networkId, user.aadObjectId, meetingIdParam(request.params.meetingId)), contentType: 'text/calendar; charset=utf-8' };
  });

  // A deployment of several networks registers this API once per network; the raw routes
  // below are mounted once per server and serve every network registered so far.
  const known = mountedNetworks.get(server);
  if (known) {
    known.set(networkId, deps);
    return;
  }
  const networks = new Map<string, MeetingApiDependencies>([[networkId, deps]]);
  mountedNetworks.set(server, networks);

  // From the card: a calendar app cannot send the Teams token, so the link itself is the key
  // (a random UUID per meeting, only ever sent to the invitees and the network's channels).
  server.get('/meetings/:networkId/:file', async (req: Request, res: Response) => {
    const match = /^([0-9a-f-]{36})\.ics$/i.exec(String(req.params.file ?? ''));
    try {
      const network = networks.get(String(req.params.networkId ?? ''));
      if (!match?.[1] || !network) throw new MeetingError('unknownMeeting', 'No such calendar file.');
      const ics = await network.meetings.ics(network.networkId, match[1]);
      res.setHeader('content-type', 'text/calendar; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="meeting-${match[1].slice(0, 8)}.ics"`);
      res.setHeader('cache-control', 'no-cache');
      res.sendRaw(200, ics);
    } catch (error) {
      if (!(error instanceof MeetingError)) {
        deps.logger.error({ err: error }, 'calendar download failed');
        res.send(500, { code: 'internalError' });
        return;
      }
      res.send(404, { code: error.code, message: translate(languageOf(req), 'meetings.error.unknownMeeting') });
    }
  });

  // The dev sign-in's list of people to pick from: local mode only, like the sign-in itself —
  // not mounted at all otherwise (404), since it lists every member's object id. `?network=`
  // picks the network (default: the first registered).
  if (deps.localMode) {
    server.get('/api/v1/dev/members', async (req: Request, res: Response) => {
      const language = languageOf(req);
      const asked = new URL(req.url ?? '/', 'http://localhost').searchParams.get('network');
      const chosen = asked ? [networks.get(asked)] : [...networks.values()];
      if (chosen.some((network) => !network)) {
        res.send(404, { code: 'unknownNetwork', message: translate(language, 'routing.error.unknownNetwork') });
        return;
      }
      // Everyone of every network (or of the one asked), one entry per person.
      const byId = new Map<string, DevMember>();
      for (const network of chosen as MeetingApiDependencies[]) {
        for (const entry of await devMembersOf(network, language)) if (!byId.has(entry.aadObjectId)) byId.set(entry.aadObjectId, entry);
      }
      res.send(200, { members: [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr')), tenantId: '' });
    });
  }
}

interface DevMember {
  readonly aadObjectId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly agencyCode: string;
  readonly agencyRole: string;
  readonly status: string;
}

/** A network's members who have not left, then its admins not seen yet (the dev sign-in's list). */
async function devMembersOf(network: MeetingApiDependencies, language: Language): Promise<DevMember[]> {
  const members = (await new MembershipRepository(network.store).members(network.networkId))
    .map((entry) => entry.document)
    .filter((member) => member.status !== 'left' && member.aadObjectId)
    .map((member) => ({ aadObjectId: member.aadObjectId ?? '', tenantId: member.tenantId ?? '', name: member.name, agencyCode: member.agencyCode, agencyRole: member.agencyRole, status: member.status }));
  // Admins not seen yet: signing in as one confirms them, as their first message to the bot
  // would (the dev sign-in then names the entry's tenant, which the entry may require).
  const seen = new Set(members.map((member) => member.aadObjectId));
  const admins = (network.admins ?? [])
    .filter((admin) => !seen.has(admin.aadObjectId))
    .map((admin) => {
      const agencyCode = admin.agencyCode ?? 'RCO';
      const key = admin.role === 'cochair' ? 'network.admin.provisionalName.cochair' : 'network.admin.provisionalName.secretariat';
      return { aadObjectId: admin.aadObjectId, tenantId: admin.tenantId ?? '', name: translate(language, key, { agency: agencyCode }), agencyCode, agencyRole: admin.role === 'cochair' ? 'focalPoint' : 'member', status: 'admin' };
    });
  return [...members, ...admins];
}

/** The networks each server's raw meeting routes serve (see registerMeetingApi). */
const mountedNetworks = new WeakMap<Server, Map<string, MeetingApiDependencies>>();
