/**
 * Membres / Members: the agency directory (ExCom, co-chair and secretariat flags, focal point,
 * alternates, members — each person under their organisation), the requests the reader may
 * decide (confirm, or decline after a confirmation dialog: the same service as the card), the
 * CSV export and an import previewed row by row before it is applied, the co-chair rotation,
 * the working groups and, for co-chairs and the secretariat, the audit trail. Everything is the
 * membership API's (src/network/membership-api.ts); a button is shown only when `/me` allows
 * it, and the server refuses it anyway.
 */
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import { ApiError } from './api';
import { auditDetail, type AuditWording } from './audit-detail';
import { agencyLabel, format, formatDate, saveFile, useTab } from './shared';
import type { TabStrings } from './strings';
import type { ImportReport } from '../../network/csv-rows';
import type { AuditEntryView, MemberListEntryView, MemberListReaderView, WorkingGroupView } from '../../network/member-views';
import type { AgencyRole, RotationDocument } from '../../network/model';

// The server's view models themselves (type-only imports: nothing of the server is bundled).
type Person = MemberListEntryView;
type MemberList = MemberListReaderView;
type Rotation = Pick<RotationDocument, 'order' | 'termMonths' | 'current'>;
type WorkingGroup = WorkingGroupView;
type AuditEntry = AuditEntryView;

/** A request the reader may decide: GET /my-work's `confirmMember` items (the same rule as the card's deciders). */
interface PendingRequest {
  readonly kind: string;
  readonly id: string;
  readonly title: string;
  readonly agencyCode?: string;
}
const AUDIT_LIMIT = 50;

export default function MembersPage() {
  const { api, t, me } = useTab();
  const allowed = (action: string) => me.allowed.includes(action);
  const [list, setList] = useState<MemberList>();
  const [rotation, setRotation] = useState<Rotation | null>();
  const [pending, setPending] = useState<readonly PendingRequest[]>([]);
  const [groups, setGroups] = useState<readonly WorkingGroup[]>();
  const [audit, setAudit] = useState<readonly AuditEntry[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const fail = useCallback((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError), [t]);

  const load = useCallback(() => {
    api.call<MemberList>('GET', '/members').then(setList, fail);
    api.call<{ rotation: Rotation | null }>('GET', '/directory').then((directory) => setRotation(directory.rotation), fail);
    api.call<{ workingGroups: WorkingGroup[] }>('GET', '/working-groups').then((answer) => setGroups(answer.workingGroups), fail);
    if (me.allowed.includes('confirmMember')) api.call<{ items: PendingRequest[] }>('GET', '/my-work').then((work) => setPending(work.items.filter((item) => item.kind === 'confirmMember')), fail);
    if (me.allowed.includes('viewAuditTrail')) api.call<{ entries: AuditEntry[] }>('GET', `/audit?limit=${AUDIT_LIMIT}`).then((answer) => setAudit(answer.entries), fail);
  }, [api, fail, me]);
  useEffect(load, [load]);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await run();
      setNotice(done);
      load();
    } catch (failure) {
      fail(failure);
    }
  };
  const exportCsv = async () => {
    try {
      const file = await api.download('/members/export');
      saveFile({ blob: file.blob, filename: file.filename === 'download' ? 'membres.csv' : file.filename });
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <section aria-labelledby="members-title">
      <div className="page-head">
        <Title2 as="h1" id="members-title">{t.mem_title}</Title2>
        {allowed('exportMembers') && <Button onClick={() => void exportCsv()}>{t.mem_export}</Button>}
      </div>
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}

      {allowed('confirmMember') && <PendingRequests pending={pending} act={act} />}
      {!list ? <Spinner label={t.loading} /> : <Directory list={list} />}
      {allowed('importMembers') && <CsvImport onApplied={(report) => { setNotice(counted(t.mem_applied, report)); load(); }} fail={fail} />}
      <RotationSection rotation={rotation} />
      <WorkingGroups groups={groups} />
      {allowed('viewAuditTrail') && <AuditTrail entries={audit} list={list} />}
    </section>
  );
}

const counted = (template: string, report: ImportReport) => format(template, { created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length });

/** A small scrolling table with its caption (aria-label) and column headers: the page has three. */
function SimpleTable({ label, columns, children }: { label: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <Table size="small" aria-label={label} className="wide-table">
        <TableHeader>
          <TableRow>
            {columns.map((column) => <TableHeaderCell key={column}>{column}</TableHeaderCell>)}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </div>
  );
}

function roleLabel(t: TabStrings, role: AgencyRole): string {
  return t[`mem_role_${role}`];
}

function PendingRequests({ pending, act }: { pending: readonly PendingRequest[]; act: (run: () => Promise<unknown>, done: string) => Promise<void> }) {
  const { api, t, language, agencies } = useTab();
  const decide = (request: PendingRequest, decision: 'confirm' | 'decline') =>
    act(() => api.call('POST', `/members/${encodeURIComponent(request.id)}/${decision}`, request.agencyCode ? { agencyCode: request.agencyCode } : {}), format(decision === 'confirm' ? t.mem_confirmed : t.mem_declined, { name: request.title }));
  return (
    <section aria-labelledby="members-pending" data-testid="members-pending">
      <Title3 as="h2" id="members-pending">{t.mem_pending}</Title3>
      {pending.length === 0 ? (
        <p className="muted">{t.mem_pendingNone}</p>
      ) : (
        <ul className="work-list">
          {pending.map((request) => (
            <li key={request.id} className="work-item">
              <div className="work-text">
                <strong>{request.title}</strong>
                {request.agencyCode && <div className="muted">{format(t.agencyOf, { agency: agencyLabel(agencies, request.agencyCode, language) })}</div>}
              </div>
              <div className="work-actions">
                <Button appearance="primary" onClick={() => void decide(request, 'confirm')}>{t.mem_confirm}</Button>
                <Dialog modalType="alert">
                  <DialogTrigger disableButtonEnhancement>
                    <Button>{t.mem_decline}</Button>
                  </DialogTrigger>
                  <DialogSurface>
                    <DialogBody>
                      <DialogTitle>{format(t.mem_declineTitle, { name: request.title })}</DialogTitle>
                      <DialogContent>{format(t.mem_declineBody, { name: request.title })}</DialogContent>
                      <DialogActions>
                        <DialogTrigger disableButtonEnhancement>
                          <Button appearance="secondary">{t.mem_keep}</Button>
                        </DialogTrigger>
                        <DialogTrigger disableButtonEnhancement>
                          <Button appearance="primary" onClick={() => void decide(request, 'decline')}>{t.mem_declineConfirm}</Button>
                        </DialogTrigger>
                      </DialogActions>
                    </DialogBody>
                  </DialogSurface>
                </Dialog>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PersonLine({ person }: { person: Person }) {
  return (
    <span className="person">
      {person.name}
      {' — '}
      <OrganisationOf person={person} />
      {person.email && <span className="muted"> · <a href={`mailto:${person.email}`}>{person.email}</a></span>}
    </span>
  );
}

/** Who the person signs in as (src/network/organisation-rules.ts): their agency, or another organisation, external. */
function OrganisationOf({ person }: { person: Person }) {
  const { t, language, agencies } = useTab();
  const organisation = person.organisation;
  if (organisation.kind === 'agency') return <span data-testid="organisation">{agencyLabel(agencies, organisation.agencyCode, language)}</span>;
  return (
    <span data-testid="organisation">
      {t.mem_orgOther}
      {organisation.external && <> <Badge appearance="tint" color="warning">{t.mem_orgExternal}</Badge></>}
      {organisation.tenantId && <span className="muted"> ({format(t.mem_orgTenant, { tenant: organisation.tenantId })})</span>}
    </span>
  );
}

function People({ people }: { people: readonly Person[] }) {
  const { t } = useTab();
  if (people.length === 0) return <span className="muted">{t.mem_none}</span>;
  return people.map((person) => <div key={person.id ?? person.name}><PersonLine person={person} /></div>);
}

function Directory({ list }: { list: MemberList }) {
  const { t, language } = useTab();
  return (
    <section aria-labelledby="members-directory">
      <Title3 as="h2" id="members-directory">{t.mem_directory}</Title3>
      <p className="muted">{format(t.mem_directoryHelp, { confirmed: list.confirmedCount, agencies: list.agencies.length, pending: list.pendingCount })}</p>
      <SimpleTable label={t.mem_directory} columns={[t.mem_colAgency, t.mem_focalPoint, t.mem_alternates, t.mem_members]}>
        {list.agencies.map((agency) => (
          <TableRow key={agency.code}>
            <TableCell>
              <strong>{agencyLabel(list.agencies, agency.code, language)}</strong>
              <div className="badges">
                {agency.excom && <Badge appearance="tint" color="brand">{t.mem_excom}</Badge>}
                {agency.coChair && <Badge appearance="tint" color="success">{t.mem_coChair}</Badge>}
                {agency.secretariat && <Badge appearance="tint" color="informative">{t.mem_secretariat}</Badge>}
              </div>
            </TableCell>
            <TableCell>{agency.focalPoint ? <PersonLine person={agency.focalPoint} /> : <span className="muted">{t.mem_noFocalPoint}</span>}</TableCell>
            <TableCell><People people={agency.alternates} /></TableCell>
            <TableCell><People people={agency.members} /></TableCell>
          </TableRow>
        ))}
      </SimpleTable>
    </section>
  );
}

function CsvImport({ onApplied, fail }: { onApplied: (report: ImportReport) => void; fail: (failure: unknown) => void }) {
  const { api, t, language, agencies } = useTab();
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<ImportReport>();
  const [busy, setBusy] = useState(false);
  const run = async (path: '/members/import/preview' | '/members/import') => {
    setBusy(true);
    try {
      const report = await api.call<ImportReport>('POST', path, { csv });
      if (path === '/members/import') {
        setPreview(undefined);
        setCsv('');
        onApplied(report);
      } else {
        setPreview(report);
      }
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };
  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      setCsv(text);
      setPreview(undefined);
    });
  };
  const agency = (code: string) => agencyLabel(agencies, code, language);
  return (
    <section aria-labelledby="members-import">
      <Title3 as="h2" id="members-import">{t.mem_import}</Title3>
      <p className="muted">{t.mem_importHelp}</p>
      <div className="form">
        <Field label={t.mem_importFile}>
          {/* A native file input: Fluent's Field labels its own controls only, so it is named here. */}
          <input type="file" accept=".csv,text/csv" name="importFile" aria-label={t.mem_importFile} onChange={readFile} />
        </Field>
        <Field label={t.mem_importText}>
          <Textarea name="importCsv" value={csv} resize="vertical" rows={4} onChange={(_e, data) => { setCsv(data.value); setPreview(undefined); }} />
        </Field>
        <Button disabled={busy || csv.trim() === ''} onClick={() => void run('/members/import/preview')}>{t.mem_preview}</Button>
      </div>
      {preview && (
        <section aria-labelledby="members-preview" data-testid="import-preview">
          <Subtitle1 as="h3" id="members-preview">{t.mem_previewTitle}</Subtitle1>
          <p>{counted(t.mem_previewCounts, preview)}</p>
          {preview.changes.length > 0 && (
            <SimpleTable label={t.mem_previewTitle} columns={[t.mem_colLine, t.mem_colChange, t.mem_colPerson, t.mem_colAgency, t.mem_colRole]}>
            {preview.changes.map((change) => (
              <TableRow key={change.line}>
                <TableCell>{change.line}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={change.kind === 'create' ? 'success' : change.kind === 'update' ? 'warning' : 'subtle'}>{t[`mem_change_${change.kind}`]}</Badge>
                </TableCell>
                <TableCell>{change.name}{change.before && change.before.name !== change.name && <div className="muted">{format(t.mem_was, { before: change.before.name })}</div>}</TableCell>
                <TableCell>{agency(change.agencyCode)}{change.before && change.before.agencyCode !== change.agencyCode && <div className="muted">{format(t.mem_was, { before: agency(change.before.agencyCode) })}</div>}</TableCell>
                <TableCell>{roleLabel(t, change.agencyRole)}{change.before && change.before.agencyRole !== change.agencyRole && <div className="muted">{format(t.mem_was, { before: roleLabel(t, change.before.agencyRole) })}</div>}</TableCell>
              </TableRow>
            ))}
            </SimpleTable>
          )}
          {preview.rejected.length > 0 && (
            <>
              <p><strong>{t.mem_rejectedRows}</strong></p>
              <ul data-testid="import-rejected">
                {preview.rejected.map((row) => (
                  <li key={row.line}>{format(t.mem_rejectedRow, { line: row.line, reason: `${rejectionLabel(t, row.rejection)}${row.value ? ` (${row.value})` : ''}` })}</li>
                ))}
              </ul>
            </>
          )}
          <div className="actions">
            <Button appearance="primary" disabled={busy || preview.created + preview.updated === 0} onClick={() => void run('/members/import')}>{t.mem_apply}</Button>
            <Button onClick={() => setPreview(undefined)}>{t.mem_cancelImport}</Button>
          </div>
        </section>
      )}
    </section>
  );
}

function rejectionLabel(t: TabStrings, rejection: string | undefined): string {
  const key = `mem_reject_${rejection ?? ''}`;
  return key in t ? t[key as keyof TabStrings] : (rejection ?? '');
}

function RotationSection({ rotation }: { rotation: Rotation | null | undefined }) {
  const { t, language, agencies } = useTab();
  if (rotation === undefined) return null;
  const agency = (code: string) => agencyLabel(agencies, code, language);
  const next = rotation ? rotation.order[(rotation.order.indexOf(rotation.current.agencyCode) + 1) % rotation.order.length] : undefined;
  return (
    <section aria-labelledby="members-rotation" data-testid="members-rotation">
      <Title3 as="h2" id="members-rotation">{t.mem_rotation}</Title3>
      {!rotation ? (
        <p className="muted">{t.mem_rotationNone}</p>
      ) : (
        <>
          <p>{format(t.mem_rotationCurrent, { agency: agency(rotation.current.agencyCode), start: formatDate(rotation.current.start, language), end: formatDate(rotation.current.end, language) })}</p>
          {next && <p>{format(t.mem_rotationNext, { date: formatDate(rotation.current.end, language), agency: agency(next) })}</p>}
          <p className="muted">{format(t.mem_rotationOrder, { order: rotation.order.join(' → '), months: rotation.termMonths })}</p>
        </>
      )}
    </section>
  );
}

function WorkingGroups({ groups }: { groups: readonly WorkingGroup[] | undefined }) {
  const { t, language } = useTab();
  return (
    <section aria-labelledby="members-groups">
      <Title3 as="h2" id="members-groups">{t.mem_workingGroups}</Title3>
      {!groups ? (
        <Spinner label={t.loading} />
      ) : groups.length === 0 ? (
        <p className="muted">{t.mem_workingGroupsNone}</p>
      ) : (
        <ul className="updates">
          {groups.map((group) => (
            <li key={group.groupId} className="update" aria-labelledby={`wg-${group.groupId}`}>
              <Subtitle1 as="h3" id={`wg-${group.groupId}`} className="update-title">
                {group.name} {group.status === 'closed' && <Badge appearance="tint" color="subtle">{t.mem_groupClosed}</Badge>}
              </Subtitle1>
              <p className="decision-text">{group.objective}</p>
              {group.chairName && <div>{format(t.mem_chair, { name: group.chairName })}</div>}
              {group.coChairName && <div>{format(t.mem_coChairOf, { name: group.coChairName })}</div>}
              <div className="muted">{format(t.mem_reviewDate, { date: formatDate(`${group.reviewDate}T12:00:00Z`, language) })}</div>
              <div>
                <strong>{format(t.mem_groupMembers, { count: group.memberCount })}</strong>
                {group.members && group.members.length > 0 && <span>{` ${group.members.map((member) => `${member.name} (${member.agencyCode})`).join(', ')}`}</span>}
              </div>
              {group.externalPartners.length > 0 && (
                <div>
                  <strong>{t.mem_partners}</strong>
                  {` ${group.externalPartners.map((partner) => `${partner.name} (${partner.organisation})`).join(', ')}`}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AuditTrail({ entries, list }: { entries: readonly AuditEntry[] | undefined; list: MemberList | undefined }) {
  const { t, language } = useTab();
  // Who is who: the member list gives names by member id to those who read the trail; people
  // no longer in it (declined, left) are named by the entries about them.
  const names = new Map<string, string>();
  for (const entry of entries ?? []) {
    const named = [entry.after, entry.before].map((side) => (typeof side === 'object' && side !== null ? (side as { name?: unknown }).name : undefined)).find((name) => typeof name === 'string');
    if (entry.subject.startsWith('member:') && typeof named === 'string') names.set(entry.subject, named);
  }
  for (const agency of list?.agencies ?? []) {
    for (const person of [...(agency.focalPoint ? [agency.focalPoint] : []), ...agency.alternates, ...agency.members]) if (person.id) names.set(person.id, person.name);
  }
  const who = (actor: string) => (actor === 'system' || actor === 'scheduler' ? t.mem_system : (names.get(`member:${actor}`) ?? actor));
  const subject = (id: string) => names.get(id) ?? id;
  const wording: AuditWording = {
    t,
    language,
    formatInstant: (iso) => (iso.length === 10 ? formatDate(`${iso}T12:00:00Z`, language) : new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso))),
    agencyName: (code) => agencyLabel(list?.agencies ?? [], code, language),
  };
  const action = (code: string) => {
    const key = `mem_act_${code.replace(/\./g, '_')}`;
    return key in t ? t[key as keyof TabStrings] : code;
  };
  return (
    <section aria-labelledby="members-audit">
      <Title3 as="h2" id="members-audit">{t.mem_audit}</Title3>
      <p className="muted">{t.mem_auditHelp}</p>
      {!entries ? (
        <Spinner label={t.loading} />
      ) : entries.length === 0 ? (
        <p className="muted">{t.mem_auditNone}</p>
      ) : (
        <SimpleTable label={t.mem_audit} columns={[t.mem_colWhen, t.mem_colWho, t.mem_colWhat, t.mem_colDetail]}>
          {entries.map((entry, index) => (
            <TableRow key={`${entry.at}:${index}`}>
              <TableCell>{new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(entry.at))}</TableCell>
              <TableCell>{who(entry.actor)}</TableCell>
              <TableCell>
                {action(entry.action)}
                <div className="muted">{subject(entry.subject)}</div>
              </TableCell>
              <TableCell className="audit-detail">{auditDetail(entry.before, entry.after, wording) || (entry.before === null ? t.mem_created : '—')}</TableCell>
            </TableRow>
          ))}
        </SimpleTable>
      )}
    </section>
  );
}
