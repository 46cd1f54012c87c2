import assert from 'node:assert/strict';
import { ACTIONS, PERMISSIONS, may, type Action, type Grant } from '../../../src/network/permissions';
import { NETWORK_ROLES, type NetworkRole, type Person } from '../../../src/network/roles';

/**
 * The expected table, written out independently of the implementation: every role × every
 * action. A change of rights must change this table too, on purpose.
 */
const Y: Grant = 'yes';
const N: Grant = 'no';
const O: Grant = 'ownAgency';
//                                  pending member alternate focalPoint excomRep secretariat coChair
const EXPECTED: Record<Action, readonly Grant[]> = {
  viewDirectory: /*               */ [Y, Y, Y, Y, Y, Y, Y],
  viewMemberList: /*              */ [Y, Y, Y, Y, Y, Y, Y],
  viewAuditTrail: /*              */ [N, N, N, N, N, Y, Y],
  downloadReport: /*              */ [Y, Y, Y, Y, Y, Y, Y],
  manageMembers: /*               */ [N, N, N, O, N, Y, Y],
  confirmMember: /*               */ [N, N, N, O, N, Y, Y],
  importMembers: /*               */ [N, N, N, N, N, Y, Y],
  exportMembers: /*               */ [N, N, N, N, N, Y, Y],
  sendMemberList: /*              */ [N, N, N, N, N, Y, Y],
  manageDirectory: /*             */ [N, N, N, N, N, N, Y],
  registerConversation: /*        */ [N, N, N, N, N, N, Y],
  manageRotation: /*              */ [N, N, N, N, N, N, Y],
  manageSecretariat: /*           */ [N, N, N, N, N, N, Y],
  appointRepresentative: /*       */ [N, N, N, O, N, N, Y],
  manageWorkingGroups: /*         */ [N, N, N, N, Y, N, Y],
  manageSettings: /*              */ [N, N, N, N, N, N, Y],
  convene: /*                     */ [N, N, N, N, N, N, Y],
  editMeeting: /*                 */ [N, N, N, N, N, Y, Y],
  remindInvitees: /*              */ [N, N, N, N, N, Y, Y],
  recordMinutes: /*               */ [N, N, N, N, N, Y, Y],
  rsvp: /*                        */ [N, Y, Y, Y, Y, Y, Y],
  createPoll: /*                  */ [N, Y, Y, Y, Y, Y, Y],
  answerPoll: /*                  */ [N, Y, Y, Y, Y, Y, Y],
  createDecision: /*              */ [N, N, N, N, N, N, Y],
  castAgencyPosition: /*          */ [N, N, N, N, O, N, N],
  commentInConsultation: /*       */ [N, Y, Y, Y, Y, Y, Y],
  closeOrExtendDecision: /*       */ [N, N, N, N, N, N, Y],
  requestStatement: /*            */ [N, Y, Y, Y, Y, Y, Y],
  draftStatement: /*              */ [N, N, O, O, N, N, Y],
  submitStatementVersion: /*      */ [N, N, O, O, N, N, Y],
  clearStatement: /*              */ [N, N, N, N, O, N, N],
  deliverStatement: /*            */ [N, N, N, N, N, N, Y],
  shareUpdate: /*                 */ [N, Y, Y, Y, Y, Y, Y],
  draftWorkplan: /*               */ [N, N, N, N, Y, Y, Y],
  proposeWorkplanActivity: /*     */ [N, O, O, O, O, Y, Y],
  commentOnWorkplan: /*           */ [N, Y, Y, Y, Y, Y, Y],
  submitWorkplan: /*              */ [N, N, N, N, N, N, Y],
  reportOnWorkplan: /*            */ [N, N, O, O, O, N, N],
  viewWorkplanReporting: /*       */ [N, N, N, N, N, Y, Y],
  downloadProgressPack: /*        */ [N, N, N, N, Y, Y, Y],
  commentOnWorkingGroupReview: /* */ [N, Y, Y, Y, Y, Y, Y],
  proposeWorkingGroupReview: /*   */ [N, N, N, N, N, N, Y],
  trackActionItems: /*            */ [N, N, N, N, N, Y, Y],
  closeActionItem: /*             */ [N, N, O, O, O, Y, Y],
};

const personWith = (role: NetworkRole, agencyCode = 'UNICEF'): Person => ({ aadObjectId: 'p', agencyCode, roles: new Set([role]) });

describe('permissions table', () => {
  it('has a row for every action and a cell for every role, and nothing else', () => {
    assert.deepEqual(Object.keys(PERMISSIONS).sort(), [...ACTIONS].sort());
    for (const action of ACTIONS) assert.deepEqual(Object.keys(PERMISSIONS[action]).sort(), [...NETWORK_ROLES].sort(), action);
  });

  for (const action of ACTIONS) {
    describe(action, () => {
      NETWORK_ROLES.forEach((role, column) => {
        const grant = EXPECTED[action][column];
        it(`${role}: ${grant}`, () => {
          assert.equal(PERMISSIONS[action][role], grant);
          // Behaviour, not just the cell: for the person's own agency, for another agency, and with no agency named.
          const person = personWith(role);
          assert.equal(may(person, action, { agencyCode: 'UNICEF' }), grant !== 'no', 'own agency');
          assert.equal(may(person, action, { agencyCode: 'WFP' }), grant === 'yes', 'another agency');
          assert.equal(may(person, action), grant === 'yes', 'no agency named');
        });
      });
    });
  }

  it('gives a stranger (no role: unknown or left) nothing at all', () => {
    const stranger: Person = { aadObjectId: 'x', roles: new Set() };
    for (const action of ACTIONS) assert.equal(may(stranger, action, { agencyCode: 'IOM' }), false, action);
  });

  it('lets pending members read and nothing else', () => {
    const allowed = ACTIONS.filter((action) => may(personWith('pending'), action, { agencyCode: 'UNICEF' }));
    assert.deepEqual(allowed, ['viewDirectory', 'viewMemberList', 'downloadReport']);
  });

  it('keeps who represents a governing agency from the secretariat: it manages and confirms everyone else, for every agency', () => {
    const secretariat = personWith('secretariat', 'RCO');
    for (const agencyCode of ['IOM', 'RCO', 'UNDP', 'UNICEF', 'WFP']) {
      assert.ok(may(secretariat, 'manageMembers', { agencyCode }) && may(secretariat, 'confirmMember', { agencyCode }), agencyCode);
      assert.ok(!may(secretariat, 'appointRepresentative', { agencyCode }), agencyCode);
    }
    assert.ok(may(personWith('focalPoint', 'UNICEF'), 'appointRepresentative', { agencyCode: 'UNICEF' }), 'a focal point for their own agency');
    assert.ok(!may(personWith('focalPoint', 'UNICEF'), 'appointRepresentative', { agencyCode: 'IOM' }));
    assert.ok(!may(personWith('excomRepresentative', 'UNICEF'), 'appointRepresentative', { agencyCode: 'UNICEF' }), 'an alternate does not name its peers');
    assert.ok(may(personWith('coChair', 'IOM'), 'appointRepresentative', { agencyCode: 'UNHCR' }));
  });

  it('adds up the rights of a person holding several roles (IOM focal point: ExCom representative and co-chair)', () => {
    const iom: Person = { aadObjectId: 'iom', agencyCode: 'IOM', roles: new Set(['member', 'focalPoint', 'excomRepresentative', 'coChair']) };
    assert.ok(may(iom, 'castAgencyPosition', { agencyCode: 'IOM' }));
    assert.ok(!may(iom, 'castAgencyPosition', { agencyCode: 'UNHCR' }), 'one voice per agency: only its own');
    assert.ok(may(iom, 'deliverStatement'));
    assert.ok(may(iom, 'confirmMember', { agencyCode: 'WFP' }), 'as co-chair, for any agency');
  });
});
