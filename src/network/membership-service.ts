/**
 * The membership service: loads the directory, members and rotation, applies the rules, saves
 * with ETags, writes the audit trail and asks the notifier to reach people. Bot routes and the
 * tab API call it; it never renders a card or answers HTTP. Errors are NetworkErrors with a code.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { toCsv } from '../api/csv-export';
import { CARD_REFRESH_WINDOW_MS } from '../cards/card-refresher';
import { translate } from '../i18n';
import type { Logger } from '../logger';
import type { DocumentStore, Versioned } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { withConcurrencyRetry } from '../store/retry';
import { currentTurnScope } from '../turn-scope/turn-scope';
import { findAdmin, type NetworkAdmin } from './admins';
import { assertSamePerson, claimImported, importBindingRejection, mayClaimImported, withKnownName } from './binding-rules';
import { mapHeader, missingColumns, validateRows, type ImportReport, type ImportRow, type ImportRowChange, type RowResult } from './csv-rows';
import { GUINEA_DEFAULT_AGENCIES } from './default-directory';
import { validateDirectory } from './directory-rules';
import { NetworkError } from './errors';
import { buildMemberList, type MemberListView } from './member-list';
import type { MemberNotifier, NoticeRecipient } from './member-notifier';
import { MembershipRepository } from './membership-repository';
import {
  bootstrapAdmin,
  appointmentRefusal,
  changeMember,
  confirmMembership,
  declineMembership,
  excomRepresentativeLoss,
  findAgency,
  importRowRefusal,
  leaveNetwork,
  previousFocalPoint,
  requestMembership,
  suggestAgency,
  type Identity,
  type MemberChange,
  withChosenLanguage,
} from './membership-rules';
import {
  DIRECTORY_ID,
  DOCUMENT_TYPES,
  ROTATION_ID,
  importedMemberDocumentId,
  memberDocumentId,
  type Agency,
  type AuditEntry,
  type DirectoryDocument,
  type MemberDocument,
  type RotationDocument,
  type WorkingGroupDocument,
} from './model';
import { may, type Action } from './permissions';
import { coChairAgencies, personOf, type Person, type RoleContext } from './roles';
import { advanceRotation, firstTerm, type Handover } from './rotation';
import { ROLE_DOCUMENTS_TTL_MS, SharedReadCache } from './shared-read-cache';
import { newWorkingGroup, reviewDue, type WorkingGroupInput } from './working-group-rules';

export interface RotationSettings {
  readonly order: readonly string[];
  readonly termMonths: number;
  /** Start of the first term; default: when the network is first used. */
  readonly start?: Date;
}

export interface MembershipServiceOptions {
  readonly store: DocumentStore;
  readonly notifier: MemberNotifier;
  readonly logger: Logger;
  readonly admins?: readonly NetworkAdmin[];
  /** Each network's own admins when the deployment serves several (NETWORK_ADMINS_<ID>); else `admins` for all. */
  readonly adminsByNetwork?: Readonly<Record<string, readonly NetworkAdmin[]>>;
  readonly rotation: RotationSettings;
  readonly defaultAgencies?: readonly Agency[];
  readonly now?: () => Date;
  /**
   * Milliseconds for the per-process cache of the directory and the rotation, compared only
   * with itself (default: a monotonic clock). Tests inject one to let the TTL pass.
   */
  readonly cacheClock?: () => number;
  /** How long the directory and the rotation are trusted (default ROLE_DOCUMENTS_TTL_MS). */
  readonly cacheTtlMs?: number;
  /**
   * The tenant the network's team lives in (BOT_TENANT_ID, else the first of ALLOWED_TENANTS):
   * people signing in from it are their own agency's in the member list, others are placed by
   * their home tenant (organisation-rules.ts). Absent in local mode with any tenant allowed.
   */
  readonly hostTenantId?: string;
}

/** A member with the roles that follow from their agency, role and status. */
export interface MemberWithRoles {
  readonly member: MemberDocument;
  readonly person: Person;
}

/** What the bot should do with a person who just wrote to it. */
export type FirstContact =
  | { readonly kind: 'member'; readonly member: MemberDocument }
  /** Confirmed just now: named in NETWORK_ADMINS, or on the list the co-chairs imported. */
  | { readonly kind: 'welcomed'; readonly member: MemberDocument; readonly agency: Agency }
  | { readonly kind: 'pending'; readonly member: MemberDocument }
  | { readonly kind: 'unknown'; readonly agencies: readonly Agency[]; readonly suggestedAgency?: string };

/**
 * Who is acting, as the bot or the tab API first sees them (binding-rules.ts): a member (any
 * status), someone bound just now (a NETWORK_ADMINS entry, or a claimed imported row), or a
 * stranger. An object id bound to another tenant is refused before this is returned.
 */
export type Recognition =
  | { readonly kind: 'member'; readonly member: MemberDocument }
  | { readonly kind: 'bound'; readonly member: MemberDocument; readonly agency: Agency; readonly via: 'admin' | 'claim' }
  | { readonly kind: 'stranger' };

/** The CSV import reads at most this many bytes, so a file it accepts fits the 512 KB request body (JSON-escaped). */
export const MAX_IMPORT_BYTES = 384 * 1024;

/** An agency as the directory API receives it: domains and tenants may be left out (kept as they are). */
export type AgencyInput = Omit<Agency, 'emailDomains'> & { readonly emailDomains?: readonly string[] };

interface PlannedRow {
  readonly line: number;
  readonly row: ImportRow;
  readonly kind: ImportRowChange['kind'];
  readonly existing?: MemberDocument;
  readonly tenantToSet?: string;
}

function rowChangeOf(step: PlannedRow): ImportRowChange {
  const { row, existing } = step;
  return {
    line: step.line,
    kind: step.kind,
    name: row.name,
    agencyCode: row.agencyCode,
    agencyRole: row.agencyRole,
    ...(existing && step.kind === 'update' ? { before: { name: existing.name, agencyCode: existing.agencyCode, agencyRole: existing.agencyRole, status: existing.status } } : {}),
  };
}

/** A membership request as one of its deciders sees it now (requestView). */
export type RequestView =
  | { readonly kind: 'pending'; readonly member: MemberDocument; readonly agency: Agency; readonly mayDecide: boolean }
  | { readonly kind: 'decided'; readonly member: MemberDocument; readonly agency: Agency; readonly decidedByName: string }
  /** Left before anyone decided, or decided outside the app (an import): nothing to decide, nobody to name. */
  | { readonly kind: 'withdrawn'; readonly member: MemberDocument; readonly agency: Agency };

export interface Profile {
  readonly member: MemberDocument;
  readonly agency?: Agency;
  readonly person: Person;
}

const SYSTEM = 'system';

/**
 * Read budget (README.md): within a turn (TurnScope) a person's member document and roles are
 * read once, whoever asks; the directory and the rotation come from a per-process cache
 * (SharedReadCache), so a warm turn reads neither. Every write through this service updates
 * both, so a turn never acts on a stale self.
 */
export class MembershipService {
  private readonly repository: MembershipRepository;
  private readonly now: () => Date;
  private readonly admins: readonly NetworkAdmin[];
  private readonly directories: SharedReadCache<Versioned<DirectoryDocument>>;
  /** Undefined cached too: no rotation when no agency rotates. */
  private readonly rotations: SharedReadCache<Versioned<RotationDocument> | undefined>;
  /** Card updates running after the turn that asked for them (see afterTurn). */
  private readonly cardUpdates = new Set<Promise<void>>();

  constructor(private readonly options: MembershipServiceOptions) {
    this.repository = new MembershipRepository(options.store);
    this.now = options.now ?? (() => new Date());
    this.admins = options.admins ?? [];
    const clock = options.cacheClock ?? (() => performance.now());
    const ttl = options.cacheTtlMs ?? ROLE_DOCUMENTS_TTL_MS;
    this.directories = new SharedReadCache(ttl, clock);
    this.rotations = new SharedReadCache(ttl, clock);
  }

  // ---- reading ---------------------------------------------------------------------------

  /** The directory, created from the default one on a network's first use. */
  async agencies(networkId: string): Promise<readonly Agency[]> {
    return (await this.directoryDocument(networkId)).document.agencies;
  }

  /** Agencies and today's rotating co-chair; hands over first if a term has ended. */
  async roleContext(networkId: string): Promise<RoleContext> {
    const [agencies, rotation] = await Promise.all([this.agencies(networkId), this.currentRotation(networkId)]);
    return { agencies, ...(rotation ? { rotatingCoChair: rotation.current.agencyCode, rotationOrder: rotation.order } : {}) };
  }

  /** A person's roles: computed once per turn, from the member read once per turn. */
  async person(networkId: string, aadObjectId: string): Promise<Person> {
    const id = aadObjectId.toLowerCase();
    return this.inTurn(turnKey('person', networkId, id), async () => {
      const [member, context] = await Promise.all([this.readMember(networkId, id), this.roleContext(networkId)]);
      return personOf(member?.document, id, context);
    });
  }

  /**
   * Everyone in the network who has not left (pending and confirmed), keyed by lower-case
   * object id, with their roles: one query for features that address or check many people.
   */
  async activeMembers(networkId: string): Promise<Map<string, MemberWithRoles>> {
    const [members, context] = await Promise.all([this.repository.members(networkId), this.roleContext(networkId)]);
    const views = new Map<string, MemberWithRoles>();
    for (const { document } of members) {
      if (!document.aadObjectId || document.status === 'left') continue;
      const id = document.aadObjectId.toLowerCase();
      views.set(id, { member: document, person: personOf(document, id, context) });
    }
    return views;
  }

  /**
   * A few people by object id with their roles (one read each, the role context cached): for the
   * holders of 1:1 copies a feature keeps current, never a scan of the members. Left or unknown
   * ids are absent.
   */
  async membersByIds(networkId: string, ids: readonly string[]): Promise<Map<string, MemberWithRoles>> {
    const context = await this.roleContext(networkId);
    const views = new Map<string, MemberWithRoles>();
    await Promise.all(
      [...new Set(ids.map((id) => id.toLowerCase()))].map(async (id) => {
        const member = (await this.readMember(networkId, id))?.document;
        if (member && member.status !== 'left') views.set(id, { member, person: personOf(member, id, context) });
      }),
    );
    return views;
  }

  /** "May this person do this": what every later feature asks. */
  async may(networkId: string, aadObjectId: string, action: Action, context: { agencyCode?: string } = {}): Promise<boolean> {
    return may(await this.person(networkId, aadObjectId), action, context);
  }

  async profile(networkId: string, aadObjectId: string): Promise<Profile | undefined> {
    const member = (await this.readMember(networkId, aadObjectId))?.document;
    if (!member || member.status === 'left') return undefined;
    const context = await this.roleContext(networkId);
    return {
      member,
      ...optional('agency', context.agencies.find((agency) => agency.code === member.agencyCode)),
      person: personOf(member, aadObjectId.toLowerCase(), context),
    };
  }

  async memberList(networkId: string, actorId: string): Promise<MemberListView> {
    await this.require(networkId, actorId, 'viewMemberList');
    return this.buildList(networkId);
  }

  /** The directory and the co-chair rotation, for anyone who may read them. */
  async directoryView(networkId: string, actorId: string): Promise<{ readonly agencies: readonly Agency[]; readonly rotation?: RotationDocument }> {
    await this.require(networkId, actorId, 'viewDirectory');
    const [agencies, rotation] = await Promise.all([this.agencies(networkId), this.currentRotation(networkId)]);
    return { agencies, ...optional('rotation', rotation) };
  }

  async rotation(networkId: string): Promise<RotationDocument | undefined> {
    return this.currentRotation(networkId);
  }

  async auditTrail(networkId: string, actorId: string, filter: { subject?: string; actor?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    await this.require(networkId, actorId, 'viewAuditTrail');
    return this.repository.auditTrail(networkId, filter);
  }

  // ---- onboarding ------------------------------------------------------------------------

  /**
   * Recognises whoever acts (bot activity or tab request) with one member read. A member
   * bound to another tenant is refused (identityMismatch) and nothing changes. A stranger
   * named in NETWORK_ADMINS (by object id, and tenant when the entry names one) is bound and
   * confirmed. A stranger may claim a member imported by email only through `principalName`:
   * the Teams roster's userPrincipalName in this tenant, asked only while such rows exist.
   */
  async recognise(networkId: string, identity: Identity, principalName?: () => Promise<string | undefined>): Promise<Recognition> {
    const who: Identity = { ...identity, aadObjectId: identity.aadObjectId.toLowerCase(), tenantId: identity.tenantId.toLowerCase() };
    const existing = await this.readMember(networkId, who.aadObjectId);
    assertSamePerson(existing?.document, who);
    if (existing?.document.status === 'confirmed') {
      const known = withKnownName(existing.document, who, this.now());
      return { kind: 'member', member: known ? await this.completeIdentity(networkId, existing, known, who) : existing.document };
    }
    // The configuration wins over a request made before the person was named in it; someone
    // who left of their own accord is not pulled back in.
    const admin = findAdmin(this.adminsOf(networkId), who.aadObjectId, who.tenantId);
    if (admin && existing?.document.endReason !== 'left') {
      const agencies = await this.agencies(networkId);
      // Seen first through something that names nobody (the tab's dev sign-in, a token without
      // `name`): a placeholder that says so, replaced by their name on the first turn that has it.
      const named = who.name.trim() !== '' ? who : { ...who, name: translate(who.language, admin.role === 'cochair' ? 'network.admin.provisionalName.cochair' : 'network.admin.provisionalName.secretariat', { agency: admin.agencyCode ?? agencies.find((agency) => agency.secretariat)?.code ?? '' }) };
      const member = { ...bootstrapAdmin(admin, named, networkId, agencies, this.now()), ...(named === who ? {} : { provisionalName: true }) };
      let saved: MemberDocument;
      try {
        saved = await this.saveMember(networkId, member, existing?.etag, SYSTEM, 'member.bootstrap', existing?.document);
      } catch (error) {
        // The same person's other activity bootstrapped them a moment ago.
        if (!(error instanceof StoreConflictError)) throw error;
        return this.recogniseAgain(networkId, who);
      }
      const agency = findAgency(agencies, saved.agencyCode);
      await this.announceBinding(networkId, [saved], 'admin');
      return { kind: 'bound', member: saved, agency, via: 'admin' };
    }
    if (existing) return { kind: 'member', member: existing.document };
    if (principalName && (await this.repository.hasUnclaimedImports(networkId))) {
      const principal = await principalName();
      const claimed = principal ? await this.claimImported(networkId, who, principal) : undefined;
      if (claimed) return claimed;
    }
    // Not remembered as a stranger for the rest of the turn: the tab opens with requests in
    // parallel, and another one may be binding this very person (a claim) right now.
    this.memberKnown(networkId, who.aadObjectId, 'unknown');
    return { kind: 'stranger' };
  }

  /**
   * The tab's dev sign-in without a tenant (local mode only): it picks someone and names no
   * tenant, so a known member is taken as they are (nothing to compare, nothing re-bound); a
   * stranger named in NETWORK_ADMINS without a tenant is bootstrapped at once, bound to their
   * tenant on their first turn with the bot.
   */
  async recogniseWithoutTenant(networkId: string, identity: Identity): Promise<Recognition> {
    const existing = await this.readMember(networkId, identity.aadObjectId.toLowerCase());
    if (existing) return { kind: 'member', member: existing.document };
    return this.recognise(networkId, { ...identity, tenantId: '' });
  }

  /**
   * Called when a person writes to the bot in a 1:1 chat: a member is recognised; an admin
   * from the configuration or someone on an imported list is confirmed at once; anyone else is
   * asked for their agency, pre-selected from their email domain.
   */
  async firstContact(networkId: string, identity: Identity): Promise<FirstContact> {
    const principal = identity.rosterPrincipalName;
    return this.contactOf(networkId, await this.recognise(networkId, identity, principal ? async () => principal : undefined), identity.email);
  }

  /** What onboarding does with a recognised person; `email` only pre-selects an agency. */
  async contactOf(networkId: string, recognition: Recognition, email: string | undefined): Promise<FirstContact> {
    if (recognition.kind === 'bound') return { kind: 'welcomed', member: recognition.member, agency: recognition.agency };
    if (recognition.kind === 'member' && recognition.member.status === 'confirmed') return { kind: 'member', member: recognition.member };
    if (recognition.kind === 'member' && recognition.member.status === 'pending') return { kind: 'pending', member: recognition.member };
    const agencies = await this.agencies(networkId);
    const suggested = suggestAgency(email, agencies);
    return { kind: 'unknown', agencies, ...optional('suggestedAgency', suggested) };
  }

  /** Pending, confirmed or left; undefined for someone the network has never seen. Cheap: one read. */
  async memberStatus(networkId: string, aadObjectId: string): Promise<MemberDocument['status'] | undefined> {
    return (await this.readMember(networkId, aadObjectId))?.document.status;
  }

  /** The person chose an agency and role: their membership is pending; the deciders are asked. */
  async requestToJoin(networkId: string, identity: Identity, agencyCode: string, agencyRole: string): Promise<MemberDocument> {
    const agencies = await this.agencies(networkId);
    let corrected = false;
    const saved = await withConcurrencyRetry(async () => {
      const current = await this.readMember(networkId, identity.aadObjectId);
      const next = requestMembership({ current: current?.document, identity, networkId, agencies, agencyCode, agencyRole, now: this.now() });
      corrected = current?.document.status === 'pending';
      return this.saveMember(networkId, next, current?.etag, identity.aadObjectId.toLowerCase(), 'member.request', current?.document);
    });
    const agency = findAgency(agencies, saved.agencyCode);
    const deciders = await this.deciders(networkId, saved);
    const notice = { kind: 'confirmRequest', member: saved, agency } as const;
    await this.notify(async () => {
      // A corrected request (another agency or role) replaces the cards already sent.
      if (corrected) await this.options.notifier.update(networkId, confirmRequestKey(saved), notice);
      await this.options.notifier.notifyPeople(networkId, confirmRequestKey(saved), deciders, notice);
    });
    return saved;
  }

  async confirm(networkId: string, actorId: string, memberAadObjectId: string, expectedAgency?: string): Promise<MemberDocument> {
    return this.decide(networkId, actorId, memberAadObjectId, expectedAgency, 'confirm');
  }

  async decline(networkId: string, actorId: string, memberAadObjectId: string, expectedAgency?: string): Promise<MemberDocument> {
    return this.decide(networkId, actorId, memberAadObjectId, expectedAgency, 'decline');
  }

  /**
   * The member chose the language everything is sent to them in (help card, profile card, tab).
   * One read of their own record (already read by this turn's recognition) and, only when it
   * changes, one conditional write and its audit entry. Someone not in the network has no
   * record to keep it on: `notAMember`.
   */
  async chooseLanguage(networkId: string, actorId: string, language: 'fr' | 'en'): Promise<MemberDocument> {
    return withConcurrencyRetry(async () => {
      const current = await this.readMember(networkId, actorId);
      if (!current || current.document.status === 'left') throw new NetworkError('notAMember', `${actorId} is not a member: no language preference to keep.`);
      const next = withChosenLanguage(current.document, language, this.now());
      if (!next) return current.document;
      return this.saveMember(networkId, next, current.etag, actorId.toLowerCase(), 'member.language', current.document);
    });
  }

  async leave(networkId: string, actorId: string): Promise<MemberDocument> {
    let before: MemberDocument | undefined;
    const saved = await withConcurrencyRetry(async () => {
      const current = await this.readMember(networkId, actorId);
      before = current?.document;
      const next = leaveNetwork(current?.document, this.now());
      return this.saveMember(networkId, next, current?.etag, actorId.toLowerCase(), 'member.leave', current?.document);
    });
    this.announceExcomLoss(networkId, before, saved);
    return saved;
  }

  // ---- management ------------------------------------------------------------------------

  /** A change by a co-chair, the secretariat, or a focal point within their agency. `memberId` is a document id. */
  async changeMember(networkId: string, actorId: string, memberId: string, change: MemberChange): Promise<MemberDocument> {
    const [context, actor] = await Promise.all([this.roleContext(networkId), this.person(networkId, actorId)]);
    let before: MemberDocument | undefined;
    const saved = await withConcurrencyRetry(async () => {
      const current = await this.options.store.get<MemberDocument>(networkId, memberId);
      if (current && current.document.type !== DOCUMENT_TYPES.member) throw new NetworkError('unknownMember', `${memberId} is not a member.`);
      before = current?.document;
      const next = changeMember(actor, current?.document, change, context, this.now());
      const action = change.secretariat !== undefined && (next.secretariat === true) !== (current?.document.secretariat === true)
        ? (next.secretariat ? 'member.secretariatGranted' : 'member.secretariatWithdrawn')
        : 'member.change';
      return this.saveMember(networkId, next, current?.etag, actor.aadObjectId, action, current?.document);
    });
    // Only once the new focal point is saved does the previous one step down.
    await this.demotePreviousFocalPoint(networkId, saved, actor.aadObjectId);
    this.announceExcomLoss(networkId, before, saved);
    return saved;
  }

  /**
   * Replaces the directory. An agency given without `emailDomains` or `tenantIds` (as read by
   * someone who is not shown them) keeps the ones it has.
   */
  async updateDirectory(networkId: string, actorId: string, agencies: readonly AgencyInput[]): Promise<readonly Agency[]> {
    await this.require(networkId, actorId, 'manageDirectory');
    const members = (await this.repository.members(networkId)).map((entry) => entry.document).filter((member) => member.status !== 'left');
    const inUse = new Set(members.map((member) => member.agencyCode));
    const rotation = await this.currentRotation(networkId);
    const known = new Map((await this.agencies(networkId)).map((agency) => [agency.code, agency]));
    const complete = agencies.map((agency): Agency => {
      const { emailDomains, tenantIds, ...rest } = agency;
      const existing = known.get(agency.code.trim().toUpperCase());
      const tenants = tenantIds ?? existing?.tenantIds;
      return { ...rest, emailDomains: emailDomains ?? existing?.emailDomains ?? [], ...(tenants ? { tenantIds: tenants } : {}) };
    });
    const valid = validateDirectory(complete, inUse, rotation?.order ?? []);
    return withConcurrencyRetry(async () => {
      const current = await this.directory(networkId);
      const next: DirectoryDocument = { ...current.document, agencies: valid, updatedAt: this.now().toISOString() };
      this.directoryWritten(networkId, await this.writeRoleDocument(() => this.repository.save(next, current.etag), () => this.directoryWritten(networkId, undefined)));
      await this.repository.audit(networkId, { actor: actorId.toLowerCase(), action: 'directory.update', subject: DIRECTORY_ID, before: current.document, after: next }, this.now());
      return next.agencies;
    });
  }

  /** Before sending: the list as it stands and how many members would get it (nothing is sent). */
  async memberListToSend(networkId: string, actorId: string): Promise<{ readonly list: MemberListView; readonly recipients: number }> {
    await this.require(networkId, actorId, 'sendMemberList');
    const [list, recipients] = await Promise.all([this.buildList(networkId), this.listRecipients(networkId)]);
    return { list, recipients: recipients.length };
  }

  /** Sends the member list card to every confirmed member (the co-chairs keep members informed). */
  async sendMemberList(networkId: string, actorId: string): Promise<{ readonly recipients: number }> {
    await this.require(networkId, actorId, 'sendMemberList');
    const list = await this.buildList(networkId);
    const recipients = await this.listRecipients(networkId);
    const messageKey = `member-list:${list.generatedAt}`;
    await this.notify(() => this.options.notifier.notifyPeople(networkId, messageKey, recipients, { kind: 'memberList', list }));
    await this.repository.audit(networkId, { actor: actorId.toLowerCase(), action: 'memberList.send', subject: messageKey, before: null, after: { recipients: recipients.length } }, this.now());
    return { recipients: recipients.length };
  }

  /** Who gets the member list: every confirmed member the bot can reach. */
  private async listRecipients(networkId: string): Promise<NoticeRecipient[]> {
    return (await this.repository.members(networkId))
      .map((entry) => entry.document)
      .filter((member) => member.status === 'confirmed')
      .flatMap((member) => recipientOf(member));
  }

  // ---- import / export -------------------------------------------------------------------

  /**
   * Imports the co-chairs' member list. Valid rows become confirmed members: a row with an
   * object id (and tenant) is bound at once; a row with an email only waits to be claimed
   * (see binding-rules.ts). Each rejected row is reported with its reason and changes nothing;
   * an import never re-binds a member to another object id or tenant.
   */
  async importCsv(networkId: string, actorId: string, csv: string, options: { readonly preview?: boolean } = {}): Promise<ImportReport> {
    const importer = await this.require(networkId, actorId, 'importMembers');
    const bytes = Buffer.byteLength(csv, 'utf8');
    if (bytes > MAX_IMPORT_BYTES) {
      throw new NetworkError('invalidInput', `the file is ${Math.ceil(bytes / 1024)} KiB; an import reads at most ${MAX_IMPORT_BYTES / 1024} KiB — split the list into several files`);
    }
    let records: string[][];
    try {
      records = parseCsv(csv.replace(/^\uFEFF/, ''), { delimiter: detectDelimiter(csv), relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
    } catch (error) {
      throw new NetworkError('invalidInput', `The file is not readable as CSV: ${error instanceof Error ? error.message : String(error)}`);
    }
    const [header, ...rows] = records;
    if (!header) throw new NetworkError('invalidInput', 'The file is empty.');
    const mapping = mapHeader(header);
    const missing = missingColumns(mapping);
    if (missing.length > 0) throw new NetworkError('invalidInput', `Missing columns: ${missing.join(', ')} (agency, name, email or objectId, role).`);
    if (rows.length > 2000) throw new NetworkError('invalidInput', 'At most 2000 rows per import.');

    const context = await this.roleContext(networkId);
    const agencies = context.agencies;
    const everyone = (await this.repository.members(networkId)).map((entry) => entry.document);
    const members = everyone.filter((member) => member.status !== 'left');
    const focalPoints = new Map(
      members
        .filter((m) => m.status === 'confirmed' && m.agencyRole === 'focalPoint')
        .map((m) => [m.agencyCode, { ...optional('aadObjectId', m.aadObjectId), ...optional('email', m.email) }] as const),
    );
    // By object id when the row has one; else by email. A member who left and is on the
    // co-chairs' list again is reinstated, not duplicated.
    const existingFor = (row: { readonly aadObjectId?: string; readonly email: string }): MemberDocument | undefined =>
      row.aadObjectId
        ? everyone.find((member) => member.id === memberDocumentId(row.aadObjectId ?? ''))
        : row.email
          ? (members.find((member) => member.email === row.email) ?? everyone.find((member) => member.email === row.email))
          : undefined;
    const validated = validateRows(rows, mapping, agencies, focalPoints, (row) => importRowRefusal(importer, row, existingFor(row), context));
    const results = validated.map((result): RowResult => {
      const row = result.row;
      if (!row?.aadObjectId) return result;
      const existing = everyone.find((member) => member.id === memberDocumentId(row.aadObjectId ?? ''));
      const rejection = importBindingRejection({ aadObjectId: row.aadObjectId, ...optional('tenantId', row.tenantId), ...optional('email', row.email || undefined) }, existing, everyone);
      return rejection ? { line: result.line, rejection, value: row.aadObjectId } : result;
    });
    // What each valid row will do, decided before anything is written (the preview stops here).
    const plan = results.flatMap((result): PlannedRow[] => {
      const row = result.row;
      if (!row) return [];
      const existing = existingFor(row);
      if (!existing) return [{ line: result.line, row, kind: 'create' }];
      const tenantToSet = row.tenantId && !existing.tenantId ? row.tenantId : undefined;
      const same = !tenantToSet && existing.agencyCode === row.agencyCode && existing.agencyRole === row.agencyRole && existing.name === row.name && existing.status === 'confirmed';
      return [{ line: result.line, row, kind: same ? 'unchanged' : 'update', existing, ...optional('tenantToSet', tenantToSet) }];
    });
    const changes = plan.map(rowChangeOf);
    const count = (kind: PlannedRow['kind']) => plan.filter((step) => step.kind === kind).length;
    const rejected = results.filter((result) => result.rejection);
    if (options.preview) return { created: count('create'), updated: count('update'), unchanged: count('unchanged'), rejected, changes };
    const bound: MemberDocument[] = [];
    const actor = actorId.toLowerCase();
    for (const step of plan) {
      const { row, existing } = step;
      const at = this.now().toISOString();
      if (step.kind === 'unchanged') continue;
      if (existing) {
        const tenantToSet = step.tenantToSet;
        await withConcurrencyRetry(async () => {
          const current = await this.options.store.get<MemberDocument>(networkId, existing.id);
          if (!current) return;
          const { endReason: _endReason, ...rest } = current.document;
          const next: MemberDocument = {
            ...rest,
            ...optional('tenantId', current.document.tenantId || tenantToSet),
            agencyCode: row.agencyCode,
            agencyRole: row.agencyRole,
            name: row.name,
            status: 'confirmed',
            decidedBy: actor,
            decidedAt: at,
            updatedAt: at,
          };
          await this.saveMember(networkId, next, current.etag, actor, 'member.import', current.document);
          this.announceExcomLoss(networkId, current.document, next);
          if (tenantToSet) bound.push(next);
        });
        continue;
      }
      const base = {
        networkId,
        type: DOCUMENT_TYPES.member,
        name: row.name,
        ...(row.email ? { email: row.email } : {}),
        agencyCode: row.agencyCode,
        agencyRole: row.agencyRole,
        status: 'confirmed' as const,
        decidedBy: actor,
        decidedAt: at,
        language: 'fr' as const,
        joinedAt: at,
        updatedAt: at,
      };
      if (row.aadObjectId) {
        // Bound at once: recognised in the bot and the tab from the first activity.
        const next: MemberDocument = { ...base, id: memberDocumentId(row.aadObjectId), aadObjectId: row.aadObjectId, ...optional('tenantId', row.tenantId) };
        await this.saveMember(networkId, next, undefined, actor, 'member.import', undefined);
        // The same person imported earlier by email only is now known by object id: one record.
        const waiting = row.email ? await this.repository.getImportedMember(networkId, row.email) : undefined;
        if (waiting && !waiting.document.aadObjectId) await this.repository.delete(networkId, waiting.document.id, waiting.etag);
        bound.push(next);
      } else {
        const next: MemberDocument = { ...base, id: importedMemberDocumentId(row.email), awaitingClaim: true };
        const stale = await this.repository.getImportedMember(networkId, row.email);
        await this.saveMember(networkId, next, stale?.etag, actor, 'member.import', stale?.document);
      }
    }
    if (bound.length > 0) await this.announceBinding(networkId, bound, 'import');
    return { created: count('create'), updated: count('update'), unchanged: count('unchanged'), rejected, changes };
  }

  /** The list as a spreadsheet for co-chairs and the secretariat; object ids let it import back bound. */
  async exportCsv(networkId: string, actorId: string): Promise<string> {
    await this.require(networkId, actorId, 'exportMembers');
    const members = (await this.repository.members(networkId))
      .map((entry) => entry.document)
      .filter((member) => member.status !== 'left')
      .sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || a.name.localeCompare(b.name, 'fr'));
    return toCsv(
      ['agency', 'name', 'email', 'role', 'status', 'objectId', 'tenantId'],
      members.map((member) => [member.agencyCode, member.name, member.email ?? '', member.agencyRole, member.status, member.aadObjectId ?? '', member.tenantId ?? '']),
    );
  }

  // ---- rotation and periodic work --------------------------------------------------------

  /** What a timer calls: hands over the rotating co-chair when due, and reminds ExCom of reviews. */
  async tick(networkId: string): Promise<{ readonly handovers: readonly Handover[]; readonly reviewsReminded: number; readonly noticesCaughtUp: number }> {
    const handovers = await this.advanceRotationNow(networkId);
    const reviewsReminded = await this.remindDueReviews(networkId);
    const noticesCaughtUp = await this.sendDueNotices(networkId);
    return { handovers, reviewsReminded, noticesCaughtUp };
  }

  async updateRotation(networkId: string, actorId: string, order: readonly string[], termMonths: number): Promise<RotationDocument> {
    await this.require(networkId, actorId, 'manageRotation');
    const agencies = await this.agencies(networkId);
    const codes = order.map((code) => findAgency(agencies, code).code);
    if (codes.length === 0 || !Number.isInteger(termMonths) || termMonths < 1 || termMonths > 60) {
      throw new NetworkError('invalidInput', 'The rotation needs at least one agency and a term of 1–60 months.');
    }
    return withConcurrencyRetry(async () => {
      const current = await this.repository.getRotation(networkId);
      const base = current?.document ?? this.seedRotation(networkId, codes, termMonths);
      const next: RotationDocument = { ...base, order: codes, termMonths, updatedAt: this.now().toISOString() };
      const saved = await this.writeRoleDocument(() => this.repository.save(next, current?.etag), () => this.rotationWritten(networkId, 'unknown'));
      this.rotationWritten(networkId, saved);
      await this.repository.audit(networkId, { actor: actorId.toLowerCase(), action: 'rotation.update', subject: ROTATION_ID, before: current?.document ?? null, after: next }, this.now());
      return saved.document;
    });
  }

  // ---- working groups --------------------------------------------------------------------

  async createWorkingGroup(networkId: string, actorId: string, group: WorkingGroupInput): Promise<WorkingGroupDocument> {
    await this.require(networkId, actorId, 'manageWorkingGroups');
    const members = (await this.repository.members(networkId)).map((entry) => entry.document);
    const document = newWorkingGroup({ groupId: randomUUID(), networkId, group, members, createdBy: actorId.toLowerCase(), now: this.now() });
    await this.repository.save(document, undefined);
    await this.repository.audit(networkId, { actor: actorId.toLowerCase(), action: 'workingGroup.create', subject: document.id, before: null, after: document }, this.now());
    return document;
  }

  async workingGroups(networkId: string, actorId: string): Promise<WorkingGroupDocument[]> {
    await this.require(networkId, actorId, 'viewMemberList');
    return (await this.repository.workingGroups(networkId)).map((entry) => entry.document).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  /** Reminds ExCom representatives of each working group whose review is due, once per review date. */
  async remindDueReviews(networkId: string): Promise<number> {
    const now = this.now();
    let reminded = 0;
    for (const entry of await this.repository.workingGroups(networkId)) {
      if (!reviewDue(entry.document, now)) continue;
      const marked: WorkingGroupDocument = { ...entry.document, reviewReminderSentFor: entry.document.reviewDate, updatedAt: now.toISOString() };
      try {
        // The mark is written first, with the ETag: of two instances, only one reminds.
        await this.repository.save(marked, entry.etag);
      } catch (error) {
        if (error instanceof StoreConflictError) continue;
        throw error;
      }
      const context = await this.roleContext(networkId);
      const excom = (await this.repository.members(networkId))
        .map((member) => member.document)
        .filter((member) => personOf(member, member.aadObjectId ?? '', context).roles.has('excomRepresentative'))
        .flatMap((member) => recipientOf(member));
      await this.notify(() =>
        this.options.notifier.notifyPeople(networkId, `working-group:${marked.groupId}:review:${marked.reviewDate}`, excom, { kind: 'workingGroupReview', group: marked }),
      );
      reminded += 1;
    }
    return reminded;
  }

  // ---- internals -------------------------------------------------------------------------

  /** `load` once per turn for `key` (every time outside a turn: schedulers, start-up). */
  private inTurn<T>(key: string, load: () => Promise<T>): Promise<T> {
    const scope = currentTurnScope();
    return scope ? scope.memo(this, key, load) : load();
  }

  /**
   * A member as this turn knows them: read once per turn. Read-modify-writes use it too: every
   * write through saveMember updates it, and an ETag conflict forgets it, so the retry reads
   * the store.
   */
  private adminsOf(networkId: string): readonly NetworkAdmin[] {
    return this.options.adminsByNetwork?.[networkId] ?? this.admins;
  }

  /**
   * Whether this person has a place in the network, for finding which network a 1:1 chat or a
   * tab request is about (src/network-routing): a member who has not left (pending included)
   * bound to this tenant, or someone the network's admin list names. One member read, kept for
   * the turn, so the feature that runs next reads nothing again.
   */
  async standing(networkId: string, tenantId: string, aadObjectId: string): Promise<'member' | 'admin' | undefined> {
    const member = (await this.readMember(networkId, aadObjectId))?.document;
    const tenant = tenantId.toLowerCase();
    if (member && member.status !== 'left' && (!member.tenantId || tenant === '' || member.tenantId.toLowerCase() === tenant)) return 'member';
    const admin = tenant === '' ? this.adminsOf(networkId).find((entry) => entry.aadObjectId === aadObjectId.toLowerCase()) : findAdmin(this.adminsOf(networkId), aadObjectId, tenant);
    return admin && member?.endReason !== 'left' ? 'admin' : undefined;
  }

  private readMember(networkId: string, aadObjectId: string): Promise<Versioned<MemberDocument> | undefined> {
    const id = aadObjectId.toLowerCase();
    return this.inTurn(turnKey('member', networkId, id), () => this.repository.getMember(networkId, id));
  }

  /** Read from the store (after losing a race), and known as such for the rest of the turn. */
  private async freshMember(networkId: string, aadObjectId: string): Promise<Versioned<MemberDocument> | undefined> {
    const id = aadObjectId.toLowerCase();
    const read = await this.repository.getMember(networkId, id);
    this.memberKnown(networkId, id, read);
    return read;
  }

  /** What the turn knows of a person's member document from now on; their roles are computed again. */
  private memberKnown(networkId: string, aadObjectId: string, value: Versioned<MemberDocument> | undefined | 'unknown'): void {
    const scope = currentTurnScope();
    if (!scope) return;
    const id = aadObjectId.toLowerCase();
    if (value === 'unknown') scope.forget(this, turnKey('member', networkId, id));
    else scope.remember(this, turnKey('member', networkId, id), value);
    scope.forget(this, turnKey('person', networkId, id));
  }

  /** The directory: from this turn, else the per-process cache, else the store. */
  private directoryDocument(networkId: string): Promise<Versioned<DirectoryDocument>> {
    return this.inTurn(turnKey('directory', networkId), () => this.directories.read(networkId, () => this.directory(networkId)));
  }

  /** The rotation as stored (seeded on first use): from this turn, else the per-process cache, else the store. */
  private rotationDocument(networkId: string): Promise<Versioned<RotationDocument> | undefined> {
    return this.inTurn(turnKey('rotation', networkId), () =>
      this.rotations.read(networkId, async () => {
        const stored = await this.repository.getRotation(networkId);
        if (stored) return stored;
        const { order, termMonths } = this.options.rotation;
        return order.length === 0 ? undefined : this.repository.createIfAbsent(this.seedRotation(networkId, order, termMonths));
      }),
    );
  }

  /** Written (or read fresh) here: the cache and this turn hold it; undefined = unknown, read again. */
  private directoryWritten(networkId: string, saved: Versioned<DirectoryDocument> | undefined): void {
    if (saved) this.directories.set(networkId, saved);
    else this.directories.invalidate(networkId);
    this.roleDocumentsChanged(networkId);
  }

  private rotationWritten(networkId: string, saved: Versioned<RotationDocument> | 'unknown'): void {
    if (saved === 'unknown') this.rotations.invalidate(networkId);
    else this.rotations.set(networkId, saved);
    this.roleDocumentsChanged(networkId);
  }

  /** Everyone's roles in this turn follow the directory and the rotation: computed again. */
  private roleDocumentsChanged(networkId: string): void {
    const stale = (['directory', 'rotation', 'person'] as const).map((kind) => turnKey(kind, networkId));
    currentTurnScope()?.forget(this, (key) => stale.some((prefix) => key.startsWith(prefix)));
  }

  /** A conditional write of the directory or the rotation; on an ETag conflict, `lost` first (the cached copy is stale). */
  private async writeRoleDocument<T>(write: () => Promise<T>, lost: () => void): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof StoreConflictError) lost();
      throw error;
    }
  }

  private async require(networkId: string, actorId: string, action: Action, context: { agencyCode?: string } = {}): Promise<Person> {
    const person = await this.person(networkId, actorId);
    if (person.roles.size === 0) throw new NetworkError('notAMember', `${actorId} is not a member of ${networkId}.`);
    if (!may(person, action, context)) throw new NetworkError('forbidden', `${actorId} may not ${action}.`);
    return person;
  }

  private async directory(networkId: string): Promise<Versioned<DirectoryDocument>> {
    const existing = await this.repository.getDirectory(networkId);
    if (existing) return existing;
    const created = await this.repository.createIfAbsent<DirectoryDocument>({
      id: DIRECTORY_ID,
      networkId,
      type: DOCUMENT_TYPES.directory,
      agencies: this.options.defaultAgencies ?? GUINEA_DEFAULT_AGENCIES,
      updatedAt: this.now().toISOString(),
    });
    return created;
  }

  private seedRotation(networkId: string, order: readonly string[], termMonths: number): RotationDocument {
    return {
      id: ROTATION_ID,
      networkId,
      type: DOCUMENT_TYPES.rotation,
      order,
      termMonths,
      current: firstTerm(order, termMonths, this.options.rotation.start ?? this.now()),
      history: [],
      updatedAt: this.now().toISOString(),
    };
  }

  /**
   * The rotation as of now (handing over if a term ended); undefined when no agency rotates.
   * The term's end is compared with the clock on every call, cached copy or not, so a term
   * that ends is handed over on time.
   */
  private async currentRotation(networkId: string): Promise<RotationDocument | undefined> {
    const known = await this.rotationDocument(networkId);
    if (!known) return undefined;
    if (Date.parse(known.document.current.end) > this.now().getTime()) return known.document;
    await this.advanceRotationNow(networkId);
    return (await this.rotationDocument(networkId))?.document;
  }

  /**
   * Hands over every ended term. The writer that wins the ETag race audits and announces;
   * the others see the rotation already advanced and do nothing.
   */
  private async advanceRotationNow(networkId: string): Promise<readonly Handover[]> {
    // Always from the store: the hand-over is a conditional write on what is stored now.
    let stored = await this.repository.getRotation(networkId);
    if (!stored) {
      const { order, termMonths } = this.options.rotation;
      if (order.length === 0) return [];
      stored = await this.repository.createIfAbsent(this.seedRotation(networkId, order, termMonths));
    }
    const now = this.now();
    const { next, handovers } = advanceRotation(stored.document, now);
    if (handovers.length === 0) {
      // Another instance handed over already (or nothing ended): what was just read is current.
      this.rotationWritten(networkId, stored);
      return [];
    }
    try {
      this.rotationWritten(networkId, await this.repository.save(next, stored.etag));
    } catch (error) {
      if (error instanceof StoreConflictError) {
        this.rotationWritten(networkId, 'unknown');
        return [];
      }
      throw error;
    }
    await this.repository.audit(networkId, { actor: SYSTEM, action: 'rotation.handover', subject: ROTATION_ID, before: stored.document.current, after: next.current }, now);
    const agencies = await this.agencies(networkId);
    const last = handovers[handovers.length - 1];
    if (last) {
      // One announcement for the handover that matters now, even after a long outage.
      await this.notify(() =>
        this.options.notifier.notifyChannels(networkId, `cochair-handover:${last.to.agencyCode}:${last.to.start}`, { kind: 'handover', handover: last, agencies }),
      );
    }
    return handovers;
  }

  private async buildList(networkId: string): Promise<MemberListView> {
    const context = await this.roleContext(networkId);
    const members = (await this.repository.members(networkId)).map((entry) => entry.document);
    return buildMemberList(context.agencies, members, coChairAgencies(context), this.now(), this.options.hostTenantId);
  }

  private async decide(networkId: string, actorId: string, memberAadObjectId: string, expectedAgency: string | undefined, decision: 'confirm' | 'decline'): Promise<MemberDocument> {
    const [context, actor] = await Promise.all([this.roleContext(networkId), this.person(networkId, actorId)]);
    if (actor.roles.size === 0) throw new NetworkError('notAMember', `${actorId} is not a member of ${networkId}.`);
    const decided = await withConcurrencyRetry(async () => {
      const current = await this.readMember(networkId, memberAadObjectId);
      const next =
        decision === 'confirm'
          ? confirmMembership(actor, current?.document, expectedAgency, context, this.now())
          : declineMembership(actor, current?.document, expectedAgency, this.now());
      // The member's notice leaves after the answer; marked in this same write so that a crash
      // in between leaves a trace the tick picks up (sendDueNotices).
      const marked: MemberDocument = { ...next, noticeDue: true };
      return this.saveVersionedMember(networkId, marked, current?.etag, actor.aadObjectId, decision === 'confirm' ? 'member.confirm' : 'member.decline', current?.document);
    });
    const saved = decided.document;
    if (decision === 'confirm') await this.demotePreviousFocalPoint(networkId, saved, actor.aadObjectId);
    // Queuing the notice wakes the outbox dispatcher: after the answer, so neither competes with
    // the turn. Only a decision that was saved gets here: a refusal threw above and queues nothing.
    // The other deciders' copies are not rewritten: Teams refreshes each for its reader
    // (requestView), so what a decision hands off does not grow with the number of deciders.
    this.afterTurn(() => this.sendDecisionNotice(networkId, decided));
    return saved;
  }

  /**
   * A request as it stands now, for one of its deciders (Teams' refresh of their copy): the
   * member, their agency, who decided, and whether this reader may still decide. Shown only to
   * those who may confirm members of that agency, or to the one who decided: reads the reader
   * (once per turn), the member, and the decider's name once decided.
   */
  async requestView(networkId: string, readerId: string, memberId: string): Promise<RequestView> {
    const [context, reader, read] = await Promise.all([this.roleContext(networkId), this.person(networkId, readerId), this.readMember(networkId, memberId)]);
    if (reader.roles.size === 0) throw new NetworkError('notAMember', `${readerId} is not a member of ${networkId}.`);
    const member = read?.document;
    if (!member) throw new NetworkError('unknownMember', `No member ${memberId} in ${networkId}.`);
    const mayConfirm = may(reader, 'confirmMember', { agencyCode: member.agencyCode });
    if (!mayConfirm && member.decidedBy !== reader.aadObjectId) throw new NetworkError('forbidden', `${readerId} may not see the request of ${memberId}.`);
    const agency = findAgency(context.agencies, member.agencyCode);
    if (member.status === 'pending') {
      const mayDecide = mayConfirm && !appointmentRefusal(reader, member, { ...member, status: 'confirmed' }, context);
      return { kind: 'pending', member, agency, mayDecide };
    }
    if (!member.decidedBy || (member.status === 'left' && member.endReason !== 'declined')) return { kind: 'withdrawn', member, agency };
    const decider = await this.readMember(networkId, member.decidedBy);
    return { kind: 'decided', member, agency, decidedByName: decider?.document.name ?? '' };
  }

  /**
   * Resolves once every card update handed to the background has run (tests; shutdown, from
   * MembershipScheduler.stop, after the server stopped taking turns and before the store closes).
   */
  async cardsIdle(): Promise<void> {
    while (this.cardUpdates.size > 0) await Promise.allSettled([...this.cardUpdates]);
  }

  /**
   * Who may confirm this request: co-chairs, the secretariat and the agency's focal point — and
   * for a governing agency's focal point or alternate, co-chairs and that focal point only (the
   * secretariat would be shown buttons it may not use).
   */
  private async deciders(networkId: string, request: MemberDocument): Promise<NoticeRecipient[]> {
    const context = await this.roleContext(networkId);
    const agencyCode = request.agencyCode;
    const confirmed: MemberDocument = { ...request, status: 'confirmed' };
    return (await this.repository.members(networkId))
      .map((entry) => entry.document)
      .filter((member) => {
        if (!member.aadObjectId || member.id === request.id) return false;
        const person = personOf(member, member.aadObjectId, context);
        return may(person, 'confirmMember', { agencyCode }) && !appointmentRefusal(person, request, confirmed, context);
      })
      .flatMap((member) => recipientOf(member));
  }

  /** An email-only imported row claimed through the roster's userPrincipalName, in a tenant the agency names. */
  private async claimImported(networkId: string, who: Identity, principalName: string): Promise<Recognition | undefined> {
    const imported = await this.repository.getImportedMember(networkId, principalName.trim().toLowerCase());
    if (!imported) return undefined;
    const agencies = await this.agencies(networkId);
    const agency = agencies.find((candidate) => candidate.code === imported.document.agencyCode);
    if (!agency || !mayClaimImported(imported.document, agency, principalName, who.tenantId)) {
      this.options.logger.info({ agency: imported.document.agencyCode, tenantId: who.tenantId }, 'an imported member was not claimed: the tenant is not one the agency names');
      return undefined;
    }
    let saved: MemberDocument;
    try {
      saved = await this.saveMember(networkId, claimImported(imported.document, who, this.now()), undefined, SYSTEM, 'member.claimImported', imported.document);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      return this.recogniseAgain(networkId, who);
    }
    try {
      await this.repository.delete(networkId, imported.document.id, imported.etag);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
    await this.announceBinding(networkId, [saved], 'claim');
    return { kind: 'bound', member: saved, agency, via: 'claim' };
  }

  /** After losing a race to bind the same person: whatever the winner wrote. */
  private async recogniseAgain(networkId: string, who: Identity): Promise<Recognition> {
    const member = (await this.freshMember(networkId, who.aadObjectId))?.document;
    assertSamePerson(member, who);
    return member ? { kind: 'member', member } : { kind: 'stranger' };
  }

  /**
   * A member known by object id only is bound to the tenant they first act from; a placeholder
   * name takes the name Teams or the token gives (both audited).
   */
  private async completeIdentity(networkId: string, existing: Versioned<MemberDocument>, next: MemberDocument, who: Identity): Promise<MemberDocument> {
    try {
      return await this.saveMember(networkId, next, existing.etag, SYSTEM, next.tenantId === existing.document.tenantId ? 'member.rename' : 'member.bindTenant', existing.document);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const current = (await this.freshMember(networkId, who.aadObjectId))?.document;
      assertSamePerson(current, who);
      return current ?? existing.document;
    }
  }

  /** Every binding is announced to the co-chairs (the audit entry is written with the member). */
  private async announceBinding(networkId: string, bound: readonly MemberDocument[], via: 'admin' | 'claim' | 'import'): Promise<void> {
    const context = await this.roleContext(networkId);
    const ids = new Set(bound.map((member) => member.id));
    const coChairs = (await this.repository.members(networkId))
      .map((entry) => entry.document)
      .filter((member) => !ids.has(member.id) && member.aadObjectId && personOf(member, member.aadObjectId, context).roles.has('coChair'))
      .flatMap((member) => recipientOf(member));
    if (coChairs.length === 0) return;
    const key = `member-bound:${via}:${bound[0]?.id ?? ''}:${bound[0]?.updatedAt ?? ''}:${bound.length}`;
    await this.notify(() => this.options.notifier.notifyPeople(networkId, key, coChairs, { kind: 'memberBound', via, members: bound, agencies: context.agencies }));
  }

  /**
   * The co-chairs are told, 1:1 through the outbox, when an ExCom agency loses its focal point or
   * its last confirmed representative (its voice then stays silent and a consensus cannot be
   * reached). After the answer, like every notice of a turn; two indexed queries (the agency's
   * representatives left, the co-chairs), never a read of every member. One message per change
   * (keyed by the member and the time of the change), so a retry or a second instance sends it once.
   */
  private announceExcomLoss(networkId: string, before: MemberDocument | undefined, after: MemberDocument): void {
    if (before?.status !== 'confirmed' || (before.agencyRole !== 'focalPoint' && before.agencyRole !== 'alternate')) return;
    const previousRole = before.agencyRole;
    this.afterTurn(async () => {
      const context = await this.roleContext(networkId);
      const reason = excomRepresentativeLoss(before, after, context.agencies.filter((agency) => agency.excom).map((agency) => agency.code));
      if (!reason) return;
      const remaining = (await this.repository.confirmedRepresentatives(networkId, [before.agencyCode], REPRESENTATIVES_COUNTED)).filter((entry) => entry.document.id !== after.id).length;
      if (previousRole === 'alternate' && remaining > 0) return;
      const coChairs = (await this.repository.confirmedRepresentatives(networkId, coChairAgencies(context), CO_CHAIRS_TOLD))
        .map((entry) => entry.document)
        .filter((member) => member.id !== after.id)
        .flatMap((member) => recipientOf(member));
      if (coChairs.length === 0) return;
      const agency = findAgency(context.agencies, before.agencyCode);
      await this.options.notifier.notifyPeople(networkId, `excom-representative-lost:${after.id}:${after.updatedAt}`, coChairs, { kind: 'representativeLost', member: after, previousRole, reason, agency, remaining });
    });
  }

  /**
   * One focal point per agency: once a new one is saved, the one who held the seat becomes an
   * alternate. Found by an indexed lookup of the agency's confirmed focal points (one or two
   * rows), not by reading every member; written from the version that lookup returned, read
   * again only after an ETag conflict. Nothing is read unless a focal point was just seated.
   */
  private async demotePreviousFocalPoint(networkId: string, incoming: MemberDocument, actor: string): Promise<void> {
    if (incoming.status !== 'confirmed' || incoming.agencyRole !== 'focalPoint') return;
    const seated = await this.repository.confirmedFocalPoints(networkId, incoming.agencyCode);
    const previous = previousFocalPoint(
      seated.map((entry) => entry.document),
      incoming,
    );
    if (!previous) return;
    let read = seated.find((entry) => entry.document.id === previous.id);
    await withConcurrencyRetry(async () => {
      const current = read ?? (await this.options.store.get<MemberDocument>(networkId, previous.id));
      read = undefined;
      if (!current || current.document.agencyRole !== 'focalPoint') return;
      const next: MemberDocument = { ...current.document, agencyRole: 'alternate', updatedAt: this.now().toISOString() };
      await this.saveMember(networkId, next, current.etag, actor, 'member.focalPointHandover', current.document);
    });
  }

  private async saveMember(
    networkId: string,
    next: MemberDocument,
    etag: string | undefined,
    actor: string,
    action: string,
    before: MemberDocument | undefined,
  ): Promise<MemberDocument> {
    return (await this.saveVersionedMember(networkId, next, etag, actor, action, before)).document;
  }

  private async saveVersionedMember(
    networkId: string,
    next: MemberDocument,
    etag: string | undefined,
    actor: string,
    action: string,
    before: MemberDocument | undefined,
  ): Promise<Versioned<MemberDocument>> {
    const subject = next.aadObjectId && next.id === memberDocumentId(next.aadObjectId) ? next.aadObjectId : undefined;
    let saved: Versioned<MemberDocument>;
    try {
      saved = await this.repository.save(next, etag);
    } catch (error) {
      // Someone wrote first: what this turn read of them is stale, the retry reads the store.
      if (subject && error instanceof StoreConflictError) this.memberKnown(networkId, subject, 'unknown');
      throw error;
    }
    if (subject) this.memberKnown(networkId, subject, saved);
    await this.repository.audit(networkId, { actor, action, subject: next.id, before: before ?? null, after: next }, this.now());
    return saved;
  }

  /**
   * The welcome (or "declined") notice of a decision, then its `noticeDue` mark cleared (from
   * the version the decision wrote; read again only after an ETag conflict). Queuing is
   * idempotent per message key and recipient, so the tick may send again what a crash left marked.
   */
  private async sendDecisionNotice(networkId: string, decided: Versioned<MemberDocument>): Promise<void> {
    const member = decided.document;
    const kind = member.status === 'confirmed' ? 'welcome' : member.endReason === 'declined' ? 'declined' : undefined;
    if (kind && member.decidedAt) {
      const agency = findAgency(await this.agencies(networkId), member.agencyCode);
      const key = `member:${member.aadObjectId}:${kind === 'welcome' ? 'confirm' : 'decline'}:${member.decidedAt}`;
      await this.options.notifier.notifyPeople(networkId, key, recipientOf(member), { kind, member, agency });
    }
    let read: Versioned<MemberDocument> | undefined = decided;
    await withConcurrencyRetry(async () => {
      const current = read ?? (member.aadObjectId ? await this.repository.getMember(networkId, member.aadObjectId) : undefined);
      read = undefined;
      if (!current?.document.noticeDue || current.document.decidedAt !== member.decidedAt) return;
      const { noticeDue: _queued, ...rest } = current.document;
      await this.repository.save<MemberDocument>(rest, current.etag);
    });
  }

  /** Notices of decisions a crash (or a failed queue) left marked: at most a batch per tick. */
  private async sendDueNotices(networkId: string): Promise<number> {
    const due = await this.repository.noticesDue(networkId);
    for (const decided of due) await this.notify(() => this.sendDecisionNotice(networkId, decided));
    return due.length;
  }

  /**
   * Runs `send` after the invoke has answered (the card refreshes' window: a burst of confirmations
   * is answered before their notices compete with it for the CPU), with the same error handling
   * as `notify`. Tracked for cardsIdle.
   */
  private afterTurn(send: () => Promise<void>): void {
    const task: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, CARD_REFRESH_WINDOW_MS))
      .then(() => this.notify(send))
      .finally(() => this.cardUpdates.delete(task));
    this.cardUpdates.add(task);
  }

  /** A notice that cannot be queued is logged; the change itself is saved and stands. */
  private async notify(send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.options.logger.error({ err: error }, 'membership notice could not be queued');
    }
  }
}

/** A key of the turn's memo: what, in which network, for whom (`''` for the network's documents). */
function turnKey(kind: 'member' | 'person' | 'directory' | 'rotation', networkId: string, id = ''): string {
  return `${kind}\u0000${networkId}\u0000${id}`;
}

export function confirmRequestKey(member: MemberDocument): string {
  return `member:${member.aadObjectId ?? member.id}:confirm-request:${Date.parse(member.joinedAt)}`;
}

// Enough to say how many alternates remain; the co-chairs are the focal points and alternates of three agencies.
const REPRESENTATIVES_COUNTED = 20;
const CO_CHAIRS_TOLD = 60;

function recipientOf(member: MemberDocument): NoticeRecipient[] {
  if (!member.aadObjectId || !member.tenantId) return [];
  return [{ aadObjectId: member.aadObjectId, tenantId: member.tenantId, name: member.name, language: member.language }];
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Spreadsheets in French locales save CSV with semicolons. */
function detectDelimiter(csv: string): string {
  const firstLine = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}
