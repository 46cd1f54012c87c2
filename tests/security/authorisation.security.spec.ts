/**
 * Authorisation, from outside: every state-changing action, over the tab API and over the bot,
 * tried by every role that must not do it (pending, plain member, another agency's focal point,
 * a non-ExCom agency's representative, the secretariat where the permissions table says no, a
 * stranger). Each is refused with the status, code and message the person would read, in
 * French or English, and leaves the store exactly as it was, with nothing sent.
 */
import assert from 'node:assert/strict';
import {
  NETWORK,
  assertApiRefused,
  assertCardRefused,
  convocation,
  createFixtures,
  startSecurityNetwork,
  type Fixtures,
  type Person,
  type SecurityNetwork,
} from './support/network';

type Role = 'pending' | 'member' | 'wfpFocal' | 'undpMember' | 'secretariat' | 'stranger' | 'iomRep' | 'ohchrRep' | 'unhcrRep';

const ROLE_NAMES: Record<Role, string> = {
  pending: 'a pending person',
  member: 'a plain member',
  wfpFocal: 'another agency’s focal point (WFP, not ExCom)',
  undpMember: 'a plain member of an ExCom agency',
  secretariat: 'the secretariat',
  stranger: 'a stranger',
  iomRep: 'IOM’s ExCom focal point (a co-chair)',
  ohchrRep: 'OHCHR’s ExCom focal point (not a co-chair)',
  unhcrRep: 'UNHCR’s ExCom focal point (not a co-chair)',
};

/** Role refusals a feature may answer with: all are 403 and say nothing changed. */
const DENIED = ['forbidden', 'notAMember', 'otherAgency', 'notExcom', 'ownMembership', 'notInvited'] as const;

interface ApiCase {
  readonly role: Role;
  readonly action: string;
  readonly method: 'POST' | 'PUT';
  readonly path: (f: Fixtures, net: SecurityNetwork) => string;
  readonly body: (f: Fixtures, net: SecurityNetwork, directory: unknown) => unknown;
  readonly codes?: readonly string[];
}

interface BotCase {
  readonly role: Role;
  readonly action: string;
  readonly verb: string;
  readonly data: (f: Fixtures, net: SecurityNetwork) => Record<string, unknown>;
  readonly codes?: readonly string[];
  /** Click in the channel rather than the person's 1:1 chat. */
  readonly inChannel?: boolean;
}

const member = (net: SecurityNetwork, who: Person) => `member:${who.user.aadObjectId}`;
const csv = 'agency,name,email,role\nWFP,Aminata Diallo,a.diallo@wfp.org,member\n';
const workingGroup = (net: SecurityNetwork) => ({
  name: 'Groupe retour et réintégration',
  objective: 'Coordonner l’appui à la réintégration',
  memberIds: [net.reps.IOM.user.aadObjectId, net.member.user.aadObjectId],
  externalPartners: [],
  chairId: net.reps.IOM.user.aadObjectId,
  reviewDate: '2026-09-01',
});
const newDeadline = () => '2026-03-20T17:00:00.000Z';

const API_CASES: readonly ApiCase[] = [
  // membership
  ...(['member', 'pending', 'wfpFocal', 'stranger'] as const).map((role): ApiCase => ({ role, action: 'edit the directory', method: 'PUT', path: () => '/directory', body: (_f, _n, directory) => ({ agencies: directory }) })),
  { role: 'member', action: 'change the co-chair rotation', method: 'PUT', path: () => '/rotation', body: () => ({ order: ['WFP', 'FAO'], termMonths: 6 }) },
  { role: 'wfpFocal', action: 'import members from CSV', method: 'POST', path: () => '/members/import', body: () => ({ csv }) },
  { role: 'wfpFocal', action: 'preview a CSV import of members', method: 'POST', path: () => '/members/import/preview', body: () => ({ csv }) },
  { role: 'member', action: 'send the member list', method: 'POST', path: () => '/members/send', body: () => ({}) },
  { role: 'member', action: 'change another member', method: 'PUT', path: (_f, net) => `/members/${member(net, net.pending)}`, body: () => ({ agencyRole: 'member' }) },
  { role: 'wfpFocal', action: 'confirm another agency’s pending member', method: 'POST', path: (_f, net) => `/members/${member(net, net.pending)}/confirm`, body: () => ({}), codes: ['otherAgency', 'forbidden'] },
  { role: 'pending', action: 'confirm their own membership', method: 'POST', path: (_f, net) => `/members/${member(net, net.pending)}/confirm`, body: () => ({}), codes: ['ownMembership', 'forbidden', 'notAMember'] },
  { role: 'undpMember', action: 'decline a pending member', method: 'POST', path: (_f, net) => `/members/${member(net, net.pending)}/decline`, body: () => ({}) },
  { role: 'member', action: 'create a working group', method: 'POST', path: () => '/working-groups', body: (_f, net) => workingGroup(net) },
  { role: 'secretariat', action: 'create a working group (ExCom and co-chairs only)', method: 'POST', path: () => '/working-groups', body: (_f, net) => workingGroup(net) },
  // meetings
  { role: 'member', action: 'convene a meeting', method: 'POST', path: () => '/meetings', body: () => convocation({ title: 'Convocation forgée' }) },
  { role: 'secretariat', action: 'convene a meeting (co-chairs convene; the secretariat prepares)', method: 'POST', path: () => '/meetings', body: () => convocation({ title: 'Convocation forgée' }) },
  { role: 'ohchrRep', action: 'convene a meeting (ExCom is not a co-chair)', method: 'POST', path: () => '/meetings', body: () => convocation({ title: 'Convocation forgée' }) },
  { role: 'pending', action: 'convene a meeting', method: 'POST', path: () => '/meetings', body: () => convocation({ title: 'Convocation forgée' }) },
  { role: 'member', action: 'edit a meeting', method: 'PUT', path: (f) => `/meetings/${f.meetingId}`, body: () => convocation({ title: 'Titre modifié' }) },
  { role: 'pending', action: 'cancel a meeting', method: 'POST', path: (f) => `/meetings/${f.meetingId}/cancel`, body: () => ({}) },
  { role: 'member', action: 'cancel a meeting', method: 'POST', path: (f) => `/meetings/${f.meetingId}/cancel`, body: () => ({}) },
  { role: 'member', action: 'remind a meeting’s invitees', method: 'POST', path: (f) => `/meetings/${f.meetingId}/remind`, body: () => ({}) },
  { role: 'member', action: 'record minutes', method: 'POST', path: (f) => `/meetings/${f.meetingId}/minutes`, body: () => ({ text: 'Minutes forgées', attendance: ['WFP'] }) },
  // decisions and polls
  { role: 'member', action: 'create an ExCom decision', method: 'POST', path: () => '/decisions', body: () => ({ title: 'Décision forgée', text: { fr: 'x' }, mode: 'silenceProcedure', deadline: newDeadline() }) },
  { role: 'secretariat', action: 'create an ExCom decision (co-chairs only)', method: 'POST', path: () => '/decisions', body: () => ({ title: 'Décision forgée', text: { fr: 'x' }, mode: 'silenceProcedure', deadline: newDeadline() }) },
  { role: 'ohchrRep', action: 'create an ExCom decision (co-chairs only)', method: 'POST', path: () => '/decisions', body: () => ({ title: 'Décision forgée', text: { fr: 'x' }, mode: 'silenceProcedure', deadline: newDeadline() }) },
  { role: 'member', action: 'close a decision', method: 'POST', path: (f) => `/decisions/${f.decisionId}/close`, body: () => ({}) },
  { role: 'secretariat', action: 'close a decision', method: 'POST', path: (f) => `/decisions/${f.decisionId}/close`, body: () => ({}) },
  { role: 'unhcrRep', action: 'close a decision', method: 'POST', path: (f) => `/decisions/${f.decisionId}/close`, body: () => ({}) },
  { role: 'secretariat', action: 'extend a decision', method: 'POST', path: (f) => `/decisions/${f.decisionId}/extend`, body: () => ({ deadline: newDeadline() }) },
  // the tab's one-click answers (My work, the decision's page)
  { role: 'member', action: 'cast an agency’s ExCom position from the tab', method: 'POST', path: (f) => `/decisions/${f.decisionId}/position`, body: () => ({ position: 'agree' }) },
  { role: 'secretariat', action: 'cast an agency’s ExCom position from the tab', method: 'POST', path: (f) => `/decisions/${f.decisionId}/position`, body: () => ({ position: 'object', comment: 'Objection forgée' }) },
  { role: 'pending', action: 'cast an agency’s ExCom position from the tab', method: 'POST', path: (f) => `/decisions/${f.decisionId}/position`, body: () => ({ position: 'agree' }) },
  { role: 'pending', action: 'answer a convocation from the tab', method: 'POST', path: (f) => `/meetings/${f.meetingId}/rsvp`, body: () => ({ response: 'inPerson' }) },
  { role: 'stranger', action: 'answer a convocation from the tab', method: 'POST', path: (f) => `/meetings/${f.meetingId}/rsvp`, body: () => ({ response: 'online' }) },
  { role: 'pending', action: 'create a poll', method: 'POST', path: () => '/polls', body: () => ({ question: 'Sondage forgé ?', kind: 'single', options: ['A', 'B'], deadline: newDeadline() }) },
  { role: 'stranger', action: 'create a poll', method: 'POST', path: () => '/polls', body: () => ({ question: 'Sondage forgé ?', kind: 'single', options: ['A', 'B'], deadline: newDeadline() }) },
  // the Polls page's answer and the meeting page's delegation (issue 16)
  { role: 'pending', action: 'answer a poll from the tab', method: 'POST', path: (f) => `/polls/${f.pollId}/answer`, body: () => ({ choices: ['o1'] }) },
  { role: 'stranger', action: 'answer a poll from the tab', method: 'POST', path: (f) => `/polls/${f.pollId}/answer`, body: () => ({ choices: ['o1'] }) },
  { role: 'pending', action: 'delegate a convocation from the tab', method: 'POST', path: (f) => `/meetings/${f.meetingId}/rsvp`, body: (_f, net) => ({ response: 'delegated', delegateId: net.member.user.aadObjectId }) },
  { role: 'stranger', action: 'delegate a convocation from the tab', method: 'POST', path: (f) => `/meetings/${f.meetingId}/rsvp`, body: (_f, net) => ({ response: 'delegated', delegateId: net.member.user.aadObjectId }) },
  // joint statements
  { role: 'pending', action: 'request a joint statement', method: 'POST', path: () => '/statements', body: () => ({ title: 'Déclaration forgée' }) },
  { role: 'stranger', action: 'request a joint statement', method: 'POST', path: () => '/statements', body: () => ({ title: 'Déclaration forgée' }) },
  { role: 'member', action: 'name the drafting agency', method: 'POST', path: (f) => `/statements/${f.requestedStatementId}/drafting-agency`, body: () => ({ agencyCode: 'WFP' }) },
  { role: 'secretariat', action: 'name the drafting agency (co-chairs only)', method: 'POST', path: (f) => `/statements/${f.requestedStatementId}/drafting-agency`, body: () => ({ agencyCode: 'WFP' }) },
  { role: 'wfpFocal', action: 'draft a statement their agency was not named for', method: 'POST', path: (f) => `/statements/${f.requestedStatementId}/versions`, body: () => ({ text: { fr: 'Texte forgé' } }) },
  { role: 'member', action: 'submit a statement for clearance', method: 'POST', path: (f) => `/statements/${f.statementId}/submit`, body: () => ({ version: 1 }) },
  { role: 'ohchrRep', action: 'deliver a joint statement', method: 'POST', path: (f) => `/statements/${f.statementId}/deliver`, body: () => ({}) },
  { role: 'secretariat', action: 'deliver a joint statement (co-chairs only)', method: 'POST', path: (f) => `/statements/${f.statementId}/deliver`, body: () => ({}) },
  // the network's settings (where channel posts go): co-chairs only
  ...(['member', 'secretariat', 'ohchrRep', 'pending'] as const).map((role): ApiCase => ({ role, action: 'choose the network’s ExCom and general channels', method: 'PUT', path: () => '/settings', body: () => ({ excomChannelId: null, generalChannelId: null }) })),
  // updates
  { role: 'pending', action: 'share a migration update', method: 'POST', path: () => '/updates', body: () => ({ title: 'Actualité forgée', kind: 'news', agencyCode: 'UNICEF', objectives: [1] }), codes: ['forbidden', 'notAMember'] },
  { role: 'stranger', action: 'share a migration update', method: 'POST', path: () => '/updates', body: () => ({ title: 'Actualité forgée', kind: 'news', agencyCode: 'WFP', objectives: [1] }), codes: ['forbidden', 'notAMember'] },
];

const BOT_CASES: readonly BotCase[] = [
  // membership
  { role: 'member', action: 'confirm a pending member', verb: 'network.member.confirm', data: (_f, net) => ({ networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }) },
  { role: 'wfpFocal', action: 'confirm another agency’s pending member', verb: 'network.member.confirm', data: (_f, net) => ({ networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }), codes: ['otherAgency', 'forbidden'] },
  { role: 'pending', action: 'confirm their own membership', verb: 'network.member.confirm', data: (_f, net) => ({ networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }), codes: ['ownMembership', 'forbidden', 'notAMember'] },
  { role: 'stranger', action: 'confirm a pending member', verb: 'network.member.confirm', data: (_f, net) => ({ networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }) },
  { role: 'undpMember', action: 'decline a pending member', verb: 'network.member.decline', data: (_f, net) => ({ networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' }) },
  { role: 'member', action: 'send the member list', verb: 'network.memberList.send', data: () => ({ networkId: NETWORK }) },
  { role: 'pending', action: 'send the member list', verb: 'network.memberList.send', data: () => ({ networkId: NETWORK }) },
  { role: 'wfpFocal', action: 'make another member leave (a leave card naming someone else)', verb: 'network.member.leave', data: (_f, net) => ({ networkId: NETWORK, memberId: net.member.user.aadObjectId }), codes: ['ownMembership', 'forbidden'] },
  // decisions
  { role: 'member', action: 'create a decision from the chat form', verb: 'decision.create', data: () => ({ networkId: NETWORK, title: 'Décision forgée', textFr: 'x', mode: 'silenceProcedure', deadlineDate: '2026-03-20', deadlineTime: '17:00' }) },
  { role: 'secretariat', action: 'create a decision from the chat form', verb: 'decision.create', data: () => ({ networkId: NETWORK, title: 'Décision forgée', textFr: 'x', mode: 'silenceProcedure', deadlineDate: '2026-03-20', deadlineTime: '17:00' }) },
  { role: 'wfpFocal', action: 'cast a position for a non-ExCom agency', verb: 'decision.position', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'WFP', position: 'agree' }) },
  { role: 'undpMember', action: 'cast their ExCom agency’s position without being its focal point or alternate', verb: 'decision.position', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNDP', position: 'object', comment: 'forgé' }) },
  { role: 'pending', action: 'cast the position of the ExCom agency they asked to join', verb: 'decision.position', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNICEF', position: 'agree' }) },
  { role: 'secretariat', action: 'cast a position (RCO is not ExCom)', verb: 'decision.position', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'RCO', position: 'agree' }) },
  { role: 'iomRep', action: 'cast another ExCom agency’s position', verb: 'decision.position', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'UNHCR', position: 'object', comment: 'forgé' }), codes: ['otherAgency'] },
  { role: 'stranger', action: 'cast a position', verb: 'decision.position', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId, agencyCode: 'IOM', position: 'agree' }) },
  { role: 'member', action: 'close a decision from its card', verb: 'decision.close', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId }) },
  { role: 'unhcrRep', action: 'close a decision from its card', verb: 'decision.close', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId }) },
  { role: 'secretariat', action: 'extend a decision from its card', verb: 'decision.extend', data: (f) => ({ networkId: NETWORK, decisionId: f.decisionId, deadlineDate: '2026-03-20', deadlineTime: '17:00' }) },
  { role: 'pending', action: 'answer a poll', verb: 'poll.answer', data: (f) => ({ networkId: NETWORK, pollId: f.pollId, choices: 'o1' }) },
  { role: 'stranger', action: 'answer a poll', verb: 'poll.answer', data: (f) => ({ networkId: NETWORK, pollId: f.pollId, choices: 'o1' }) },
  // statements
  { role: 'pending', action: 'request a statement from the chat form', verb: 'statement.request', data: () => ({ networkId: NETWORK, title: 'Déclaration forgée' }) },
  { role: 'member', action: 'name the drafting agency', verb: 'statement.nameDrafter', data: (f) => ({ networkId: NETWORK, statementId: f.requestedStatementId, draftingAgency: 'WFP' }) },
  { role: 'member', action: 'draft a version', verb: 'statement.draft', data: (f) => ({ networkId: NETWORK, statementId: f.requestedStatementId, textFr: 'Texte forgé' }) },
  { role: 'member', action: 'submit a version', verb: 'statement.submit', data: (f) => ({ networkId: NETWORK, statementId: f.statementId, version: '1' }) },
  { role: 'wfpFocal', action: 'clear a statement for a non-ExCom agency', verb: 'statement.clear', data: (f) => ({ networkId: NETWORK, statementId: f.statementId, agencyCode: 'WFP', version: '1', position: 'approve' }), inChannel: true },
  { role: 'undpMember', action: 'clear a statement for their ExCom agency without being its voice', verb: 'statement.clear', data: (f) => ({ networkId: NETWORK, statementId: f.statementId, agencyCode: 'UNDP', version: '1', position: 'approve' }), inChannel: true },
  { role: 'iomRep', action: 'clear a statement for another ExCom agency', verb: 'statement.clear', data: (f) => ({ networkId: NETWORK, statementId: f.statementId, agencyCode: 'UNHCR', version: '1', position: 'approve' }), inChannel: true, codes: ['otherAgency'] },
  { role: 'secretariat', action: 'clear a statement', verb: 'statement.clear', data: (f) => ({ networkId: NETWORK, statementId: f.statementId, agencyCode: 'RCO', version: '1', position: 'approve' }), inChannel: true },
  { role: 'ohchrRep', action: 'deliver a statement', verb: 'statement.deliver', data: (f) => ({ networkId: NETWORK, statementId: f.statementId }), inChannel: true },
  // meetings and updates
  { role: 'pending', action: 'answer a convocation (RSVP)', verb: 'meetings.rsvp', data: (f) => ({ networkId: NETWORK, meetingId: f.meetingId, response: 'inPerson' }), codes: [...DENIED] },
  { role: 'stranger', action: 'answer a convocation (RSVP)', verb: 'meetings.rsvp', data: (f) => ({ networkId: NETWORK, meetingId: f.meetingId, response: 'inPerson' }), codes: [...DENIED] },
  { role: 'pending', action: 'share an update from the card', verb: 'updates.share', data: () => ({ networkId: NETWORK, title: 'Actualité forgée', summary: '', link: '', kind: 'news', agencyCode: 'UNICEF', objectives: '1' }), codes: ['forbidden', 'notAMember'] },
  { role: 'stranger', action: 'share an update from the card', verb: 'updates.share', data: () => ({ networkId: NETWORK, title: 'Actualité forgée', summary: '', link: '', kind: 'news', agencyCode: 'WFP', objectives: '1' }), codes: ['forbidden', 'notAMember'] },
];

describe('security: authorisation of every state-changing action', function () {
  this.timeout(60_000);
  let net: SecurityNetwork;
  let fixtures: Fixtures;
  let directory: unknown;
  const as = (role: Role): Person =>
    ({
      pending: net.pending,
      member: net.member,
      wfpFocal: net.wfpFocal,
      undpMember: net.undpMember,
      secretariat: net.secretariat,
      stranger: net.stranger,
      iomRep: net.reps.IOM,
      ohchrRep: net.reps.OHCHR,
      unhcrRep: net.reps.UNHCR,
    })[role];

  before(async function () {
    this.timeout(120_000);
    net = await startSecurityNetwork();
    fixtures = await createFixtures(net);
    const read = await net.api(net.rc, 'GET', '/directory');
    assert.equal(read.status, 200, read.raw);
    directory = read.body.agencies;
  });
  after(async () => {
    await net?.stop();
  });

  describe('over the tab API', () => {
    API_CASES.forEach((row, index) => {
      const language = index % 2 === 0 ? 'fr' : 'en';
      it(`[authz/api] ${ROLE_NAMES[row.role]} cannot ${row.action}: 403 ${(row.codes ?? ['forbidden'])[0]} in ${language}, store unchanged`, async () => {
        const answer = await net.unchanged(
          () => net.api(as(row.role), row.method, row.path(fixtures, net), row.body(fixtures, net, directory), { language }),
          `${row.role} ${row.action}`,
        );
        assertApiRefused(answer, { status: 403, codes: row.codes ?? DENIED, language }, `${row.role} ${row.action}`);
      });
    });
  });

  describe('over the bot (card actions)', () => {
    BOT_CASES.forEach((row, index) => {
      const language = index % 2 === 0 ? 'fr' : 'en';
      it(`[authz/bot] ${ROLE_NAMES[row.role]} cannot ${row.action} (${row.verb}): 403 ${(row.codes ?? ['forbidden'])[0]} in ${language}, store unchanged`, async () => {
        const who = as(row.role);
        const response = await net.unchanged(
          () => net.click(who, row.verb, row.data(fixtures, net), { locale: language === 'en' ? 'en-US' : 'fr-FR', ...(row.inChannel ? { conversation: net.channel } : {}) }),
          `${row.role} ${row.verb}`,
        );
        assertCardRefused(response, { status: 403, codes: row.codes ?? DENIED, language }, `${row.role} ${row.verb}`);
      });
    });
  });
});
