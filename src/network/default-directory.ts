/**
 * The directory a new network in Guinea starts with (DESIGN.md §2): every agency of the UN
 * country team, with ExCom and co-chair flags from the terms of reference. Co-chairs and the
 * secretariat edit it afterwards; this is only the first version.
 */
import type { Agency } from './model';

const agency = (
  code: string,
  fr: string,
  en: string,
  emailDomains: readonly string[],
  flags: Partial<Pick<Agency, 'excom' | 'permanentCoChair' | 'secretariat'>> = {},
): Agency => ({
  code,
  name: { fr, en },
  emailDomains,
  excom: flags.excom ?? false,
  permanentCoChair: flags.permanentCoChair ?? false,
  secretariat: flags.secretariat ?? false,
});

export const GUINEA_DEFAULT_AGENCIES: readonly Agency[] = [
  agency('RCO', 'Bureau du Coordonnateur résident', 'Resident Coordinator’s Office', ['un.org'], { permanentCoChair: true, secretariat: true }),
  agency('IOM', 'OIM', 'IOM', ['iom.int'], { excom: true, permanentCoChair: true }),
  agency('UNDP', 'PNUD', 'UNDP', ['undp.org'], { excom: true }),
  agency('UNHCR', 'HCR', 'UNHCR', ['unhcr.org'], { excom: true }),
  agency('OHCHR', 'HCDH', 'OHCHR', ['ohchr.org'], { excom: true }),
  agency('UNICEF', 'UNICEF', 'UNICEF', ['unicef.org'], { excom: true }),
  agency('UNODC', 'ONUDC', 'UNODC', ['unodc.org', 'un.org'], { excom: true }),
  agency('WFP', 'PAM', 'WFP', ['wfp.org']),
  agency('FAO', 'FAO', 'FAO', ['fao.org']),
  agency('WHO', 'OMS', 'WHO', ['who.int']),
  agency('UNFPA', 'UNFPA', 'UNFPA', ['unfpa.org']),
  agency('ILO', 'OIT', 'ILO', ['ilo.org']),
  agency('UNWOMEN', 'ONU Femmes', 'UN Women', ['unwomen.org']),
  agency('UNESCO', 'UNESCO', 'UNESCO', ['unesco.org']),
  agency('UNAIDS', 'ONUSIDA', 'UNAIDS', ['unaids.org']),
  agency('UNIDO', 'ONUDI', 'UNIDO', ['unido.org']),
  agency('UNOPS', 'UNOPS', 'UNOPS', ['unops.org']),
];

/** Rotating co-chair order when the configuration names none: the ExCom agencies that are not permanent co-chairs. */
export const DEFAULT_ROTATION_ORDER: readonly string[] = ['UNDP', 'UNHCR', 'UNICEF', 'OHCHR', 'UNODC'];
