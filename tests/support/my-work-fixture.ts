/**
 * A network with something waiting for each role (the browser fixture's network, plus): an
 * ExCom focal point (UNHCR), a person pending in UNHCR, someone who never joined, and one of
 * each open item — a poll to every member, a decision in its ExCom phase, a statement in
 * clearance, a convocation to every member — with history that is closed (a closed decision, a
 * closed poll) which My work must never read.
 */
import { NETWORK, startNetwork, type NetworkUnderTest } from '../browser/network-fixture';
import { TEST_TENANT_ID, teamsUser, type TeamsUser } from './teams-activities';

export interface MyWorkNetwork extends NetworkUnderTest {
  readonly fatou: TeamsUser;
  readonly pending: TeamsUser;
  readonly stranger: TeamsUser;
  readonly pollId: string;
  readonly decisionId: string;
  readonly statementId: string;
  readonly meetingId: string;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export async function startMyWorkNetwork(env: Readonly<Record<string, string>> = {}): Promise<MyWorkNetwork> {
  const net = await startNetwork(env);
  const { reseau } = net.app;
  const rc = { aadObjectId: net.rc.aadObjectId, name: net.rc.name };
  const fatou = teamsUser({ name: 'Fatou Bangoura' });
  await reseau.membership.requestToJoin(NETWORK, { aadObjectId: fatou.aadObjectId, tenantId: TEST_TENANT_ID, name: fatou.name, language: 'fr' }, 'UNHCR', 'focalPoint');
  await reseau.membership.confirm(NETWORK, net.rc.aadObjectId, fatou.aadObjectId, 'UNHCR');
  const pending = teamsUser({ name: 'Mariama Touré' });
  await reseau.membership.requestToJoin(NETWORK, { aadObjectId: pending.aadObjectId, tenantId: TEST_TENANT_ID, name: pending.name, language: 'fr' }, 'UNHCR', 'member');
  const stranger = teamsUser({ name: 'Inconnu' });

  const poll = await reseau.decisions.createPoll(NETWORK, rc, { question: 'Date de l’atelier PMM ?', kind: 'single', options: ['Juin', 'Juillet'], anonymous: false, deadline: inDays(5) });
  const decision = await reseau.decisions.createDecision(NETWORK, rc, { title: 'Adopter le plan de travail 2027', text: { fr: 'Proposition.' }, mode: 'consensus', deadline: inDays(7) });
  const statement = await reseau.statements.request(NETWORK, rc, { title: 'Journée internationale des migrants' });
  await reseau.statements.addVersion(NETWORK, statement.statementId, rc, { fr: 'Le Réseau salue…' });
  await reseau.statements.submit(NETWORK, statement.statementId, rc, { deadline: inDays(4) });
  const meeting = await reseau.meetings.convene(NETWORK, net.rc.aadObjectId, {
    kind: 'regular',
    title: 'Réunion ordinaire de juin',
    start: inDays(10),
    end: new Date(Date.parse(inDays(10)) + 2 * 3_600_000).toISOString(),
    timeZone: 'Africa/Conakry',
    location: { kind: 'iomOffice' },
    agenda: [{ title: 'Plan de travail' }],
    documents: [],
    invitees: { kind: 'all' },
    externalGuests: [],
  });
  // History My work must not read: a closed decision and a closed poll.
  const old = await reseau.decisions.createDecision(NETWORK, rc, { title: 'Ancienne décision', text: { fr: '…' }, mode: 'silenceProcedure', deadline: inDays(1) });
  await reseau.decisions.closeEarly(NETWORK, old.decisionId, net.rc.aadObjectId);
  return { ...net, fatou, pending, stranger, pollId: poll.pollId, decisionId: decision.decisionId, statementId: statement.statementId, meetingId: meeting.meetingId };
}

/** Registers the suite's hooks: one such network for the whole suite, stopped after it. */
export function withMyWorkNetwork(receive: (net: MyWorkNetwork) => void): void {
  let started: MyWorkNetwork | undefined;
  before(async () => {
    started = await startMyWorkNetwork();
    receive(started);
  });
  after(async () => {
    await started?.app.stop();
  });
}
