/**
 * `npm run demo`: a lived-in Guinea network in the embedded SQLite store, so a newcomer sees
 * Réseau as a network uses it — in the Agents Playground (as its current user, the co-chair) and
 * in the tab (`x-reseau-dev-user: 00000000-0000-0000-0000-000000000020`).
 *
 * What it loads, through the services (every rule holds, every change is audited): the 17
 * agencies of the default directory; about 40 members — the Playground's six people and
 * fictional colleagues — with focal points and alternates; a past meeting with RSVPs and minutes
 * and an upcoming one with RSVPs; a member poll; an adopted and an open ExCom decision; a joint
 * statement under clearance; two dozen migration updates across GCM objectives; the year's
 * adopted work plan with quarterly reports.
 *
 * Past events happen in the past: the app runs on a clock the loader moves (two months ago → now).
 * Idempotent: every item is looked up first (members by object id, meetings, polls, decisions,
 * statements and the plan by title, updates by their share key), so a second run adds nothing.
 * It refuses a Cosmos DB store: demo data has no place in a deployment.
 * Proactive messages the services queue (convocations, notices) wait in the outbox; they are
 * delivered only to people whose conversation the bot knows (the Playground's, once they write).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../src/config';
import { GUINEA_DEFAULT_AGENCIES } from '../src/network/default-directory';
import { memberDocumentId } from '../src/network/model';
import type { Identity } from '../src/network/membership-rules';
import { startReseau, type RunningReseau } from '../src/main';
import type { DocumentStore } from '../src/store/document-store';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CONAKRY = 'Africa/Conakry';
const PLAYGROUND_CONFIG = path.resolve(__dirname, '..', '.m365agentsplayground.yml');

/** Why the demo refuses this environment, or undefined when it may load. */
export function demoRefusal(env: NodeJS.ProcessEnv): string | undefined {
  const kind = env.STORE_KIND?.trim().toLowerCase();
  if ((kind && kind !== 'sqlite') || env.COSMOS_ENDPOINT?.trim()) {
    return 'npm run demo loads fictional data into the embedded SQLite store only: unset COSMOS_ENDPOINT (and STORE_KIND) to load it locally. A Cosmos DB store is a deployment; nothing was written.';
  }
  return undefined;
}

export interface PlaygroundPerson {
  readonly name: string;
  readonly email: string;
  readonly aadObjectId: string;
}

/** The tenant and people of `.m365agentsplayground.yml` (current user first). */
export function playgroundPeople(yaml: string = readFileSync(PLAYGROUND_CONFIG, 'utf8')): { readonly tenantId: string; readonly people: readonly PlaygroundPerson[] } {
  const tenantId = /^tenantId:\s*(\S+)/m.exec(yaml)?.[1];
  if (!tenantId) throw new Error('.m365agentsplayground.yml names no tenantId.');
  const people: PlaygroundPerson[] = [];
  // Each person is a block with name, email and aadObjectId (in any order).
  for (const block of yaml.split(/\n(?=currentUser:|\s+- id:)/)) {
    const name = /\n\s+name:\s*(.+)/.exec(block)?.[1]?.trim();
    const email = /\n\s+email:\s*(\S+)/.exec(block)?.[1];
    const aadObjectId = /\n\s+aadObjectId:\s*(\S+)/.exec(block)?.[1];
    if (name && email && aadObjectId) people.push({ name, email, aadObjectId: aadObjectId.toLowerCase() });
  }
  return { tenantId: tenantId.toLowerCase(), people };
}

type Role = 'focalPoint' | 'alternate' | 'member';
interface DemoMember {
  readonly name: string;
  readonly agency: string;
  readonly role: Role;
  readonly language: 'fr' | 'en';
  readonly aadObjectId: string;
  readonly email: string;
  /** A co-chair grants the secretariat role (RCO staff who prepare meetings and keep the list). */
  readonly secretariat?: boolean;
}

const DOMAIN: Readonly<Record<string, string>> = Object.fromEntries(GUINEA_DEFAULT_AGENCIES.map((agency) => [agency.code, agency.emailDomains[0] ?? 'un.org']));

// Where each Playground person sits, by their email (the config's people are fictional too).
const PLAYGROUND_SEATS: Readonly<Record<string, { agency: string; role: Role; secretariat?: boolean }>> = {
  'mariama.conde@un.org': { agency: 'RCO', role: 'member', secretariat: true },
  'mamadou.diallo@unhcr.org': { agency: 'UNHCR', role: 'focalPoint' },
  'fatoumata.bah@unicef.org': { agency: 'UNICEF', role: 'focalPoint' },
  'ibrahima.sylla@undp.org': { agency: 'UNDP', role: 'focalPoint' },
  'kadiatou.soumah@wfp.org': { agency: 'WFP', role: 'member' },
};

// Fictional colleagues: [name, agency, role, language].
const COLLEAGUES: readonly (readonly [string, string, Role, 'fr' | 'en'])[] = [
  ['Alpha Oumar Barry', 'IOM', 'focalPoint', 'fr'],
  ['Nènè Sow', 'IOM', 'alternate', 'fr'],
  ['Sékou Keita', 'IOM', 'member', 'fr'],
  ['Fatou Camara', 'IOM', 'member', 'en'],
  ['Aïcha Touré', 'UNDP', 'alternate', 'fr'],
  ['Boubacar Bah', 'UNDP', 'member', 'fr'],
  ['Hawa Bangoura', 'UNHCR', 'alternate', 'fr'],
  ['Moussa Cissé', 'UNHCR', 'member', 'fr'],
  ['Saliou Diallo', 'UNHCR', 'member', 'fr'],
  ['Jean-Pierre Loua', 'OHCHR', 'focalPoint', 'fr'],
  ['Mariame Kaba', 'OHCHR', 'alternate', 'en'],
  ['Thierno Diallo', 'UNICEF', 'alternate', 'fr'],
  ['Djénabou Barry', 'UNICEF', 'member', 'fr'],
  ['Ousmane Sylla', 'UNODC', 'focalPoint', 'fr'],
  ['Safiatou Doumbouya', 'UNODC', 'alternate', 'fr'],
  ['Lansana Kouyaté', 'RCO', 'member', 'fr'],
  ['Mamady Condé', 'WFP', 'focalPoint', 'fr'],
  ['Aïssata Bah', 'WFP', 'alternate', 'fr'],
  ['Fodé Soumah', 'FAO', 'focalPoint', 'fr'],
  ['Aminata Diakité', 'WHO', 'focalPoint', 'fr'],
  ['Ibrahima Kourouma', 'WHO', 'member', 'fr'],
  ['Kadiatou Baldé', 'UNFPA', 'focalPoint', 'fr'],
  ['Fanta Camara', 'UNFPA', 'alternate', 'fr'],
  ['Abdoulaye Diallo', 'ILO', 'focalPoint', 'en'],
  ['Mariama Sow', 'UNWOMEN', 'focalPoint', 'fr'],
  ['Rouguiatou Bah', 'UNWOMEN', 'member', 'fr'],
  ['Alseny Bangoura', 'UNESCO', 'focalPoint', 'fr'],
  ['Christine Haba', 'UNAIDS', 'focalPoint', 'fr'],
  ['Elhadj Sylla', 'UNIDO', 'focalPoint', 'fr'],
  ['Saran Keita', 'UNOPS', 'focalPoint', 'fr'],
  ['Mory Traoré', 'UNOPS', 'member', 'fr'],
  ['Tidiane Sow', 'UNICEF', 'member', 'fr'],
  ['Kadiatou Touré', 'UNDP', 'member', 'en'],
  ['Namory Keita', 'WHO', 'alternate', 'fr'],
];

const emailOf = (name: string, agency: string) =>
  `${name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '')}@${DOMAIN[agency] ?? 'un.org'}`;
// Stable ids, so a second run finds the same people (version-4 shaped, clearly fictional).
const fictionalId = (index: number) => `00000000-0000-4000-8000-${(0x100 + index).toString(16).padStart(12, '0')}`;

/** The network's people: the Playground's current user (co-chair, RCO focal point) first. */
export function demoMembers(people: readonly PlaygroundPerson[]): { readonly coChair: DemoMember; readonly members: readonly DemoMember[] } {
  const [current, ...others] = people;
  if (!current) throw new Error('.m365agentsplayground.yml names no current user.');
  const coChair: DemoMember = { name: current.name, agency: 'RCO', role: 'focalPoint', language: 'fr', aadObjectId: current.aadObjectId, email: current.email };
  const playground = others.flatMap((person): DemoMember[] => {
    const seat = PLAYGROUND_SEATS[person.email];
    return seat ? [{ name: person.name, agency: seat.agency, role: seat.role, language: 'fr', aadObjectId: person.aadObjectId, email: person.email, ...(seat.secretariat ? { secretariat: true } : {}) }] : [];
  });
  const colleagues = COLLEAGUES.map(([name, agency, role, language], index): DemoMember => ({ name, agency, role, language, aadObjectId: fictionalId(index), email: emailOf(name, agency) }));
  return { coChair, members: [...playground, ...colleagues] };
}

export interface DemoSummary {
  readonly members: number;
  readonly created: Readonly<Record<string, number>>;
}

// ---- the content ----------------------------------------------------------------------------

const PAST_MEETING = 'Réunion ordinaire du Réseau — bilan du trimestre';
const NEXT_MEETING = 'Réunion ordinaire du Réseau — préparation de la revue annuelle';
const POLL_QUESTION = 'Quel thème pour la Journée internationale des migrants (18 décembre) ?';
const ADOPTED_DECISION = 'Termes de référence du groupe de travail Données migratoires';
const OPEN_DECISION = 'Position commune sur les retours volontaires depuis l’Afrique du Nord';
const STATEMENT_TITLE = 'Déclaration conjointe — Journée internationale des migrants 2026';

const UPDATES: readonly { readonly title: string; readonly summary: string; readonly link: string; readonly kind: string; readonly agency: string; readonly objectives: readonly number[] }[] = [
  { title: 'Matrice de suivi des déplacements : flux à Boké et Kankan', summary: 'Le DTM publie les flux observés aux points de suivi de Boké et Kankan sur le trimestre.', link: 'https://dtm.iom.int/guinea', kind: 'data', agency: 'IOM', objectives: [1] },
  { title: 'Retours assistés depuis la Libye : bilan mensuel', summary: 'Nombre de migrants guinéens rentrés avec une aide au retour volontaire et à la réintégration.', link: 'https://guinea.iom.int/fr/retours', kind: 'data', agency: 'IOM', objectives: [21] },
  { title: 'Campagne « Migrer en sécurité » dans les écoles de Labé', summary: 'Sessions d’information sur les risques de la migration irrégulière auprès de 2 000 élèves.', link: 'https://guinea.iom.int/fr/migrer-en-securite', kind: 'event', agency: 'IOM', objectives: [3, 2] },
  { title: 'Enregistrement des naissances aux frontières', summary: 'Les équipes mobiles ont délivré 1 200 actes de naissance dans les préfectures frontalières.', link: 'https://www.unicef.org/guinea/actes-naissance', kind: 'news', agency: 'UNICEF', objectives: [4] },
  { title: 'Enfants en déplacement : note de situation', summary: 'Situation des enfants non accompagnés aux points de transit et réponse de protection.', link: 'https://www.unicef.org/guinea/enfants-en-deplacement', kind: 'study', agency: 'UNICEF', objectives: [7, 15] },
  { title: 'Réfugiés ivoiriens et libériens : solutions durables', summary: 'Point sur l’intégration locale et la documentation des réfugiés de longue durée.', link: 'https://www.unhcr.org/gn/solutions-durables', kind: 'document', agency: 'UNHCR', objectives: [4, 16] },
  { title: 'Apatridie : campagne de délivrance de certificats de nationalité', summary: 'Avec le ministère de la Justice, 3 000 certificats délivrés dans la région forestière.', link: 'https://www.unhcr.org/gn/apatridie', kind: 'news', agency: 'UNHCR', objectives: [4] },
  { title: 'Alerte : arrivées à la frontière sud après les affrontements', summary: 'Arrivées signalées à Lola ; évaluation conjointe des besoins en cours.', link: 'https://www.unhcr.org/gn/alerte-lola', kind: 'alert', agency: 'UNHCR', objectives: [7, 23] },
  { title: 'Traite des personnes : rapport national 2025', summary: 'Le rapport recense les cas identifiés et les poursuites engagées en 2025.', link: 'https://www.unodc.org/westandcentralafrica/traite-guinee', kind: 'study', agency: 'UNODC', objectives: [10] },
  { title: 'Formation des magistrats au trafic illicite de migrants', summary: 'Trente magistrats formés à l’application de la loi sur le trafic illicite de migrants.', link: 'https://www.unodc.org/westandcentralafrica/formation-magistrats', kind: 'event', agency: 'UNODC', objectives: [9] },
  { title: 'Droits des migrants en détention : visite des lieux de rétention', summary: 'Recommandations après la visite de trois lieux de rétention administrative.', link: 'https://www.ohchr.org/fr/countries/guinea/retention', kind: 'document', agency: 'OHCHR', objectives: [13, 17] },
  { title: 'Discours de haine envers les migrants : veille des médias', summary: 'Synthèse de la veille des médias et des réseaux sociaux sur le trimestre.', link: 'https://www.ohchr.org/fr/countries/guinea/veille', kind: 'study', agency: 'OHCHR', objectives: [17] },
  { title: 'Jeunes et emploi : programme de formation professionnelle', summary: 'Ouverture de 500 places de formation pour les jeunes de retour dans leurs communautés.', link: 'https://www.undp.org/fr/guinea/formation', kind: 'news', agency: 'UNDP', objectives: [18, 21] },
  { title: 'Transferts de fonds de la diaspora : étude sur les coûts', summary: 'Coût moyen d’un transfert vers la Guinée et pistes pour le réduire.', link: 'https://www.undp.org/fr/guinea/transferts', kind: 'study', agency: 'UNDP', objectives: [20, 19] },
  { title: 'Diaspora guinéenne : forum de l’investissement', summary: 'Compte rendu du forum qui a réuni 300 membres de la diaspora à Conakry.', link: 'https://www.undp.org/fr/guinea/forum-diaspora', kind: 'event', agency: 'UNDP', objectives: [19] },
  { title: 'Sécurité alimentaire dans les zones de départ', summary: 'Les zones de forte émigration connaissent une insécurité alimentaire saisonnière.', link: 'https://www.wfp.org/countries/guinea/securite-alimentaire', kind: 'data', agency: 'WFP', objectives: [2] },
  { title: 'Migrations climatiques : dégradation des terres en Haute-Guinée', summary: 'Étude sur le lien entre dégradation des terres et départs des jeunes ruraux.', link: 'https://www.fao.org/guinea/migrations-climatiques', kind: 'study', agency: 'FAO', objectives: [2] },
  { title: 'Accès aux soins des migrants de retour', summary: 'Prise en charge psychosociale et médicale dans les centres de santé de Conakry.', link: 'https://www.who.int/guinea/soins-migrants', kind: 'news', agency: 'WHO', objectives: [15, 21] },
  { title: 'Violences basées sur le genre sur les routes migratoires', summary: 'Témoignages et orientation vers les services pour les survivantes.', link: 'https://guinea.unfpa.org/vbg-routes-migratoires', kind: 'document', agency: 'UNFPA', objectives: [7, 8] },
  { title: 'Recrutement équitable : atelier avec les agences privées', summary: 'Atelier sur les principes de recrutement équitable avec vingt agences de placement.', link: 'https://www.ilo.org/africa/guinea/recrutement-equitable', kind: 'event', agency: 'ILO', objectives: [6] },
  { title: 'Femmes migrantes et entrepreneuriat', summary: 'Un fonds d’appui aux activités génératrices de revenus des femmes de retour.', link: 'https://africa.unwomen.org/fr/guinea/entrepreneuriat', kind: 'news', agency: 'UNWOMEN', objectives: [16, 21] },
  { title: 'Reconnaissance des qualifications des migrants de retour', summary: 'Projet pilote de validation des acquis de l’expérience avec le ministère de l’Enseignement technique.', link: 'https://www.unesco.org/fr/guinea/qualifications', kind: 'document', agency: 'UNESCO', objectives: [18] },
  { title: 'Gestion intégrée des frontières : poste de Pamelap', summary: 'Le poste frontalier de Pamelap est équipé d’un système de gestion des données.', link: 'https://guinea.iom.int/fr/pamelap', kind: 'news', agency: 'IOM', objectives: [11, 12] },
  { title: 'Protection consulaire : mission au Maroc', summary: 'Mission conjointe avec le ministère des Affaires étrangères auprès des Guinéens au Maroc.', link: 'https://guinea.iom.int/fr/protection-consulaire', kind: 'event', agency: 'IOM', objectives: [14, 23] },
];

// ---- the loader -----------------------------------------------------------------------------

interface Clock {
  now: Date;
}

/** Loads the demo network into the store `env` names (SQLite only); safe to run again. */
export async function loadDemo(env: NodeJS.ProcessEnv, options: { readonly now?: Date; readonly cwd?: string } = {}): Promise<DemoSummary> {
  const refusal = demoRefusal(env);
  if (refusal) throw new DemoRefused(refusal);
  const { tenantId, people } = playgroundPeople();
  const { coChair, members } = demoMembers(people);
  const base = loadConfig({ ...env, PORT: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'error' }, options.cwd);
  if (base.store.kind !== 'sqlite') throw new DemoRefused('npm run demo writes to the embedded SQLite store only.');
  // The Playground's current user is the co-chair (the RCO's focal point), as README's local path sets it.
  const config: AppConfig = {
    ...base,
    membership: { ...base.membership, admins: [...base.membership.admins, { aadObjectId: coChair.aadObjectId, tenantId, role: 'cochair', agencyCode: 'RCO' }] },
  };
  const today = options.now ?? new Date();
  const clock: Clock = { now: new Date(today.getTime() - 60 * DAY) };
  const reseau = await startReseau(config, { now: () => clock.now });
  const created: Record<string, number> = {};
  const count = (what: string) => {
    created[what] = (created[what] ?? 0) + 1;
  };
  try {
    const network = config.networkId;
    const store = reseau.store;
    const actor = (member: DemoMember) => ({ aadObjectId: member.aadObjectId, name: member.name });
    const identity = (member: DemoMember): Identity => ({ aadObjectId: member.aadObjectId, tenantId, name: member.name, email: member.email, language: member.language });
    const at = (offsetDays: number, hourUtc = 9) => {
      const day = new Date(clock.now.getTime() + offsetDays * DAY);
      day.setUTCHours(hourUtc, 0, 0, 0);
      return day.toISOString();
    };

    // Members: the co-chair first (NETWORK_ADMINS-style bootstrap), then everyone, confirmed by her.
    if (!(await reseau.membership.memberStatus(network, coChair.aadObjectId))) {
      await reseau.membership.firstContact(network, identity(coChair));
      count('members');
    }
    for (const member of members) {
      if (await reseau.membership.memberStatus(network, member.aadObjectId)) continue;
      await reseau.membership.requestToJoin(network, identity(member), member.agency, member.role);
      await reseau.membership.confirm(network, coChair.aadObjectId, member.aadObjectId, member.agency);
      if (member.secretariat) await reseau.membership.changeMember(network, coChair.aadObjectId, memberDocumentId(member.aadObjectId), { secretariat: true });
      count('members');
    }
    const everyone = [coChair, ...members];
    const byAgency = (agency: string, role?: Role) => everyone.filter((member) => member.agency === agency && (!role || member.role === role));
    const voice = (agency: string) => byAgency(agency, 'focalPoint')[0] ?? byAgency(agency, 'alternate')[0]!;
    const excom = GUINEA_DEFAULT_AGENCIES.filter((agency) => agency.excom).map((agency) => agency.code);

    // Two months ago: the year's work plan, drafted, put to ExCom and adopted.
    const year = clock.now.getUTCFullYear();
    if (!(await exists(store, network, 'workplan', 'planYear', year))) {
      await loadWorkplan(reseau, network, year, coChair, voice, excom, clock, at);
      count('workplan');
    }

    // The past regular meeting: convened, answered, held, minutes recorded.
    if (!(await exists(store, network, 'meeting', 'title', PAST_MEETING))) {
      const meeting = await reseau.meetings.convene(network, coChair.aadObjectId, convocation(PAST_MEETING, at(5, 9), at(5, 12), ['Bilan des actualités migratoires du trimestre', 'Plan de travail : avancement par objectif du Pacte mondial', 'Journée internationale des migrants']));
      for (const [index, member] of everyone.entries()) {
        if (index % 5 === 4) continue; // Some never answer.
        await reseau.meetings.rsvp(network, member.aadObjectId, meeting.meetingId, index % 7 === 3 ? 'declined' : index % 3 === 0 ? 'online' : 'inPerson');
      }
      clock.now = new Date(clock.now.getTime() + 6 * DAY);
      await reseau.meetings.recordMinutes(network, coChair.aadObjectId, meeting.meetingId, {
        text: 'Le Réseau a passé en revue les actualités du trimestre et l’avancement du plan de travail. Le groupe de travail Données présentera ses termes de référence au Comité exécutif.',
        links: [{ title: 'Présentation DTM', url: 'https://dtm.iom.int/guinea' }],
        attendance: ['RCO', 'IOM', 'UNDP', 'UNHCR', 'UNICEF', 'OHCHR', 'WFP', 'WHO', 'UNFPA', 'ILO'],
        actionItems: [
          { text: 'Partager la note conceptuelle de la Journée internationale des migrants', agencyCode: 'IOM', due: at(20).slice(0, 10) },
          { text: 'Compiler les données de retour par préfecture', agencyCode: 'UNHCR', due: at(40).slice(0, 10) },
        ],
      });
      count('meetings');
    }

    // An ExCom decision taken by consensus (one voice per agency, all agree).
    if (!(await exists(store, network, 'decision', 'title', ADOPTED_DECISION))) {
      const decision = await reseau.decisions.createDecision(network, actor(coChair), {
        title: ADOPTED_DECISION,
        text: { fr: 'Le Comité exécutif établit le groupe de travail Données migratoires, présidé par l’OIM avec le HCR, et en adopte les termes de référence.', en: 'The Executive Committee establishes the working group on migration data, chaired by IOM with UNHCR, and adopts its terms of reference.' },
        mode: 'consensus',
        deadline: at(7, 17),
      });
      for (const agency of excom) {
        clock.now = new Date(clock.now.getTime() + 2 * HOUR);
        await reseau.decisions.castPosition(network, decision.decisionId, actor(voice(agency)), agency === 'OHCHR' ? { agencyCode: agency, position: 'agreeWithReservations', comment: 'Inclure des données ventilées par sexe et par âge.' } : { agencyCode: agency, position: 'agree' });
      }
      count('decisions');
    }

    // Migration updates shared over the two months, a few days apart.
    const start = clock.now.getTime();
    const step = (today.getTime() - 3 * DAY - start) / UPDATES.length;
    for (const [index, update] of UPDATES.entries()) {
      clock.now = new Date(Math.max(clock.now.getTime(), start + index * step));
      if (await exists(store, network, 'migrationUpdate', 'title', update.title)) continue;
      const sharer = byAgency(update.agency, 'member')[0] ?? voice(update.agency);
      await reseau.updates.share(network, actor(sharer), { title: update.title, summary: update.summary, link: update.link, kind: update.kind, agencyCode: update.agency, objectives: [...update.objectives] }, 'tab', `demo-update-${index + 1}`);
      count('updates');
    }

    // Now: what is open.
    clock.now = new Date(today.getTime() - 2 * DAY);
    if (!(await exists(store, network, 'statement', 'title', STATEMENT_TITLE))) {
      const statement = await reseau.statements.request(network, actor(voice('IOM')), { title: STATEMENT_TITLE, purpose: 'Rappeler les droits de toute personne migrante à l’occasion du 18 décembre.', gcmObjectives: [17, 23], languages: ['fr', 'en'] });
      await reseau.statements.addVersion(network, statement.statementId, actor(coChair), {
        fr: 'À l’occasion de la Journée internationale des migrants, le Réseau des Nations Unies sur les migrations en Guinée rappelle que toute personne migrante a des droits, quel que soit son statut, et salue l’engagement du Gouvernement dans la mise en œuvre du Pacte mondial.',
        en: 'On International Migrants Day, the United Nations Network on Migration in Guinea recalls that every migrant has rights, whatever their status, and welcomes the Government’s commitment to implementing the Global Compact.',
      });
      await reseau.statements.submit(network, statement.statementId, actor(coChair), { deadline: at(7, 17) });
      for (const agency of ['IOM', 'UNDP', 'UNICEF']) await reseau.statements.clear(network, statement.statementId, actor(voice(agency)), { agencyCode: agency, version: 1, position: 'approve' });
      await reseau.statements.clear(network, statement.statementId, actor(voice('OHCHR')), { agencyCode: 'OHCHR', version: 1, position: 'requestChanges', comment: 'Mentionner l’interdiction de la détention des enfants migrants.' });
      count('statements');
    }

    clock.now = new Date(today.getTime() - DAY);
    if (!(await exists(store, network, 'decision', 'title', OPEN_DECISION))) {
      const decision = await reseau.decisions.createDecision(network, actor(coChair), {
        title: OPEN_DECISION,
        text: { fr: 'Le Réseau adopte une position commune : tout retour est volontaire, informé et suivi d’un accompagnement à la réintégration.', en: 'The Network adopts a common position: every return is voluntary, informed and followed by reintegration support.' },
        mode: 'consensus',
        deadline: at(10, 17),
      });
      for (const agency of ['IOM', 'UNHCR', 'UNDP']) await reseau.decisions.castPosition(network, decision.decisionId, actor(voice(agency)), { agencyCode: agency, position: 'agree' });
      count('decisions');
    }

    clock.now = today;
    if (!(await exists(store, network, 'poll', 'question', POLL_QUESTION))) {
      const poll = await reseau.decisions.createPoll(network, actor(coChair), {
        question: POLL_QUESTION,
        kind: 'single',
        options: ['Les droits des enfants migrants', 'La contribution de la diaspora', 'Migrer en sécurité : l’information des jeunes'],
        anonymous: false,
        deadline: at(7, 17),
      });
      for (const [index, member] of everyone.entries()) {
        if (index % 3 === 2) continue;
        await reseau.decisions.answerPoll(network, poll.pollId, actor(member), { choices: [poll.options[index % 4 === 0 ? 1 : index % 4 === 1 ? 0 : 2]!.id] });
      }
      count('polls');
    }

    if (!(await exists(store, network, 'meeting', 'title', NEXT_MEETING))) {
      const meeting = await reseau.meetings.convene(network, coChair.aadObjectId, convocation(NEXT_MEETING, at(12, 9), at(12, 12), ['Revue annuelle : programme et invités', 'Journée internationale des migrants : bilan', 'Plan de travail de l’an prochain']));
      for (const [index, member] of everyone.entries()) {
        if (index % 2 === 1) continue;
        await reseau.meetings.rsvp(network, member.aadObjectId, meeting.meetingId, index % 6 === 0 ? 'online' : 'inPerson');
      }
      count('meetings');
    }

    await reseau.decisions.tick(network);
    await reseau.workplan.tick(network);
    return { members: everyone.length, created };
  } finally {
    await reseau.stop();
  }
}

export class DemoRefused extends Error {
  override readonly name = 'DemoRefused';
}

function convocation(title: string, start: string, end: string, agenda: readonly string[]) {
  return {
    kind: 'regular' as const,
    title,
    start,
    end,
    timeZone: CONAKRY,
    location: { kind: 'iomOffice' as const, details: 'Salle de conférence, Kaloum' },
    onlineUrl: 'https://teams.microsoft.com/l/meetup-join/reseau-demo',
    agenda: agenda.map((item, index) => ({ title: item, ...(index === 0 ? { agencyCode: 'IOM' } : {}) })),
    documents: [{ title: 'Ordre du jour détaillé', url: 'https://example.org/reseau/ordre-du-jour' }],
    invitees: { kind: 'all' as const },
    externalGuests: [],
  };
}

/** Whether a document of `type` with this field value exists (a point of the idempotence). */
async function exists(store: DocumentStore, networkId: string, type: string, field: string, value: string | number): Promise<boolean> {
  return (await store.query(networkId, { type, where: [{ path: field, op: '=', value }], limit: 1 })).length > 0;
}

async function loadWorkplan(
  reseau: RunningReseau,
  network: string,
  year: number,
  coChair: DemoMember,
  voice: (agency: string) => DemoMember,
  excom: readonly string[],
  clock: Clock,
  at: (offsetDays: number, hourUtc?: number) => string,
): Promise<void> {
  const actor = (member: DemoMember) => ({ aadObjectId: member.aadObjectId, name: member.name });
  await reseau.workplan.createPlan(network, actor(coChair), { year, title: { fr: `Plan de travail ${year} du Réseau`, en: `Network work plan ${year}` } });
  const activities = [
    { description: { fr: 'Former les agents de la police aux frontières à la gestion intégrée des frontières', en: 'Train border police officers in integrated border management' }, objectives: [11, 7], leadAgency: 'IOM', contributingAgencies: ['UNHCR', 'UNODC'], externalPartners: ['Direction de la police de l’air et des frontières'], indicators: [{ label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 120 }], budget: { amount: 50000, currency: 'USD', fundingSource: 'Fonds fiduciaire multipartenaires' } },
    { description: { fr: 'Délivrer des actes de naissance dans les préfectures frontalières', en: 'Issue birth certificates in border prefectures' }, objectives: [4], leadAgency: 'UNICEF', contributingAgencies: ['UNHCR'], externalPartners: ['Ministère de l’Administration du territoire'], indicators: [{ label: { fr: 'Actes délivrés', en: 'Certificates issued' }, unit: 'count', baseline: 0, target: 5000 }] },
    { description: { fr: 'Accompagner la réintégration économique des migrants de retour', en: 'Support the economic reintegration of returning migrants' }, objectives: [21, 18], leadAgency: 'UNDP', contributingAgencies: ['IOM', 'ILO'], externalPartners: ['Agence guinéenne pour la promotion de l’emploi'], indicators: [{ label: { fr: 'Personnes accompagnées', en: 'People supported' }, unit: 'people', baseline: 0, target: 800 }] },
    { description: { fr: 'Publier un rapport annuel sur la traite des personnes', en: 'Publish an annual report on trafficking in persons' }, objectives: [10, 1], leadAgency: 'UNODC', contributingAgencies: ['OHCHR'], externalPartners: [], indicators: [{ label: { fr: 'Rapport publié', en: 'Report published' }, unit: 'count', baseline: 0, target: 1 }] },
  ];
  const ids: { id: string; lead: string; unit: string; target: number }[] = [];
  for (const activity of activities) {
    const added = await reseau.workplan.proposeActivity(network, actor(coChair), year, { ...activity, period: { kind: 'quarters', from: 1, to: 4 } });
    ids.push({ id: added.activityId, lead: activity.leadAgency, unit: activity.indicators[0]!.unit, target: activity.indicators[0]!.target });
  }
  await reseau.workplan.openConsultation(network, coChair.aadObjectId, year);
  await reseau.workplan.comment(network, actor(voice('UNHCR')), year, ids[0]!.id, 'Inclure les agents des postes de la région forestière.');
  await reseau.workplan.comment(network, actor(voice('WFP')), year, ids[2]!.id, 'Le PAM peut appuyer les activités génératrices de revenus.');
  clock.now = new Date(clock.now.getTime() + DAY);
  const submitted = await reseau.workplan.submit(network, actor(coChair), year, { mode: 'consensus', deadline: at(5, 17) });
  const decisionId = submitted.submission?.decisionId;
  if (!decisionId) throw new Error('The work plan was submitted without a decision.');
  for (const agency of excom) await reseau.decisions.castPosition(network, decisionId, actor(voice(agency)), { agencyCode: agency, position: 'agree' });
  await reseau.decisions.cardsIdle();
  await reseau.workplan.tick(network);
  // Reports of the quarters already under way, by each lead agency's focal point.
  const current = Math.floor(clock.now.getUTCMonth() / 3) + 1;
  for (let quarter = 1; quarter <= current; quarter += 1) {
    for (const [index, activity] of ids.entries()) {
      if (index === 3 && quarter === current) continue; // One agency has not reported yet.
      await reseau.workplan.report(network, actor(voice(activity.lead)), year, activity.id, {
        quarter: quarter as 1 | 2 | 3 | 4,
        planVersion: 1,
        status: 'ongoing',
        values: [{ indicatorId: 'i1', value: Math.round((activity.target * quarter) / 4 * 0.8), unit: activity.unit }],
        narrative: `Avancement du trimestre ${quarter} conforme au plan.`,
        evidenceUrl: 'https://example.org/reseau/rapport',
      });
    }
  }
}

async function main(): Promise<void> {
  const refusal = demoRefusal(process.env);
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exit(2);
  }
  const summary = await loadDemo(process.env);
  const added = Object.entries(summary.created).map(([what, n]) => `${what} ${n}`).join(', ');
  process.stdout.write(
    `Demo network ready (${summary.members} people). Added: ${added || 'nothing, it was loaded already'}.\n` +
      'npm start, then npm run playground: you are Aminata Camara, co-chair. Tab: http://localhost:3978/tab\n',
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
