/**
 * The port through which the membership service reaches people who are not in the current
 * conversation (co-chairs asked to confirm, a member welcomed, the member list, handovers).
 * The service says what happened and to whom; the implementation renders and delivers.
 */
import type { Handover } from './rotation';
import type { Agency, MemberDocument, WorkingGroupDocument } from './model';
import type { MemberListView } from './member-list';
import type { RepresentativeLoss } from './membership-rules';

export interface NoticeRecipient {
  readonly aadObjectId: string;
  readonly tenantId: string;
  readonly name?: string;
  readonly language: 'fr' | 'en';
}

export type MembershipNotice =
  | { readonly kind: 'confirmRequest'; readonly member: MemberDocument; readonly agency: Agency }
  /** The same request once decided: every copy of the request card shows the outcome. */
  | { readonly kind: 'confirmDecided'; readonly member: MemberDocument; readonly agency: Agency; readonly decidedByName: string }
  | { readonly kind: 'welcome'; readonly member: MemberDocument; readonly agency: Agency }
  | { readonly kind: 'declined'; readonly member: MemberDocument; readonly agency: Agency }
  | { readonly kind: 'memberList'; readonly list: MemberListView }
  | { readonly kind: 'handover'; readonly handover: Handover; readonly agencies: readonly Agency[] }
  | { readonly kind: 'workingGroupReview'; readonly group: WorkingGroupDocument }
  /**
   * To the co-chairs: an ExCom agency's focal point (or its last representative) is gone;
   * `remaining` counts its confirmed representatives left (0: its ExCom voice is silent).
   */
  | { readonly kind: 'representativeLost'; readonly member: MemberDocument; readonly previousRole: 'focalPoint' | 'alternate'; readonly reason: RepresentativeLoss; readonly agency: Agency; readonly remaining: number }
  /**
   * People bound to members just now (to the co-chairs): a NETWORK_ADMINS entry on first
   * contact, an imported row claimed, or rows imported with object ids.
   */
  | { readonly kind: 'memberBound'; readonly via: 'admin' | 'claim' | 'import'; readonly members: readonly MemberDocument[]; readonly agencies: readonly Agency[] };

export interface MemberNotifier {
  /** Sends `notice` to each person; idempotent per (messageKey, person). */
  notifyPeople(networkId: string, messageKey: string, recipients: readonly NoticeRecipient[], notice: MembershipNotice): Promise<void>;
  /** Posts `notice` to the network's channels (every team channel the bot is installed in). */
  notifyChannels(networkId: string, messageKey: string, notice: MembershipNotice): Promise<void>;
  /** Replaces every copy already sent under `messageKey` (cards updated in place). */
  update(networkId: string, messageKey: string, notice: MembershipNotice): Promise<void>;
}

/** For tests and for a deployment that wants no proactive messages. */
export class RecordingNotifier implements MemberNotifier {
  readonly sent: { networkId: string; messageKey: string; recipients: readonly NoticeRecipient[] | 'channels'; notice: MembershipNotice }[] = [];
  readonly updates: { networkId: string; messageKey: string; notice: MembershipNotice }[] = [];

  async notifyPeople(networkId: string, messageKey: string, recipients: readonly NoticeRecipient[], notice: MembershipNotice): Promise<void> {
    this.sent.push({ networkId, messageKey, recipients, notice });
  }

  async notifyChannels(networkId: string, messageKey: string, notice: MembershipNotice): Promise<void> {
    this.sent.push({ networkId, messageKey, recipients: 'channels', notice });
  }

  async update(networkId: string, messageKey: string, notice: MembershipNotice): Promise<void> {
    this.updates.push({ networkId, messageKey, notice });
  }
}
