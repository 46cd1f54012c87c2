/**
 * The one permissions table of the product: for every action, which network role may do it.
 * Every feature asks `may(person, action, context)` instead of deciding rights itself. A
 * person may act when any of their roles grants the action (see roles.ts: roles follow from
 * agency, role in the agency, status and the co-chair rotation).
 *
 * Cells: `yes`, `no`, or `ownAgency` — only for the agency the person belongs to (the context
 * names the agency concerned: the member being confirmed, the drafting agency…).
 * Pending members can read, not decide: their column grants reading only.
 *
 * Co-chairs and secretariat, from the terms of reference: "Les coprésidents … convoquer et
 * présider des réunions" and "les fonctions de secrétariat du réseau seront assumées par le
 * secrétariat du coordonnateur résident". So co-chairs convene (issue a convocation); the
 * secretariat prepares: edits meetings, reminds invitees, records minutes, keeps the member
 * list (confirm, import, export, send). The secretariat is a grant a co-chair gives a member
 * (`manageSecretariat`) or NETWORK_ADMINS `=secretariat` gives, never membership of the RCO
 * alone. What decides who holds power — the directory (ExCom flags, co-chair agencies, the
 * tenants trusted to claim imported members), the rotation, the secretariat grant — is for
 * co-chairs only, so the secretariat cannot widen its own rights.
 *
 * Representatives of governing agencies (`appointRepresentative`, roles.ts `governingAgencies`):
 * the focal point and alternates of an agency that co-chairs are co-chairs, so whoever could
 * name them could make anyone — themself included — a co-chair. Naming, moving, demoting or
 * removing a confirmed focal point or alternate of such an agency (by a change, by confirming
 * a request, by a CSV row) therefore takes a co-chair, or that agency's own focal point for its
 * own agency (as for any own-agency management) — never the secretariat alone, whose
 * `manageMembers`/`confirmMember`/`importMembers` are for everyone else. Deliberately extended
 * beyond the co-chairs of today to every agency in the co-chair rotation and every ExCom
 * agency: (1) the rotation hands the co-chair over automatically, so a representative named
 * today by the secretariat would co-chair at the next handover without anyone deciding it;
 * every default rotation agency is an ExCom agency; (2) an ExCom representative casts the
 * agency's one voice in decisions and clears joint statements — the network's decisions
 * themselves — which the secretariat prepares but does not take. Plain members of any agency,
 * and representatives of the other agencies, stay with the secretariat.
 * Nobody changes their own agency, role, status or grants, except leaving (membership-rules.ts).
 */
import type { NetworkRole, Person } from './roles';

export const ACTIONS = [
  // reading
  'viewDirectory',
  'viewMemberList',
  'viewAuditTrail',
  'downloadReport',
  // membership
  'manageMembers',
  'confirmMember',
  'importMembers',
  'exportMembers',
  'sendMemberList',
  'manageDirectory',
  'registerConversation',
  'manageRotation',
  'manageSecretariat',
  'appointRepresentative',
  'manageWorkingGroups',
  // where the network's posts go (the ExCom and general channels)
  'manageSettings',
  // meetings
  'convene',
  'editMeeting',
  'remindInvitees',
  'recordMinutes',
  'rsvp',
  // decisions and polls
  'createPoll',
  'answerPoll',
  'createDecision',
  'castAgencyPosition',
  'commentInConsultation',
  'closeOrExtendDecision',
  // joint statements
  'requestStatement',
  'draftStatement',
  'submitStatementVersion',
  'clearStatement',
  'deliverStatement',
  // updates
  'shareUpdate',
  // the annual work plan
  'draftWorkplan',
  'proposeWorkplanActivity',
  'commentOnWorkplan',
  'submitWorkplan',
  'reportOnWorkplan',
  'viewWorkplanReporting',
  'downloadProgressPack',
  'commentOnWorkingGroupReview',
  'proposeWorkingGroupReview',
  'trackActionItems',
  'closeActionItem',
] as const;

export type Action = (typeof ACTIONS)[number];
export type Grant = 'yes' | 'no' | 'ownAgency';

type Row = Readonly<Record<NetworkRole, Grant>>;

// Columns:       pending      member       alternate    focalPoint   excomRep     secretariat  coChair
const row = (pending: Grant, member: Grant, alternate: Grant, focalPoint: Grant, excomRepresentative: Grant, secretariat: Grant, coChair: Grant): Row => ({
  pending,
  member,
  alternate,
  focalPoint,
  excomRepresentative,
  secretariat,
  coChair,
});

export const PERMISSIONS: Readonly<Record<Action, Row>> = {
  viewDirectory: row('yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  viewMemberList: row('yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  viewAuditTrail: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  downloadReport: row('yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),

  // A focal point keeps their own agency's list; the co-chairs and the secretariat keep all of it.
  manageMembers: row('no', 'no', 'no', 'ownAgency', 'no', 'yes', 'yes'),
  confirmMember: row('no', 'no', 'no', 'ownAgency', 'no', 'yes', 'yes'),
  importMembers: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  exportMembers: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  sendMemberList: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  // Who co-chairs, which agencies sit on ExCom and which tenants are trusted: co-chairs only.
  manageDirectory: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  // Which team or group chat speaks for the network (its notices, its cards, its decisions):
  // co-chairs only, so nobody can attach a conversation to a network they do not lead
  // (src/network-routing; the operator's NETWORK_INSTALLATIONS is the other way).
  registerConversation: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  manageRotation: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  // Granting or withdrawing the secretariat role (terms of reference: the RC's office serves).
  manageSecretariat: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  // Focal points and alternates of governing agencies (see above): co-chairs, or the agency's
  // own focal point for its own agency (context.agencyCode = that agency). Not the secretariat.
  appointRepresentative: row('no', 'no', 'no', 'ownAgency', 'no', 'no', 'yes'),
  // ExCom establishes working groups (terms of reference); co-chairs too (issue 4).
  manageWorkingGroups: row('no', 'no', 'no', 'no', 'yes', 'no', 'yes'),
  // Which channel receives ExCom's cards and which the rest (src/settings): who reads the
  // network's decisions in progress is the co-chairs' call, like the directory.
  manageSettings: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),

  // Co-chairs convene and chair (ToR); the secretariat prepares the meetings they call.
  convene: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  editMeeting: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  remindInvitees: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  recordMinutes: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  rsvp: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),

  // Any confirmed member may ask the others a question; pending members read, not answer.
  createPoll: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  answerPoll: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  createDecision: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  // One voice per ExCom agency: any confirmed focal point or alternate of an ExCom agency.
  castAgencyPosition: row('no', 'no', 'no', 'no', 'ownAgency', 'no', 'no'),
  commentInConsultation: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  closeOrExtendDecision: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),

  requestStatement: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  // Co-chairs draft, or the drafting agency they name (context.agencyCode = that agency).
  draftStatement: row('no', 'no', 'ownAgency', 'ownAgency', 'no', 'no', 'yes'),
  submitStatementVersion: row('no', 'no', 'ownAgency', 'ownAgency', 'no', 'no', 'yes'),
  clearStatement: row('no', 'no', 'no', 'no', 'ownAgency', 'no', 'no'),
  deliverStatement: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),

  shareUpdate: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),

  // ToR: "Le Comité exécutif … collaborera avec ses membres pour élaborer un plan de travail
  // annuel": co-chairs, the secretariat and ExCom draft (any activity, open the consultation or
  // an amendment); any confirmed member proposes an activity led by their own agency
  // (context.agencyCode = the lead agency) and comments during the consultation.
  draftWorkplan: row('no', 'no', 'no', 'no', 'yes', 'yes', 'yes'),
  proposeWorkplanActivity: row('no', 'ownAgency', 'ownAgency', 'ownAgency', 'ownAgency', 'yes', 'yes'),
  commentOnWorkplan: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  // Submitting opens an ExCom decision (createDecision is the co-chairs'); closing the year too.
  submitWorkplan: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  // The lead agency's focal point and alternates report on its activities (context = lead agency).
  reportOnWorkplan: row('no', 'no', 'ownAgency', 'ownAgency', 'ownAgency', 'no', 'no'),
  // Who has and has not reported: the co-chairs and the secretariat who follow up.
  viewWorkplanReporting: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  // ToR: the annual review "examine les progrès du réseau": its progress pack (who reported, by
  // agency, overdue action items) is prepared for those who run the review — co-chairs,
  // secretariat — and ExCom, who gives the network its orientations.
  downloadProgressPack: row('no', 'no', 'no', 'no', 'yes', 'yes', 'yes'),
  // ToR: working groups are "revus périodiquement par le Comité exécutif, en consultation avec
  // les membres": every confirmed member gives their view during the consultation (opening one
  // early is manageWorkingGroups); the proposal put to ExCom opens a decision (createDecision is
  // the co-chairs').
  commentOnWorkingGroupReview: row('no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'),
  proposeWorkingGroupReview: row('no', 'no', 'no', 'no', 'no', 'no', 'yes'),
  // Action items from minutes: recorded by whoever records minutes; closed by them or by the
  // owner agency's representatives (context.agencyCode = the owner agency).
  trackActionItems: row('no', 'no', 'no', 'no', 'no', 'yes', 'yes'),
  closeActionItem: row('no', 'no', 'ownAgency', 'ownAgency', 'ownAgency', 'yes', 'yes'),
};

export interface PermissionContext {
  /**
   * The agency the action concerns (the member's agency for confirmMember, the agency whose
   * position is cast, the drafting agency). Without it, `ownAgency` cells grant nothing.
   */
  readonly agencyCode?: string;
}

export function may(person: Person, action: Action, context: PermissionContext = {}): boolean {
  const grants = PERMISSIONS[action];
  for (const role of person.roles) {
    const grant = grants[role];
    if (grant === 'yes') return true;
    if (grant === 'ownAgency' && person.agencyCode !== undefined && context.agencyCode === person.agencyCode) return true;
  }
  return false;
}
