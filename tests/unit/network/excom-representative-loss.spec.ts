/**
 * When a change takes a representative away from an ExCom agency (issue 15, item 11): the pure
 * rule the membership service asks before telling the co-chairs.
 */
import assert from 'node:assert/strict';
import { excomRepresentativeLoss } from '../../../src/network/membership-rules';
import type { MemberDocument } from '../../../src/network/model';

const EXCOM = ['IOM', 'UNDP', 'UNHCR', 'OHCHR', 'UNICEF', 'UNODC'];
const member = (overrides: Partial<MemberDocument> = {}): MemberDocument =>
  ({
    id: 'member:a',
    type: 'member',
    networkId: 'gn',
    aadObjectId: 'a',
    tenantId: 't',
    name: 'Mamadou Diallo',
    agencyCode: 'UNHCR',
    agencyRole: 'focalPoint',
    status: 'confirmed',
    language: 'fr',
    joinedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }) as MemberDocument;

describe('ExCom representative loss', () => {
  it('names how a focal point or alternate of an ExCom agency stops representing it', () => {
    assert.equal(excomRepresentativeLoss(member(), member({ status: 'left', endReason: 'left' }), EXCOM), 'left');
    assert.equal(excomRepresentativeLoss(member({ agencyRole: 'alternate' }), member({ status: 'left', endReason: 'removed' }), EXCOM), 'removed');
    assert.equal(excomRepresentativeLoss(member(), member({ agencyRole: 'member' }), EXCOM), 'changed');
    assert.equal(excomRepresentativeLoss(member(), member({ agencyCode: 'WFP' }), EXCOM), 'changed');
  });

  it('is silent when the person still represents the agency, never did, or the agency is not on ExCom', () => {
    assert.equal(excomRepresentativeLoss(member(), member({ agencyRole: 'alternate' }), EXCOM), undefined, 'a focal point handing over stays an alternate');
    assert.equal(excomRepresentativeLoss(member({ agencyRole: 'member' }), member({ status: 'left', endReason: 'left' }), EXCOM), undefined);
    assert.equal(excomRepresentativeLoss(member({ status: 'pending' }), member({ status: 'left', endReason: 'declined' }), EXCOM), undefined);
    assert.equal(excomRepresentativeLoss(member({ agencyCode: 'WFP' }), member({ agencyCode: 'WFP', status: 'left', endReason: 'left' }), EXCOM), undefined);
    assert.equal(excomRepresentativeLoss(undefined, member(), EXCOM), undefined);
  });
});
