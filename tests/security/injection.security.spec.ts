/**
 * Injection, from outside: what members type is data everywhere it comes out. CSV formula
 * cells in every export, HTML and script in the HTML report and a statement's final text,
 * setext headings in the Markdown export, CRLF injection and line folding in .ics files,
 * and template syntax (`${...}`, `{{...}}`) shown literally in cards. Every download is a
 * read: the store is unchanged by it.
 */
import assert from 'node:assert/strict';
import {
  EXCOM,
  NETWORK,
  convocation,
  startSecurityNetwork,
  type SecurityNetwork,
} from './support/network';
import { cardIn } from '../support/card-actions';

const FORMULAS = ['=HYPERLINK("http://evil.example/x","clic")', '+1+cmd|calc', '-2+3', '@SUM(A1:A2)', '\tTAB=1', '\rCR=1', '   =1+1'];
const SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const TEMPLATE = '${title} ${$root.secret} {{name}} ${if(true, "x", "y")}';

/** Every CSV cell (quoted or not) of a text, naively split: enough to find a cell's start. */
function cells(csv: string): string[] {
  const out: string[] = [];
  const re = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,\n]*))/g;
  for (const line of csv.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line === '') continue;
    let match: RegExpExecArray | null;
    re.lastIndex = 0;
    while ((match = re.exec(line)) !== null) {
      out.push((match[1] ?? match[2] ?? '').replace(/""/g, '"'));
      if (match[0] === '' && re.lastIndex === match.index) re.lastIndex++;
      if (re.lastIndex >= line.length) break;
    }
  }
  return out;
}
const dangerous = (cell: string) => /^\s*[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell.trim());

describe('security: injection in exports, reports, calendars and cards', function () {
  this.timeout(60_000);
  let net: SecurityNetwork;
  let decisionId: string;
  let meetingId: string;
  let statementId: string;
  let pollId: string;

  const download = async (path: string) => {
    const answer = await net.unchanged(() => net.api(net.rc, 'GET', path), `GET ${path}`);
    assert.equal(answer.status, 200, `${path}: ${answer.raw.slice(0, 300)}`);
    return answer;
  };

  before(async function () {
    this.timeout(120_000);
    net = await startSecurityNetwork();
    // People whose display names are formulas join and are confirmed.
    for (const [index, name] of FORMULAS.entries()) {
      const who = net.person(name);
      cardIn(await net.click(who, 'network.join', { networkId: NETWORK, agencyCode: 'FAO', agencyRole: index === 0 ? 'focalPoint' : 'member' }));
      cardIn(await net.click(net.rc, 'network.member.confirm', { networkId: NETWORK, memberId: who.user.aadObjectId, agencyCode: 'FAO' }));
    }
    const created = await net.api(net.rc, 'POST', '/decisions', { title: '=HYPERLINK("http://evil.example","DEC")', text: { fr: '@SUM(1)' }, mode: 'consensus', deadline: '2026-03-09T17:00:00.000Z' });
    assert.equal(created.status, 201, created.raw);
    decisionId = String(created.body.decisionId);
    assert.equal((await net.api(net.rc, 'POST', `/decisions/${decisionId}/close`, {})).status, 200);
    const shared = await net.api(net.rc, 'POST', '/updates', { title: `Rapport ${SCRIPT}`, summary: `Résumé ${SCRIPT}`, link: 'javascript:alert(3)', kind: 'news', agencyCode: 'RCO', objectives: [1] });
    assert.ok(shared.status === 201 || shared.status === 400, shared.raw);
    const meeting = await net.api(net.rc, 'POST', '/meetings', convocation({
      title: `Réunion\r\nATTENDEE;CN=Evil:mailto:evil@example.org\r\nX-INJECTED:1 ${'très long titre '.repeat(8)}`,
      location: { kind: 'other', details: 'Salle 1\nBEGIN:VALARM\nTRIGGER:-PT1M\nEND:VALARM' },
    }));
    assert.equal(meeting.status, 201, meeting.raw);
    meetingId = String(meeting.body.meetingId);
    const poll = await net.api(net.rc, 'POST', '/polls', { question: `Question ${TEMPLATE}`, kind: 'single', options: [`Option ${TEMPLATE}`, 'B'], deadline: '2026-03-05T17:00:00.000Z' });
    assert.equal(poll.status, 201, poll.raw);
    pollId = String(poll.body.pollId);
    // A statement with hostile title and text, cleared by the six ExCom agencies and delivered.
    const requested = await net.api(net.member, 'POST', '/statements', { title: `Déclaration ${SCRIPT}`, purpose: 'p' });
    statementId = String(requested.body.statementId);
    const hostileText = `Titre forgé\n===\n\nSous-titre forgé\n---\n\n# Faux titre\n\n${SCRIPT}\n\n[clic](javascript:alert(4))`;
    assert.equal((await net.api(net.rc, 'POST', `/statements/${statementId}/versions`, { text: { fr: hostileText, en: hostileText } })).status, 201);
    assert.equal((await net.api(net.rc, 'POST', `/statements/${statementId}/submit`, { version: 1 })).status, 200);
    for (const agency of EXCOM) {
      cardIn(await net.click(net.reps[agency], 'statement.clear', { networkId: NETWORK, statementId, agencyCode: agency, version: '1', position: 'approve' }, { conversation: net.channel }));
    }
    const delivered = await net.api(net.rc, 'POST', `/statements/${statementId}/deliver`, { version: 1 });
    assert.equal(delivered.status, 200, delivered.raw);
    await net.settle();
  });
  after(async () => {
    await net?.stop();
  });

  it('[csv] the member export defuses formula display names (=, +, -, @, tab, CR, also after spaces), store unchanged', async () => {
    const { raw } = await download('/members/export');
    // Names may be trimmed on the way in (tab, CR); what starts with a formula character must be prefixed.
    for (const formula of ['=HYPERLINK', '+1+cmd', '@SUM', '=1+1']) assert.ok(raw.includes(`'${formula}`) || raw.includes(`'   ${formula}`), `${formula} is prefixed with ' in ${raw.slice(0, 800)}`);
    assert.deepEqual(cells(raw).filter(dangerous), [], 'no cell starts with a formula character');
  });

  it('[csv] the decision register export defuses a formula title and text, store unchanged', async () => {
    const { raw } = await download('/decisions/export');
    assert.match(raw, /'=HYPERLINK/);
    assert.deepEqual(cells(raw).filter(dangerous), [], 'no cell starts with a formula character');
  });

  it('[html] the report for the regional network escapes script and HTML in update titles, store unchanged', async () => {
    const { raw } = await download('/reports/download?from=2026-03-01&to=2026-03-31&format=html');
    assert.doesNotMatch(raw, /<script>alert\(1\)<\/script>/);
    assert.doesNotMatch(raw, /<img src=x onerror/);
    assert.doesNotMatch(raw, /href="javascript:/i);
  });

  it('[html] a delivered statement’s final text escapes script and HTML in its title and text, store unchanged', async () => {
    const { raw } = await download(`/statements/${statementId}/final?format=html`);
    assert.doesNotMatch(raw, /<script>alert/);
    assert.doesNotMatch(raw, /<img src=x onerror/);
    assert.doesNotMatch(raw, /href="javascript:/i);
    assert.match(raw, /&lt;script&gt;/, 'shown as text');
  });

  it('[markdown] the Markdown export neutralises setext headings (=== and --- lines) and leading # in user text, store unchanged', async () => {
    const { raw } = await download(`/statements/${statementId}/final?format=md`);
    assert.doesNotMatch(raw, /Titre forgé\s*\n=+\s*$/m, 'no setext h1 from user text');
    assert.doesNotMatch(raw, /Sous-titre forgé\s*\n-+\s*$/m, 'no setext h2 from user text');
    assert.doesNotMatch(raw, /^#\s+Faux titre/m, 'no ATX heading from user text');
  });

  it('[markdown] the Markdown export does not carry raw HTML or javascript: links from user text, store unchanged', async () => {
    const { raw } = await download(`/statements/${statementId}/final?format=md`);
    assert.doesNotMatch(raw, /<script>alert/);
    // A link needs an unescaped `](`: escaped brackets (`\[clic\](…)`) render as the text typed.
    assert.doesNotMatch(raw, /(?<!\\)\]\(javascript:/i);
    assert.match(raw, /\\\[clic\\\]/, 'the brackets are shown as typed');
  });

  it('[ics] CR/LF in a meeting title cannot inject calendar properties (ATTENDEE, X-…), store unchanged', async () => {
    const { raw } = await download(`/meetings/${meetingId}/ics`);
    const lines = raw.split('\r\n');
    assert.ok(!lines.some((line) => /^ATTENDEE;CN=Evil/.test(line)), 'no injected ATTENDEE');
    assert.ok(!lines.some((line) => /^X-INJECTED/.test(line)), 'no injected property');
    assert.doesNotMatch(raw, /(^|[^\r])\n/, 'only CRLF line ends');
  });

  it('[ics] a newline in the location cannot open a VALARM, and long lines are folded at 75 octets, store unchanged', async () => {
    const { raw } = await download(`/meetings/${meetingId}/ics`);
    const lines = raw.split('\r\n');
    assert.equal(lines.filter((line) => line === 'BEGIN:VALARM').length, raw.includes('BEGIN:VALARM') && !/TRIGGER:-PT1M/.test(raw) ? 1 : 0, 'no VALARM from the location');
    assert.ok(!lines.some((line) => /^TRIGGER:-PT1M/.test(line)));
    for (const line of lines) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line over 75 octets: ${line.slice(0, 40)}…`);
  });

  it('[ics] the public calendar link refuses a path-traversal file name: 404, store unchanged', async () => {
    const response = await net.unchanged(() => fetch(`${net.app.url}/meetings/${NETWORK}/..%2F..%2Fpackage.json`), 'ics traversal');
    assert.equal(response.status, 404);
    assert.doesNotMatch(await response.text(), /"dependencies"/);
  });

  it('[template] ${...} and {{...}} in a poll question and option show literally in the voter’s card, store unchanged', async () => {
    const card = cardIn(await net.unchanged(() => net.click(net.member, 'poll.view', { networkId: NETWORK, pollId }), 'poll view'));
    const text = JSON.stringify(card);
    assert.ok(text.includes('${title}'), 'the question keeps ${title}');
    assert.ok(text.includes('${$root.secret}'), 'and ${$root.secret}');
    assert.ok(text.includes('{{name}}'), 'and {{name}}');
    assert.ok(text.includes('${if(true, \\"x\\", \\"y\\")}') || text.includes('${if(true, "x", "y")}'), 'expressions are not evaluated');
  });

  it('[template] ${...} in a statement title shows literally in the clearance card, store unchanged', async () => {
    const requested = await net.api(net.member, 'POST', '/statements', { title: `Titre ${TEMPLATE}` });
    assert.equal(requested.status, 201, requested.raw);
    await net.settle();
    const card = cardIn(await net.unchanged(() => net.click(net.rc, 'statement.view', { networkId: NETWORK, statementId: String(requested.body.statementId) }), 'statement view'));
    assert.ok(JSON.stringify(card).includes('${title}'), 'the title keeps ${title}');
    assert.ok(JSON.stringify(card).includes('{{name}}'));
  });

  it('[template] a refused update form comes back with its error and what was typed (${...}, {{...}} in title and summary) literally, store unchanged', async () => {
    const typed = { networkId: NETWORK, title: `Actualité ${TEMPLATE}`, summary: `Résumé ${TEMPLATE}`, link: 'javascript:alert(5)', kind: 'news', agencyCode: 'RCO', objectives: '1' };
    const card = JSON.stringify(cardIn(await net.unchanged(() => net.click(net.rc, 'updates.share', typed), 'refused update form')));
    assert.match(card, /Le lien doit être une adresse http/, 'the link problem is said, in words from the catalogue');
    for (const literal of ['${title}', '${$root.secret}', '{{name}}']) assert.equal(card.split(literal).length - 1 >= 2, true, `${literal} kept in the title and the summary`);
  });

  it('[template] ${...} in a meeting title shows literally in the reader’s convocation card, store unchanged', async () => {
    const meeting = await net.api(net.rc, 'POST', '/meetings', convocation({ title: `Réunion ${TEMPLATE}` }));
    assert.equal(meeting.status, 201, meeting.raw);
    await net.settle();
    const card = cardIn(await net.unchanged(() => net.click(net.member, 'meetings.view', { networkId: NETWORK, meetingId: String(meeting.body.meetingId) }), 'meeting view'));
    assert.ok(JSON.stringify(card).includes('${title}'), 'the title keeps ${title}');
    assert.ok(JSON.stringify(card).includes('${$root.secret}'));
  });
});
