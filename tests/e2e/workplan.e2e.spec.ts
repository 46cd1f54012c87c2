/**
 * The annual work plan end to end: drafted over /api/v1 by the co-chair and members, put to all
 * members' consultation, adopted by ExCom through the decisions slice with positions cast by
 * card actions on /api/messages, frozen, reported on quarter by quarter by lead agencies,
 * amended through a second decision (the changes shown), and exported as CSV. Bad input is
 * refused with a code and a message in the reader's language, and the partition left as it was.
 */
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import type { DecisionDocument } from '../../src/decisions/model';
import type { PlanDocument } from '../../src/workplan/model';
import type { PlanView } from '../../src/workplan/workplan-views';
import type { OutboxItem } from '../../src/delivery/outbox-rules';
import { postActivity } from '../support/bot-client';
import { parseAdaptiveCard } from '../support/adaptive-card-parser';
import type { ReseauWithClock } from '../support/reseau-with-clock';
import { apiCall, type ApiAnswer } from '../support/api-client';
import { cardTap } from '../support/card-actions';
import { castAll as castAllOf, refusedUnchanged as refusedUnchangedIn, startExcomNetwork, storedPartition, type ExcomNetwork } from '../support/excom-network';
import { message, teamsConversation, teamsUser, type TeamsUser } from '../support/teams-activities';

const NETWORK = 'gn';
const START = new Date('2026-03-02T09:00:00Z');
const HOUR = 3600_000;

const activity = (overrides: Record<string, unknown> = {}) => ({
  description: { fr: 'Former les agents de la police aux frontières', en: 'Train border police officers' },
  objectives: [11, 7],
  leadAgency: 'IOM',
  contributingAgencies: ['UNHCR'],
  externalPartners: ['Direction de la police de l’air et des frontières'],
  period: { kind: 'quarters', from: 1, to: 4 },
  indicators: [{ label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 120 }],
  budget: { amount: 50000, currency: 'USD', fundingSource: 'Fonds fiduciaire multipartenaires' },
  ...overrides,
});

describe('the annual work plan through /api/v1 and /api/messages', function () {
  this.timeout(90_000);
  let network: ExcomNetwork;
  let app: ReseauWithClock;
  let rc: TeamsUser;
  let reps: ExcomNetwork['reps'];
  let wfp: TeamsUser;
  let wfpFocal: TeamsUser;
  let pending: TeamsUser;

  const at = (offsetMs: number) => new Date(app.clock.now.getTime() + offsetMs).toISOString();
  const api = (method: string, path: string, as: TeamsUser, body?: unknown, language = 'fr-FR') => apiCall(app.url, method, path, as, body, language);
  const plan = async (as: TeamsUser = rc) => {
    const read = await api('GET', '/workplan/2026', as);
    assert.equal(read.status, 200, read.raw);
    return read.body as unknown as PlanView;
  };
  const refusedUnchanged = (request: () => Promise<ApiAnswer>, expected: { status: number; code: string; message: RegExp }) => refusedUnchangedIn(app, NETWORK, request, expected);
  const castAll = (decisionId: string, position = 'agree') => castAllOf(network, NETWORK, decisionId, position, 'Budget non financé');
  /** The regular meeting of 3 March 2026, convened by the co-chair and held (the clock after it): minutes may be recorded. */
  const heldMeeting = async (): Promise<string> => {
    const convened = await api('POST', '/meetings', rc, {
      kind: 'regular',
      title: 'Réunion ordinaire de mars',
      start: '2026-03-03T10:00:00Z',
      end: '2026-03-03T12:00:00Z',
      timeZone: 'Africa/Conakry',
      location: { kind: 'iomOffice' },
      agenda: [],
      documents: [],
      invitees: { kind: 'all' },
      externalGuests: [],
    });
    assert.equal(convened.status, 201, convened.raw);
    app.clock.now = new Date('2026-03-03T13:00:00Z');
    return String(convened.body.meetingId);
  };

  beforeEach(async () => {
    network = await startExcomNetwork(NETWORK, START);
    ({ app, coChair: rc, reps } = network);
    const { join } = network;
    wfp = await join('Ibrahima Sylla', 'WFP', 'member');
    wfpFocal = await join('Point focal PAM', 'WFP', 'focalPoint');
    pending = await join('Nouveau UNICEF', 'UNICEF', 'member', false);
  });
  afterEach(async () => {
    await app?.stop();
  });

  it('draft → member proposal → consultation comments → ExCom adoption by card → frozen → quarterly report → amendment with its changes → CSV', async () => {
    // No plan yet: the list of years says so (the tab opens a year only when it has one).
    assert.deepEqual((await api('GET', '/workplan', rc)).body, { years: [] });
    // The co-chair drafts the plan of the year.
    const created = await api('POST', '/workplan', rc, { year: 2026, title: { fr: 'Plan de travail 2026', en: 'Work plan 2026' } });
    assert.equal(created.status, 201, created.raw);
    assert.deepEqual((await api('GET', '/workplan', wfp)).body, { years: [2026] });
    const strangerAsks = await api('GET', '/workplan', teamsUser({ name: 'Inconnu' }));
    assert.equal(strangerAsks.status, 403, strangerAsks.raw);
    assert.equal((created.body as unknown as PlanView).status, 'draft');
    const training = await api('POST', '/workplan/2026/activities', rc, activity());
    assert.equal(training.status, 201, training.raw);
    const trainingId = String(training.body.activityId);

    // Any confirmed member proposes an activity for their own agency, not for another.
    const meals = await api('POST', '/workplan/2026/activities', wfp, activity({ description: { fr: '=HYPERLINK("http://x") repas aux points de transit' }, leadAgency: 'WFP', contributingAgencies: [], objectives: [15], period: { kind: 'dates', start: '2026-04-01', end: '2026-09-30' }, indicators: [{ label: { fr: 'Repas' }, unit: 'count', baseline: 0, target: 10000 }], budget: undefined }));
    assert.equal(meals.status, 201, meals.raw);
    const mealsId = String(meals.body.activityId);
    await refusedUnchanged(() => api('POST', '/workplan/2026/activities', wfp, activity()), { status: 403, code: 'notLeadAgency', message: /Seule l’agence chef de file \(IOM\)/ });
    await refusedUnchanged(() => api('POST', '/workplan/2026/activities', rc, activity({ objectives: [24] })), { status: 400, code: 'unknownObjective', message: /numérotés de 1 à 23\u202f; rien n’a été enregistré/ });
    await refusedUnchanged(() => api('POST', '/workplan/2026/activities', rc, activity({ period: { kind: 'dates', start: '2026-02-10', end: '2026-02-30' } }), 'en-GB'), { status: 400, code: 'invalidActivity', message: /Invalid activity; nothing was saved. To fix: the period$/ });
    await refusedUnchanged(() => api('POST', '/workplan/2026/activities', pending, activity({ leadAgency: 'UNICEF' })), { status: 403, code: 'forbidden', message: /ne permet pas/ });

    // The tab shows a plain member no lifecycle button; the API refuses the steps anyway.
    await refusedUnchanged(() => api('POST', '/workplan/2026/consultation', wfp, {}), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refusedUnchanged(() => api('POST', '/workplan/2026/submit', wfp, { mode: 'consensus', deadline: at(72 * HOUR) }), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refusedUnchanged(() => api('GET', '/workplan/2026/reporting?quarter=1', wfp), { status: 403, code: 'forbidden', message: /ne permet pas/ });

    // The consultation of all members: comments per activity, grouped by agency.
    assert.equal((await api('POST', '/workplan/2026/consultation', rc, {})).status, 200);
    assert.equal((await api('POST', `/workplan/2026/activities/${trainingId}/comments`, reps.UNHCR!, { text: 'Inclure les agents de Boké.' })).status, 201);
    assert.equal((await api('POST', `/workplan/2026/activities/${trainingId}/comments`, wfp, { text: 'Nous pouvons fournir des repas.' })).status, 201);
    const comments = await api('GET', '/workplan/2026/comments', reps.IOM!);
    assert.deepEqual(
      (comments.body as unknown as { activityId: string; byAgency: { agencyCode: string; comments: { text: string }[] }[] }[]).map((entry) => [entry.activityId, entry.byAgency.map((group) => [group.agencyCode, group.comments.map((comment) => comment.text)])]),
      [[trainingId, [['UNHCR', ['Inclure les agents de Boké.']], ['WFP', ['Nous pouvons fournir des repas.']]]]],
    );

    // The decision's own refusals (reminders out of range, a past deadline, not a co-chair) leave the plan as it was.
    await refusedUnchanged(() => api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR), reminderOffsetsMinutes: [0] }), { status: 400, code: 'invalidInput', message: /Saisie invalide.*au plus 10 rappels/ });
    await refusedUnchanged(() => api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(-HOUR) }), { status: 400, code: 'invalidInput', message: /Échéance\u202f: doit être dans le futur/ });
    await refusedUnchanged(() => api('POST', '/workplan/2026/submit', reps.UNHCR!, { mode: 'consensus', deadline: at(72 * HOUR) }), { status: 403, code: 'forbidden', message: /ne permet pas/ });

    // Submitted: an ExCom decision linked to version 1; the draft is frozen.
    const submitted = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    assert.equal(submitted.status, 200, submitted.raw);
    const submission = (submitted.body as unknown as PlanView).submission;
    assert.equal(submission?.version, 1);
    const decisionId = submission!.decisionId!;
    const decision = (await app.store.get<DecisionDocument>(NETWORK, `decision:${decisionId}`))?.document;
    assert.deepEqual(decision?.subject, { kind: 'workplan', id: '2026:1' });
    assert.match(decision?.text.fr ?? '', /2 activités, au service des objectifs du Pacte mondial 7, 11, 15/);
    await refusedUnchanged(() => api('PUT', `/workplan/2026/activities/${mealsId}`, wfp, { revision: 1, activity: activity({ leadAgency: 'WFP' }) }), { status: 409, code: 'frozen', message: /figée/ });

    // ExCom adopts by consensus, each focal point tapping their card: the plan is adopted, numbered.
    await castAll(decisionId);
    const adopted = await plan();
    assert.equal(adopted.status, 'adopted');
    assert.equal(adopted.version, 1);
    assert.match(adopted.versions[0]?.registerNumber ?? '', /^DEC-2026-\d{3}$/);
    assert.equal(adopted.versions[0]?.decisionId, decisionId);
    assert.deepEqual(adopted.activities.map((entry) => entry.inForce), [true, true]);

    // Quarterly report by the lead agency's focal point, in the indicator's unit.
    const report = { quarter: 1, planVersion: 1, status: 'ongoing', values: [{ indicatorId: 'i1', value: 30, unit: 'people' }], narrative: 'Première session à Conakry.', evidenceUrl: 'https://guinea.iom.int/news/formation' };
    const reported = await api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.IOM!, report);
    assert.equal(reported.status, 201, reported.raw);
    const afterReport = (await plan()).activities.find((entry) => entry.activityId === trainingId);
    assert.equal(afterReport?.progress, 0.25);
    assert.equal(afterReport?.status, 'ongoing');
    assert.deepEqual((await plan()).byObjective.map((row) => [row.objective, row.progress]), [[7, 0.25], [11, 0.25], [15, 0]]);
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.IOM!, { ...report, values: [{ indicatorId: 'i1', value: 30, unit: 'percent' }] }), { status: 400, code: 'wrongUnit', message: /i1\u202f: attendu en personnes, reçu en %/ });
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.UNHCR!, report), { status: 403, code: 'notLeadAgency', message: /\(IOM\)/ });
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.IOM!, { ...report, quarter: 3 }), { status: 409, code: 'quarterNotStarted', message: /T3 n’a pas encore commencé/ });
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.IOM!, { ...report, evidenceUrl: 'http://guinea.iom.int/x' }), { status: 400, code: 'invalidReport', message: /À corriger\u202f: le lien vers les justificatifs$/ });
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${mealsId}/reports`, wfpFocal, { ...report, values: [] }), { status: 409, code: 'outsidePeriod', message: /trimestre T1/ });

    // Co-chairs see who has and has not reported; members do not.
    const reporting = await api('GET', '/workplan/2026/reporting?quarter=1', rc);
    assert.deepEqual(reporting.body, { version: 1, quarter: 1, reported: ['IOM'], missing: [] });

    // The regional report of the quarter carries the plan by GCM objective, in the reader's language.
    const reportFr = await api('GET', '/reports/download?from=2026-01-01&to=2026-03-31&format=html', wfp);
    assert.equal(reportFr.status, 200, reportFr.raw);
    const sectionFr = reportFr.raw.slice(reportFr.raw.indexOf('<h2>Plan de travail par objectif du Pacte mondial</h2>'));
    assert.match(sectionFr, /Plan de travail 2026, version 1 en vigueur \(décision DEC-2026-\d{3}\)\u202f: 1 activité sur la période\./, 'the meals start in April');
    assert.deepEqual([...sectionFr.matchAll(/data-goal="(\d+)" data-progress="(\d+)"/g)].map((match) => [match[1], match[2]]), [['7', '25'], ['11', '25']]);
    assert.match(sectionFr, /<td>Former les agents de la police aux frontières<\/td><td>[^<]*\(IOM\)<\/td><td>Agents formés\u202f: 30 \(0 → 120 personnes, 25 %\)<\/td><td>En cours<\/td><td>25 %<\/td>/);
    const reportEn = await api('GET', '/reports/download?from=2026-01-01&to=2026-03-31&format=docx', pending, undefined, 'en-GB');
    assert.equal(reportEn.status, 200);
    const word = await (await fetch(`${app.url}/api/v1/reports/download?from=2026-01-01&to=2026-03-31&format=docx`, { headers: { 'x-reseau-dev-user': rc.aadObjectId, 'accept-language': 'en-GB' } })).arrayBuffer();
    const wordXml = (await (await JSZip.loadAsync(Buffer.from(word))).file('word/document.xml')?.async('string')) ?? '';
    assert.match(wordXml, /Work plan by GCM objective/);
    assert.match(wordXml, /Train border police officers/);
    assert.match(wordXml, /Officers trained: 30 \(0 → 120 people, 25%\)/);

    app.clock.now = new Date('2026-04-03T09:00:00Z');
    assert.deepEqual((await api('GET', '/workplan/2026/reporting?quarter=2', rc)).body, { version: 1, quarter: 2, reported: [], missing: [{ agencyCode: 'IOM', activityIds: [trainingId] }, { agencyCode: 'WFP', activityIds: [mealsId] }] });
    assert.equal((await api('GET', '/workplan/2026/reporting?quarter=2', wfp)).status, 403);

    // An amendment: a new draft, a new decision, version 2 with its changes shown.
    await refusedUnchanged(() => api('POST', '/workplan/2026/amendment', wfp, {}), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    assert.equal((await api('POST', '/workplan/2026/amendment', rc, {})).status, 200);
    const edited = await api('PUT', `/workplan/2026/activities/${trainingId}`, rc, { revision: 1, activity: activity({ indicators: [{ id: 'i1', label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 150 }] }) });
    assert.equal(edited.status, 200, edited.raw);
    await refusedUnchanged(() => api('PUT', `/workplan/2026/activities/${trainingId}`, rc, { revision: 1, activity: activity() }), { status: 409, code: 'staleActivity', message: /modifiée entre-temps/ });
    // The version in force keeps counting while its amendment is drafted.
    assert.equal((await api('POST', `/workplan/2026/activities/${mealsId}/reports`, wfpFocal, { ...report, quarter: 2, values: [{ indicatorId: 'i1', value: 2500, unit: 'count' }] })).status, 201);
    const amendment = await api('POST', '/workplan/2026/submit', rc, { mode: 'silenceProcedure', deadline: at(48 * HOUR) });
    assert.equal(amendment.status, 200, amendment.raw);
    const amendmentDecision = (amendment.body as unknown as PlanView).submission!.decisionId!;
    assert.match((await app.store.get<DecisionDocument>(NETWORK, `decision:${amendmentDecision}`))?.document.text.en ?? '', /Changes from version 1: 0 activities added, 0 withdrawn, 1 changed/);
    await castAll(amendmentDecision);
    const amended = await plan();
    assert.equal(amended.version, 2);
    assert.equal(amended.versions.length, 2);
    assert.notEqual(amended.versions[1]?.registerNumber, amended.versions[0]?.registerNumber);
    const diff = await api('GET', '/workplan/2026/diff?from=1&to=2', wfp);
    assert.deepEqual(diff.body, [
      {
        activityId: trainingId,
        change: 'changed',
        fields: [{ field: 'indicators', before: [{ id: 'i1', label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 120 }], after: [{ id: 'i1', label: { fr: 'Agents formés', en: 'Officers trained' }, unit: 'people', baseline: 0, target: 150 }] }],
      },
    ]);
    // A card or page still showing version 1 is refused.
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.IOM!, { ...report, quarter: 2 }), { status: 409, code: 'staleVersion', message: /la version 2 l’est/ });
    // Teams refreshes a 1:1 card when it is shown: the stale one comes back on the version in force.
    const refreshed = JSON.stringify((await cardTap(app, reps.IOM!, 'workplan.reportView', { networkId: NETWORK, year: '2026', activityId: trainingId, quarter: '2', planVersion: '1' })).body);
    assert.match(refreshed, /plan version 2/);
    assert.match(refreshed, /"planVersion":"2"/);
    assert.match(refreshed, /cible 150/);
    assert.equal((await api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.IOM!, { ...report, quarter: 2, planVersion: 2, values: [{ indicatorId: 'i1', value: 75, unit: 'people' }] })).status, 201);
    assert.equal((await plan()).activities.find((entry) => entry.activityId === trainingId)?.progress, 0.5);
    // The first quarter's report still shows version 1, in force then (target 120), not the amendment.
    const firstQuarter = await api('GET', '/reports/download?from=2026-01-01&to=2026-03-31&format=html', rc);
    assert.match(firstQuarter.raw, /Plan de travail 2026, version 1 en vigueur/);
    assert.match(firstQuarter.raw, /Agents formés\u202f: 30 \(0 → 120 personnes, 25 %\)/);

    // CSV of the plan and its progress, formula-safe.
    const csv = await api('GET', '/workplan/2026/export', wfp);
    assert.equal(csv.status, 200);
    const lines = csv.raw.replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^year,version,activity,lead/);
    assert.match(csv.raw, /'=HYPERLINK/);
    assert.match(csv.raw, /Agents formés: 0→150 people; 75/);

    // Every change is in the audit trail.
    const audit = await api('GET', '/audit?limit=100', rc);
    const actions = ((audit.body.entries ?? audit.body) as unknown as { action: string }[]).map((entry) => entry.action);
    for (const action of ['workplan.create', 'workplan.activity.propose', 'workplan.consultation', 'workplan.comment', 'workplan.submit', 'workplan.adopt', 'workplan.report', 'workplan.amendment', 'workplan.activity.update']) {
      assert.ok(actions.includes(action), `${action} audited (${actions.join(', ')})`);
    }
  });

  /** The plan of 2026 with the training activity, adopted by ExCom: its activity id. */
  const adoptedPlan = async (): Promise<string> => {
    assert.equal((await api('POST', '/workplan', rc, { year: 2026, title: { fr: 'Plan de travail 2026', en: 'Work plan 2026' } })).status, 201);
    const activityId = String((await api('POST', '/workplan/2026/activities', rc, activity())).body.activityId);
    const submitted = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    await castAll((submitted.body as unknown as PlanView).submission!.decisionId!);
    assert.equal((await plan()).status, 'adopted');
    return activityId;
  };
  const wordText = async (answer: Response) => (await (await JSZip.loadAsync(Buffer.from(await answer.arrayBuffer()))).file('word/document.xml')?.async('string')) ?? '';
  const download = (path: string, as: TeamsUser, language = 'fr-FR') => fetch(`${app.url}/api/v1${path}`, { headers: { 'x-reseau-dev-user': as.aadObjectId, 'accept-language': language } });

  it('the annual review’s progress pack: Word for co-chairs, secretariat and ExCom (fr, en), refused to a member, a pending person, an unknown year; linked from the annual review’s convocation', async () => {
    const trainingId = await adoptedPlan();
    const report = { quarter: 1, planVersion: 1, status: 'ongoing', values: [{ indicatorId: 'i1', value: 60, unit: 'people' }], narrative: 'Deux sessions.' };
    assert.equal((await api('POST', `/workplan/2026/activities/${trainingId}/reports`, reps.IOM!, report)).status, 201);
    assert.equal((await api('POST', '/workplan/action-items', rc, { items: [{ text: 'Partager la liste des agents formés', ownerAgency: 'UNHCR', due: '2026-03-10' }, { text: 'Plus tard', ownerAgency: 'IOM', due: '2026-12-01' }] })).status, 201);
    app.clock.now = new Date('2026-04-20T09:00:00Z');

    const fr = await download('/workplan/2026/progress-pack.docx', rc);
    assert.equal(fr.status, 200);
    assert.equal(fr.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(fr.headers.get('content-disposition') ?? '', /filename="reseau-rapport-avancement-plan-2026.docx"/);
    const french = await wordText(fr);
    assert.match(french, /Revue annuelle — avancement du plan de travail 2026/);
    assert.match(french, /Agents formés\u202f: 60 \(0 → 120 personnes, 50 %\)/);
    assert.match(french, /Avancement par agence chef de file/);
    // Q1 reported by IOM; Q2 started, nothing in yet: IOM still owes it.
    assert.match(french, /T1<\/w:t>.*?>1<\/w:t>.*?>1<\/w:t>.*?>—<\/w:t>/);
    assert.match(french, /T2<\/w:t>.*?>1<\/w:t>.*?>0<\/w:t>.*?\(IOM\)<\/w:t>/);
    assert.match(french, /Partager la liste des agents formés/);
    assert.ok(!french.includes('Plus tard'), 'an item not yet due is not overdue');
    const english = await wordText(await download('/workplan/2026/progress-pack.docx', reps.UNHCR!, 'en-GB'));
    assert.match(english, /Annual review — progress of the 2026 work plan/);
    assert.match(english, /Officers trained: 60 \(0 → 120 people, 50%\)/);

    // Refusals, in the reader's language, nothing written.
    await refusedUnchanged(() => api('GET', '/workplan/2026/progress-pack.docx', wfp), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refusedUnchanged(() => api('GET', '/workplan/2026/progress-pack.docx', pending), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refusedUnchanged(() => api('GET', '/workplan/2031/progress-pack.docx', rc, undefined, 'en-GB'), { status: 404, code: 'unknownPlan', message: /does not exist in this network: 2031/ });

    // The co-chair convenes the annual review with the pack linked to its convocation.
    const review = { kind: 'annualReview', title: 'Revue annuelle 2026', start: '2026-05-05T09:00:00Z', end: '2026-05-05T12:00:00Z', location: { kind: 'iomOffice' }, agenda: [{ title: 'Progrès du plan de travail' }], invitees: { kind: 'excom' } };
    await refusedUnchanged(() => api('POST', '/meetings', rc, { ...review, progressPackYear: 2031 }), { status: 404, code: 'unknownPlan', message: /2031/ });
    await refusedUnchanged(() => api('POST', '/meetings', rc, { ...review, kind: 'regular', progressPackYear: 2026 }), { status: 400, code: 'invalidConvocation', message: /revue annuelle|annual review/ });
    const convened = await api('POST', '/meetings', rc, { ...review, progressPackYear: 2026 });
    assert.equal(convened.status, 201, convened.raw);
    const documents = convened.body.documents as { title: string; url: string }[];
    assert.deepEqual(documents.map((document) => document.title), ['Rapport d’avancement du plan de travail 2026 (Word) / Progress pack of the 2026 work plan (Word)']);
    assert.equal(documents[0]?.url, `${app.url}/api/v1/workplan/2026/progress-pack.docx`);
    // The convocation cards wait in the outbox: each one links the pack.
    const convocations = (await app.store.query<OutboxItem>(NETWORK, { type: 'outbox' })).map((entry) => JSON.stringify(entry.document)).filter((item) => item.includes('Revue annuelle 2026'));
    assert.ok(convocations.length > 0, 'convocations queued');
    assert.ok(convocations.every((item) => item.includes('/api/v1/workplan/2026/progress-pack.docx')), 'every convocation card links the pack');
  });

  it('an amendment’s changes against the version in force (added, withdrawn, changed field by field), for confirmed members; withdrawing is refused to whom may not edit the activity, nothing stored', async () => {
    const trainingId = await adoptedPlan();
    const meals = activity({ description: { fr: 'Repas chauds aux points de transit' }, leadAgency: 'WFP', contributingAgencies: [], objectives: [15], indicators: [], budget: undefined });
    // Not adopted yet: no version in force to compare with.
    assert.equal((await api('POST', '/workplan', rc, { year: 2027, title: { fr: 'Plan de travail 2027', en: 'Work plan 2027' } })).status, 201);
    await refusedUnchanged(() => api('GET', '/workplan/2027/changes', rc, undefined, 'en-GB'), { status: 409, code: 'notAdopted', message: /has not been adopted/ });
    // Adopted, no amendment: nothing changes.
    assert.deepEqual((await api('GET', '/workplan/2026/changes', wfp)).body, { year: 2026, from: 1, changes: [] });

    // A second activity in force (a first amendment adopting it), then the amendment under test.
    assert.equal((await api('POST', '/workplan/2026/amendment', rc, {})).status, 200);
    const protection = activity({ description: { fr: 'Référencer les victimes de la traite' }, objectives: [10], leadAgency: 'UNHCR', contributingAgencies: [] });
    const protectionId = String((await api('POST', '/workplan/2026/activities', rc, protection)).body.activityId);
    const second = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    await castAll((second.body as unknown as PlanView).submission!.decisionId!);
    assert.equal((await plan()).version, 2);
    assert.equal((await api('POST', '/workplan/2026/amendment', rc, {})).status, 200);

    // Withdrawing: only whom may edit the activity (drafters, the lead agency's members), on its revision, while editable.
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${protectionId}/withdraw`, wfp, { revision: 1 }), { status: 403, code: 'notLeadAgency', message: /\(UNHCR\)/ });
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${protectionId}/withdraw`, pending, { revision: 1 }, 'en-GB'), { status: 403, code: 'forbidden', message: /does not allow this/ });
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${protectionId}/withdraw`, rc, { revision: 7 }), { status: 409, code: 'staleActivity', message: /modifiée entre-temps/ });
    const withdrawn = await api('POST', `/workplan/2026/activities/${protectionId}/withdraw`, reps.UNHCR!, { revision: 1 });
    assert.equal(withdrawn.status, 200, withdrawn.raw);
    assert.deepEqual(withdrawn.body, { activityId: protectionId, revision: 2, withdrawn: true });
    // Restoring it (the tab's Restore: its working copy put back) is the lead agency's or a drafter's, as any edit.
    await refusedUnchanged(() => api('PUT', `/workplan/2026/activities/${protectionId}`, wfp, { revision: 2, activity: protection }), { status: 403, code: 'notLeadAgency', message: /\(UNHCR\)/ });
    const edited = await api('PUT', `/workplan/2026/activities/${trainingId}`, rc, { revision: 1, activity: activity({ period: { kind: 'dates', start: '2026-04-01', end: '2026-09-30' }, status: 'ongoing' }) });
    assert.equal(edited.status, 200, edited.raw);
    const mealsId = String((await api('POST', '/workplan/2026/activities', wfp, meals)).body.activityId);

    // Pending people read the plan in force only: the changes are refused them, nothing stored.
    await refusedUnchanged(() => api('GET', '/workplan/2026/changes', pending), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    const expected = (to?: number) => ({
      year: 2026,
      from: 2,
      ...(to ? { to } : {}),
      changes: [
        { activityId: trainingId, change: 'changed', description: activity().description, fields: [{ field: 'period', before: { kind: 'quarters', from: 1, to: 4 }, after: { kind: 'dates', start: '2026-04-01', end: '2026-09-30' } }, { field: 'status', before: 'planned', after: 'ongoing' }] },
        { activityId: mealsId, change: 'added', description: meals.description },
        { activityId: protectionId, change: 'removed', description: { fr: 'Référencer les victimes de la traite' } },
      ].sort((a, b) => a.activityId.localeCompare(b.activityId)),
    });
    const shape = (body: Record<string, unknown>) => ({ ...body, changes: (body.changes as Record<string, unknown>[]).map(({ after: _after, before: _before, ...change }) => change) });
    const drafted = await api('GET', '/workplan/2026/changes', wfp);
    assert.equal(drafted.status, 200, drafted.raw);
    assert.deepEqual(shape(drafted.body), expected());
    const removed = (drafted.body.changes as unknown as { activityId: string; before?: { leadAgency: string } }[]).find((change) => change.activityId === protectionId);
    assert.equal(removed?.before?.leadAgency, 'UNHCR', 'a withdrawn activity comes with what it was');

    // Submitted: the changes are those of the version put to ExCom (3), the same as its decision's text.
    const submitted = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    assert.equal(submitted.status, 200, submitted.raw);
    assert.match((await app.store.get<DecisionDocument>(NETWORK, `decision:${(submitted.body as unknown as PlanView).submission!.decisionId!}`))?.document.text.en ?? '', /1 activity added, 1 withdrawn, 1 changed/);
    assert.deepEqual(shape((await api('GET', '/workplan/2026/changes', reps.IOM!)).body), expected(3));
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${mealsId}/withdraw`, wfp, { revision: 1 }), { status: 409, code: 'frozen', message: /figée/ });
  });

  it('no consensus sends the plan back to its draft; an adoption whose notice was lost is taken in on the next read', async () => {
    assert.equal((await api('POST', '/workplan', rc, { year: 2026, title: { fr: 'Plan de travail 2026', en: 'Work plan 2026' } })).status, 201);
    assert.equal((await api('POST', '/workplan/2026/activities', rc, activity())).status, 201);
    const first = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    await castAll((first.body as unknown as PlanView).submission!.decisionId!, 'object');
    app.clock.now = new Date(app.clock.now.getTime() + 73 * HOUR);
    await app.reseau.decisions.tick(NETWORK);
    await app.cardsIdle();
    const refused = await plan();
    assert.equal(refused.status, 'draft');
    assert.equal(refused.version, 0);
    assert.equal(refused.lastRefusal?.version, 1);
    assert.match(refused.lastRefusal?.registerNumber ?? '', /^DEC-2026-\d{3}$/);

    // The decisions slice's notice fails (a crash between the close and the work plan's write).
    app.reseau.decisions.observeSubjectOutcomes('workplan', () => Promise.reject(new Error('process gone')));
    const second = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    const decisionId = (second.body as unknown as PlanView).submission!.decisionId!;
    assert.equal((second.body as unknown as PlanView).submission?.version, 1, 'a version ExCom did not adopt keeps its number');
    await castAll(decisionId);
    assert.equal((await app.store.get<PlanDocument>(NETWORK, 'workplan:2026'))?.document.status, 'submitted', 'the notice was lost');
    const caughtUp = await plan(wfp);
    assert.equal(caughtUp.status, 'adopted');
    assert.equal(caughtUp.versions[0]?.decisionId, decisionId);
    assert.equal(caughtUp.activities[0]?.inForce, true);
    assert.equal(caughtUp.activities[0]?.content.budget?.amount, 50000, 'confirmed members read budgets');
    // Pending people read the plan in force, without budgets.
    const pendingView = await plan(pending);
    assert.equal(pendingView.activities.length, 1);
    assert.equal(pendingView.activities[0]?.content.budget, undefined);
    assert.equal(pendingView.activities[0]?.proposedBy, undefined);
  });

  it('a submission interrupted at any step completes: frozen before its decision opened (submitted again), decision opened but not recorded (recognised by its subject); the tick closes the year after its grace', async () => {
    assert.equal((await api('POST', '/workplan', rc, { year: 2026, title: { fr: 'Plan de travail 2026', en: 'Work plan 2026' } })).status, 201);
    const activityId = String((await api('POST', '/workplan/2026/activities', rc, activity())).body.activityId);
    // The process died right after freezing the plan (step 1): no decision yet.
    const read = await app.store.get<PlanDocument>(NETWORK, 'workplan:2026');
    await app.store.replace<PlanDocument>({ ...read!.document, status: 'submitted', submission: { version: 1, submittedAt: at(0), submittedBy: rc.aadObjectId } }, read!.etag);
    await refusedUnchanged(() => api('POST', '/workplan/2026/activities', rc, activity()), { status: 409, code: 'frozen', message: /figée/ });
    const resumed = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    assert.equal(resumed.status, 200, resumed.raw);
    const decisionId = (resumed.body as unknown as PlanView).submission!.decisionId!;
    const decisions = await app.store.query<DecisionDocument>(NETWORK, { type: 'decision' });
    assert.deepEqual(decisions.map((entry) => entry.document.subject), [{ kind: 'workplan', id: '2026:1' }], 'one decision, linked to version 1');

    // Then as if the process died between opening the decision and recording it on the plan (step 4).
    const submitted = await app.store.get<PlanDocument>(NETWORK, 'workplan:2026');
    await app.store.replace<PlanDocument>({ ...submitted!.document, submission: { version: 1, submittedAt: at(0), submittedBy: rc.aadObjectId } }, submitted!.etag);
    await castAll(decisionId);
    const adopted = await plan();
    assert.equal(adopted.status, 'adopted');
    assert.equal(adopted.versions[0]?.decisionId, decisionId, 'recognised by the decision’s subject');

    // The year and its reporting grace over: the tick closes the plan; reports are refused.
    app.clock.now = new Date('2027-01-20T09:00:00Z');
    assert.equal((await api('POST', `/workplan/2026/activities/${activityId}/reports`, reps.IOM!, { quarter: 4, planVersion: 1, status: 'done', values: [], narrative: '' })).status, 201, 'Q4 is reported in January');
    assert.deepEqual(await app.reseau.workplan.tick(NETWORK), { reconciled: 0, closed: 0, reminded: 0 });
    app.clock.now = new Date('2027-02-01T00:00:01Z');
    assert.deepEqual(await app.reseau.workplan.tick(NETWORK), { reconciled: 0, closed: 1, reminded: 0 });
    assert.equal((await plan()).status, 'closed');
    await refusedUnchanged(() => api('POST', `/workplan/2026/activities/${activityId}/reports`, reps.IOM!, { quarter: 4, planVersion: 1, status: 'done', values: [], narrative: '' }), { status: 409, code: 'planClosed', message: /clos/ });
    await refusedUnchanged(() => api('POST', '/workplan/2026/amendment', rc, {}), { status: 409, code: 'planClosed', message: /clos/ });
  });

  it('quarter end: report cards 1:1 to the lead agency, answered in the card, reminders only to agencies that have not reported; `plan` in chat', async () => {
    assert.equal((await api('POST', '/workplan', rc, { year: 2026, title: { fr: 'Plan de travail 2026', en: 'Work plan 2026' } })).status, 201);
    const training = String((await api('POST', '/workplan/2026/activities', rc, activity())).body.activityId);
    const border = String((await api('POST', '/workplan/2026/activities', rc, activity({ leadAgency: 'UNHCR', description: { fr: 'Protection aux frontières' }, indicators: [{ label: { fr: 'Taux de référencement' }, unit: 'percent', baseline: 10, target: 50 }] }))).body.activityId);
    const submitted = await api('POST', '/workplan/2026/submit', rc, { mode: 'consensus', deadline: at(72 * HOUR) });
    await castAll((submitted.body as unknown as PlanView).submission!.decisionId!);
    assert.equal((await plan()).status, 'adopted');

    // The chat summary.
    const chat = teamsConversation('personal');
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: wfp, conversation: chat, locale: 'fr-FR', text: 'plan de travail' }));
    const summary = JSON.stringify(app.connector.activities({ conversationId: chat.id }).at(-1));
    assert.match(summary, /Version 1 en vigueur, adoptée par le Comité exécutif \(DEC-2026-\d{3}\)/);
    // The card opens the tab's work-plan page (the web address here: no Teams app id in this run).
    const summaryCard = (app.connector.activities({ conversationId: chat.id }).at(-1) as { attachments: { content: object }[] }).attachments[0]!.content;
    assert.deepEqual(parseAdaptiveCard(summaryCard).problems, []);
    const openTab = (summaryCard as { actions: { type: string; title: string; url: string }[] }).actions;
    assert.deepEqual(openTab.map((action) => [action.type, action.title]), [['Action.OpenUrl', 'Ouvrir le plan de travail']]);
    assert.match(openTab[0]!.url, /^http:\/\/127\.0\.0\.1:\d+\/tab#\/workplan$/);
    assert.match(summary, /Le détail — activités par objectif et par agence, indicateurs, rapports, actions en retard — est dans l’onglet Plan de travail/);
    // In English too, from the command as Teams' English command list sends it.
    await postActivity(app.url, message({ serviceUrl: app.connector.serviceUrl, user: wfp, conversation: chat, locale: 'en-US', text: 'work plan' }));
    assert.match(JSON.stringify(app.connector.activities({ conversationId: chat.id }).at(-1)), /Open the work plan.*tab#\/workplan/);

    // Quarter 1 ends: each lead agency's focal point gets one card per activity it leads.
    app.clock.now = new Date('2026-04-01T00:05:00Z');
    await app.reseau.workplan.tick(NETWORK);
    const sentTo = async () => {
      const items = await app.store.query<{ messageKey: string; recipient: { aadObjectId?: string } } & PlanDocument>(NETWORK, { type: 'outbox' });
      return items.map((item) => `${item.document.messageKey}→${item.document.recipient.aadObjectId}`).filter((entry) => entry.startsWith('workplan:')).sort();
    };
    assert.deepEqual(await sentTo(), [`workplan:2026:q1:${border}→${reps.UNHCR!.aadObjectId}`, `workplan:2026:q1:${training}→${reps.IOM!.aadObjectId}`].sort());
    await app.reseau.workplan.tick(NETWORK);
    assert.equal((await sentTo()).length, 2, 'sent once, whatever the ticks');
    const [request] = await app.store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: `workplan:2026:q1:${training}` }] });
    const requestCard = (request!.document.activity as { attachments: { content: object }[] }).attachments[0]!.content;
    assert.deepEqual(parseAdaptiveCard(requestCard).problems, []);
    assert.match(JSON.stringify(requestCard), /Rapport trimestriel — T1 2026.*Former les agents/);
    assert.match(JSON.stringify(requestCard), /"verb":"workplan.report"/);

    // IOM answers in the card: its own card comes back with the report saved.
    const answered = await cardTap(app, reps.IOM!, 'workplan.report', { networkId: NETWORK, year: '2026', activityId: training, quarter: '1', planVersion: '1', status: 'ongoing', value_i1: '45', narrative: 'Deux sessions.', evidenceUrl: '' }, { locale: 'fr-FR' });
    const card = (answered.body as { type: string; value: unknown }).value;
    assert.match(JSON.stringify(card), /Rapport du T1 enregistré/, JSON.stringify(answered.body));
    assert.match(JSON.stringify(card), /rapporté\u202f: 45/);
    assert.equal((await plan()).activities.find((entry) => entry.activityId === training)?.progress, 45 / 120);
    // A card of another network, or a value out of its indicator's bounds: refused, nothing changed.
    const refusedCard = await cardTap(app, reps.UNHCR!, 'workplan.report', { networkId: NETWORK, year: '2026', activityId: border, quarter: '1', planVersion: '1', status: 'ongoing', value_i1: '140', narrative: '' }, { locale: 'en-US' });
    assert.deepEqual((refusedCard.body as { value: { code: string } }).value.code, 'invalidReport');
    assert.match(JSON.stringify(refusedCard.body), /Invalid report; nothing was saved/);

    // Two weeks later: the reminder goes only to UNHCR, which has not reported.
    app.clock.now = new Date('2026-04-16T00:05:00Z');
    await app.reseau.workplan.tick(NETWORK);
    assert.deepEqual((await sentTo()).filter((entry) => entry.includes(':reminder')), [`workplan:2026:q1:${border}:reminder→${reps.UNHCR!.aadObjectId}`]);
  });

  it('action items: recorded from minutes, overdue listed, closed by the owner agency only', async () => {
    const created = await api('POST', '/workplan/action-items', rc, {
      meetingId: 'meeting-1',
      items: [
        { text: 'Partager la cartographie des services', ownerAgency: 'IOM', due: '2026-03-01' },
        { text: 'Organiser l’atelier', ownerAgency: 'UNHCR', due: '2026-03-20' },
      ],
    });
    assert.equal(created.status, 201, created.raw);
    const [first] = created.body as unknown as { itemId: string }[];
    const listed = await api('GET', '/workplan/action-items?year=2026', wfp);
    assert.deepEqual((listed.body as unknown as { text: string; overdue: boolean }[]).map((item) => [item.text, item.overdue]), [
      ['Partager la cartographie des services', true],
      ['Organiser l’atelier', false],
    ]);
    // Each reader is told which items they may close (the permissions table): the tab shows the button only then.
    assert.deepEqual((listed.body as unknown as { mayClose: boolean }[]).map((item) => item.mayClose), [false, false], 'a WFP member closes neither');
    const forUnhcr = await api('GET', '/workplan/action-items?year=2026', reps.UNHCR!);
    assert.deepEqual((forUnhcr.body as unknown as { mayClose: boolean }[]).map((item) => item.mayClose), [false, true], 'UNHCR closes its own item only');
    const forCoChair = await api('GET', '/workplan/action-items?year=2026', rc);
    assert.deepEqual((forCoChair.body as unknown as { mayClose: boolean }[]).map((item) => item.mayClose), [true, true]);
    await refusedUnchanged(() => api('POST', `/workplan/action-items/${first!.itemId}/close`, reps.UNHCR!, {}), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refusedUnchanged(() => api('POST', '/workplan/action-items', wfp, { items: [{ text: 'x', ownerAgency: 'IOM', due: '2026-03-01' }] }), { status: 403, code: 'forbidden', message: /ne permet pas/ });
    await refusedUnchanged(() => api('POST', '/workplan/action-items', rc, { items: [{ text: 'x', ownerAgency: 'IOM', due: '2026-02-30' }] }), { status: 400, code: 'invalidInput', message: /Échéance\u202f: valeur non valide/ });
    const closed = await api('POST', `/workplan/action-items/${first!.itemId}/close`, reps.IOM!, {});
    assert.equal(closed.status, 200, closed.raw);
    assert.equal(closed.body.status, 'done');
    const open = await api('GET', '/workplan/action-items?year=2026&open=true', wfp);
    assert.deepEqual((open.body as unknown as { text: string }[]).map((item) => item.text), ['Organiser l’atelier']);

    // The action items of a meeting's minutes, tracked once however often asked.
    const meetingId = await heldMeeting();
    const minutes = await api('POST', `/meetings/${meetingId}/minutes`, rc, { text: 'Compte rendu', attendance: ['IOM', 'UNHCR'], actionItems: [{ text: 'Diffuser le plan de contingence', agencyCode: 'UNHCR', due: '2026-03-31' }] });
    assert.equal(minutes.status, 200, minutes.raw);
    const fromMinutes = await api('POST', '/workplan/action-items/from-minutes', rc, { meetingId });
    assert.equal(fromMinutes.status, 201, fromMinutes.raw);
    assert.deepEqual((fromMinutes.body as unknown as { text: string; ownerAgency: string; meetingId: string }[]).map((item) => [item.text, item.ownerAgency, item.meetingId]), [['Diffuser le plan de contingence', 'UNHCR', meetingId]]);
    const before = storedPartition(app, NETWORK);
    const again = await api('POST', '/workplan/action-items/from-minutes', rc, { meetingId });
    assert.deepEqual((again.body as unknown as { itemId: string }[]).map((item) => item.itemId), (fromMinutes.body as unknown as { itemId: string }[]).map((item) => item.itemId));
    assert.deepEqual(storedPartition(app, NETWORK), before, 'asked again: nothing new stored');

    // Three days before its due date the owner agency gets the item's card, once; it closes it there.
    app.clock.now = new Date('2026-03-18T08:00:00Z');
    assert.equal((await app.reseau.workplan.tick(NETWORK)).reminded, 1);
    assert.equal((await app.reseau.workplan.tick(NETWORK)).reminded, 0, 'reminded once');
    const workshop = (created.body as unknown as { itemId: string }[])[1]!;
    const [reminder] = await app.store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: `workplan-action:${workshop.itemId}:reminder` }] });
    assert.equal((reminder!.document.recipient as { aadObjectId: string }).aadObjectId, reps.UNHCR!.aadObjectId);
    const reminderCard = (reminder!.document.activity as { attachments: { content: object }[] }).attachments[0]!.content;
    assert.deepEqual(parseAdaptiveCard(reminderCard).problems, []);
    assert.match(JSON.stringify(reminderCard), /Rappel\u202f: cette action arrive à échéance.*Organiser l’atelier|Organiser l’atelier.*Rappel/);
    const forbidden = await cardTap(app, wfp, 'workplan.actionItem.close', { networkId: NETWORK, itemId: workshop.itemId });
    assert.equal((forbidden.body as { value: { code: string } }).value.code, 'forbidden');
    const closedByCard = await cardTap(app, reps.UNHCR!, 'workplan.actionItem.close', { networkId: NETWORK, itemId: workshop.itemId });
    assert.match(JSON.stringify(closedByCard.body), /Action marquée comme faite/);
    assert.doesNotMatch(JSON.stringify(closedByCard.body), /workplan.actionItem.close/, 'no close button on a closed item');
  });

  it('minutes → tracked action items by themselves: saved again, nothing twice; an edited line updates its item (reminded again on its new day), a removed open line goes, a done one stays; closed from the card', async () => {
    const meetingId = await heldMeeting();
    const minutes = (actionItems: { text: string; agencyCode: string; due: string }[]) => api('POST', `/meetings/${meetingId}/minutes`, rc, { text: 'Compte rendu', attendance: ['IOM', 'UNHCR'], actionItems });
    const plan = { text: 'Diffuser le plan de contingence', agencyCode: 'UNHCR', due: '2026-03-31' };
    const map = { text: 'Mettre à jour la cartographie des services', agencyCode: 'IOM', due: '2026-03-10' };
    const items = async () => {
      const listed = await api('GET', '/workplan/action-items?year=2026', rc);
      return (listed.body as unknown as { itemId: string; text: string; ownerAgency: string; due: string; status: string; meetingId?: string }[]).map((item) => [item.itemId, item.text, item.ownerAgency, item.due, item.status, item.meetingId]);
    };
    const itemDocuments = () => app.partition(NETWORK).filter((document) => document.type === 'workplanActionItem');

    // Recording the minutes tracks their action items: no other call.
    assert.equal((await minutes([plan, map])).status, 200);
    assert.deepEqual(await items(), [
      [`${meetingId}-2`, map.text, 'IOM', '2026-03-10', 'open', meetingId],
      [`${meetingId}-1`, plan.text, 'UNHCR', '2026-03-31', 'open', meetingId],
    ]);
    // Saved again as they are: no item written (the same documents, the same ETags).
    const before = itemDocuments();
    assert.equal((await minutes([plan, map])).status, 200);
    assert.deepEqual(itemDocuments(), before, 'saved again: nothing twice, nothing rewritten');
    // A day that is not on the calendar: the minutes are refused, nothing stored.
    // Since the refusals are worded in the reader's language (issue 15), a field without a name in the catalogue is "Un champ".
    await refusedUnchanged(() => minutes([{ ...plan, due: '2026-02-30' }]), { status: 400, code: 'invalidInput', message: /rien n’a été modifié.*valeur non valide/ });

    // Three days before its due day UNHCR gets the item's card (round 0); IOM closes its own item.
    app.clock.now = new Date('2026-03-29T08:00:00Z');
    assert.equal((await app.reseau.workplan.tick(NETWORK)).reminded, 1);
    assert.equal((await api('POST', `/workplan/action-items/${meetingId}-2/close`, reps.IOM!, {})).status, 200);

    // The secretariat edits the minutes: the first line reworded and given more time, the second taken out.
    const edited = { text: 'Diffuser le plan de contingence révisé', agencyCode: 'UNHCR', due: '2026-04-15' };
    assert.equal((await minutes([edited])).status, 200);
    assert.deepEqual(await items(), [[`${meetingId}-2`, map.text, 'IOM', '2026-03-10', 'done', meetingId], [`${meetingId}-1`, edited.text, 'UNHCR', '2026-04-15', 'open', meetingId]], 'the edited line updated its item; the done one stays');
    // A new line, then taken out while open: its item goes.
    assert.equal((await minutes([edited, { ...map, text: 'Partager la liste des points focaux', due: '2026-05-05' }])).status, 200);
    assert.equal((await items()).length, 2, 'line 2 is the done item, updated in place');
    assert.equal((await minutes([edited, map, { ...map, text: 'Atelier de restitution', due: '2026-06-01' }])).status, 200);
    assert.deepEqual((await items()).map((item) => item[0]), [`${meetingId}-2`, `${meetingId}-1`, `${meetingId}-3`]);
    assert.equal((await minutes([edited, map])).status, 200);
    assert.deepEqual((await items()).map((item) => item[0]), [`${meetingId}-2`, `${meetingId}-1`], 'the open third line is gone with its item');

    // The new due day is reminded again (round 1), once, and UNHCR closes it from that card.
    app.clock.now = new Date('2026-04-13T08:00:00Z');
    assert.equal((await app.reseau.workplan.tick(NETWORK)).reminded, 1);
    assert.equal((await app.reseau.workplan.tick(NETWORK)).reminded, 0);
    const reminders = await app.store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: `workplan-action:${meetingId}-1:reminder:1` }] });
    assert.equal(reminders.length, 1);
    assert.equal((reminders[0]!.document.recipient as { aadObjectId: string }).aadObjectId, reps.UNHCR!.aadObjectId);
    assert.match(JSON.stringify(reminders[0]!.document.activity), /Diffuser le plan de contingence révisé/);
    const closed = await cardTap(app, reps.UNHCR!, 'workplan.actionItem.close', { networkId: NETWORK, itemId: `${meetingId}-1` });
    assert.match(JSON.stringify(closed.body), /Action marquée comme faite/);
    assert.deepEqual((await items()).map((item) => item[4]), ['done', 'done']);
  });

  it('an action item due in the first days of January is reminded in the last days of December', async () => {
    app.clock.now = new Date('2026-12-30T08:00:00Z');
    const tracked = await api('POST', '/workplan/action-items', rc, { items: [{ text: 'Envoyer le rapport annuel', ownerAgency: 'UNHCR', due: '2027-01-02' }] });
    assert.equal(tracked.status, 201, tracked.raw);
    assert.equal((await app.reseau.workplan.tick(NETWORK)).reminded, 1);
    const [item] = tracked.body as unknown as { itemId: string }[];
    const [reminder] = await app.store.query<OutboxItem>(NETWORK, { type: 'outbox', where: [{ path: 'messageKey', op: '=', value: `workplan-action:${item!.itemId}:reminder` }] });
    assert.equal((reminder!.document.recipient as { aadObjectId: string }).aadObjectId, reps.UNHCR!.aadObjectId);
    assert.equal((await app.reseau.workplan.tick(NETWORK)).reminded, 0, 'once');
  });
});
