/**
 * Sample statement cards for the card tests: a clearance round in progress on version 2 (with
 * what changed from version 1), seen by an ExCom representative, in each language.
 */
import type { Language } from '../../../src/i18n';
import { statementCardData, statementFormCardData } from '../../../src/statements/statement-cards';
import type { StatementDocument } from '../../../src/statements/model';
import { clearanceState, versionChanges } from '../../../src/statements/statement-rules';

const EXCOM = ['IOM', 'OHCHR', 'UNDP', 'UNHCR', 'UNICEF', 'UNODC'];
const author = { aadObjectId: 'a1', name: 'Aminata Camara' };

export function sampleStatement(userText: string): StatementDocument {
  const v1 = { fr: 'Le Réseau salue l’adoption du plan national.', en: 'The Network welcomes the national plan.' };
  const v2 = { fr: `Le Réseau salue l’adoption du plan national sur la migration. ${userText}`, en: 'The Network welcomes the national migration plan.' };
  return {
    id: 'statement:s1',
    networkId: 'gn',
    type: 'statement',
    statementId: 's1',
    title: userText,
    purpose: userText,
    gcmObjectives: [7, 23],
    requestedBy: { ...author, name: userText, agencyCode: 'IOM' },
    requestedAt: '2026-03-01T09:00:00.000Z',
    draftingAgency: 'IOM',
    status: 'clearance',
    versions: [
      { number: 1, text: v1, createdBy: author, createdAt: '2026-03-01T10:00:00.000Z' },
      { number: 2, text: v2, createdBy: author, createdAt: '2026-03-02T10:00:00.000Z', changes: versionChanges(v1, v2) },
    ],
    clearance: { version: 2, submittedAt: '2026-03-02T11:00:00.000Z', submittedBy: author, deadline: '2026-03-05T17:00:00.000Z', reminderOffsetsMinutes: [1440], remindersSent: [], excomAgencies: EXCOM },
  };
}

export function sampleStatementCard(language: Language, userText: string): object {
  const statement = sampleStatement(userText);
  const voice = (agencyCode: string, position: 'approve' | 'requestChanges', comment?: string) => ({
    history: [{ agencyCode, position, ...(comment ? { comment } : {}), castBy: { aadObjectId: `x-${agencyCode}`, name: userText }, castAt: '2026-03-02T12:00:00.000Z', sequence: 1 }],
  });
  const state = clearanceState(2, EXCOM, [voice('IOM', 'approve'), voice('UNHCR', 'requestChanges', userText)]);
  // A confirmed reader: names (user text too) are on the card.
  return statementCardData(statement, state, { language, personal: true, agencyCode: 'UNHCR', canDraft: false, canClear: true, canDeliver: false, canNameDrafter: false, seesNames: true }, 'gn');
}

export const sampleStatementFormCard = (language: Language): object => statementFormCardData(language, 'gn');
