/** The reader's view of a joint statement (src/statements/statement-views.ts). */
import assert from 'node:assert/strict';
import type { NetworkRole } from '../../../src/network/roles';
import type { StatementDocument } from '../../../src/statements/model';
import { statementReaderView, statementView } from '../../../src/statements/statement-views';

const who = (n: number, name: string) => ({ aadObjectId: `00000000-0000-4000-8000-00000000000${n}`, name });
const reader = (roles: NetworkRole[]) => ({ aadObjectId: 'reader', agencyCode: 'WFP', roles: new Set(roles) });
const PENDING = reader(['pending']);
const MEMBER = reader(['member']);

const statement = (overrides: Partial<StatementDocument> = {}): StatementDocument => ({
  id: 'statement:s1',
  networkId: 'gn',
  type: 'statement',
  statementId: 's1',
  title: 'Journée internationale des migrants',
  purpose: 'Message commun',
  gcmObjectives: [17],
  requestedBy: { ...who(1, 'Ibrahima Sylla'), agencyCode: 'WFP' },
  requestedAt: '2026-03-01T09:00:00.000Z',
  draftingAgency: 'UNHCR',
  status: 'delivered',
  versions: [
    { number: 1, text: { fr: 'Premier jet confidentiel' }, createdBy: who(2, 'Jane Smith'), createdAt: '2026-03-02T09:00:00.000Z' },
    { number: 2, text: { fr: 'Texte final' }, createdBy: who(2, 'Jane Smith'), createdAt: '2026-03-03T09:00:00.000Z', changes: { added: 1, removed: 1, passages: [] } as never },
  ],
  clearance: { version: 2, submittedAt: '2026-03-03T10:00:00.000Z', submittedBy: who(3, 'Coordonnatrice'), deadline: '2026-03-06T10:00:00.000Z', reminderOffsetsMinutes: [1440], remindersSent: [], excomAgencies: ['IOM', 'UNHCR'] },
  delivered: {
    at: '2026-03-05T09:00:00.000Z',
    by: who(3, 'Coordonnatrice'),
    version: 2,
    approvals: [
      { agencyCode: 'IOM', by: who(4, 'Suppléant OIM'), at: '2026-03-04T09:00:00.000Z' },
      { agencyCode: 'UNHCR', by: who(2, 'Jane Smith'), at: '2026-03-04T10:00:00.000Z' },
    ],
  },
  dueAt: '2026-03-05T10:00:00.000Z',
  ...overrides,
});

describe('statement views', () => {
  it('a pending reader: the statement, its clearance by agency and the delivered text — no name, no draft, no stored field', () => {
    const voices = [{ agencyCode: 'IOM', position: 'approve' as const, at: '2026-03-04T09:00:00.000Z', by: 'Suppléant OIM' }];
    const view = statementReaderView(statement(), { version: 2, validated: true, approved: ['IOM', 'UNHCR'], changesRequested: [], pending: [], voices }, PENDING);
    const json = JSON.stringify(view);
    for (const trace of ['Ibrahima Sylla', 'Jane Smith', 'Coordonnatrice', 'Suppléant OIM', '00000000-0000-4000', 'Premier jet confidentiel', '"etag"', '"networkId"', '"type"', '"dueAt"', 'remindersSent', 'statement:s1']) {
      assert.ok(!json.includes(trace), `pending reads ${trace}`);
    }
    assert.deepEqual(view.statement.versions.map((version) => version.text.fr), ['Texte final']);
    assert.deepEqual(view.statement.delivered?.approvals.map((approval) => approval.agencyCode), ['IOM', 'UNHCR']);
    assert.deepEqual(view.statement.requestedBy, { agencyCode: 'WFP' });
    assert.equal(view.clearance?.validated, true);
    assert.deepEqual(view.clearance?.voices, [{ agencyCode: 'IOM', position: 'approve', at: '2026-03-04T09:00:00.000Z' }]);
    assert.equal(view.comparison, undefined, 'no draft to compare');
    assert.deepEqual(view.rights, { draft: false, nameDrafter: false, clear: false, deliver: false });
  });

  it('before delivery a pending reader reads no draft at all', () => {
    const inClearance = statementView(statement({ status: 'clearance', delivered: undefined }), PENDING);
    assert.deepEqual(inClearance.versions, []);
    assert.equal(inClearance.latestVersion, 2);
  });

  it('a confirmed member reads every version and who wrote, cleared and delivered — never object ids', () => {
    const view = statementView(statement(), MEMBER);
    assert.deepEqual(view.versions.map((version) => [version.number, version.createdBy]), [
      [1, 'Jane Smith'],
      [2, 'Jane Smith'],
    ]);
    assert.equal(view.delivered?.approvals.find((approval) => approval.agencyCode === 'IOM')?.by?.name, 'Suppléant OIM');
    assert.equal(view.delivered?.by?.name, 'Coordonnatrice');
    assert.ok(!JSON.stringify(view).includes('00000000-0000-4000'));
  });
});
