/**
 * Malformed and hostile input, from outside: broken JSON, oversize bodies, wrong content
 * types, arrays where strings are expected (the activity envelope included), and dates that
 * do not exist or are absurdly far (30 February, 31/02, 25:00, year +275760, more than two
 * years ahead). Each is refused with a clear 4xx the person (or the Bot Connector) reads, the
 * server keeps serving, and the store is unchanged.
 */
import assert from 'node:assert/strict';
import { postActivity, postRaw } from '../support/bot-client';
import { MAX_IMPORT_BYTES } from '../../src/network/membership-service';
import { REQUEST_BODY_LIMIT_BYTES } from '../../src/server';
import { adaptiveCardAction, message, teamsConversation } from '../support/teams-activities';
import {
  NETWORK,
  TEST_TENANT_ID,
  assertApiRefused,
  assertCardRefused,
  convocation,
  createFixtures,
  startSecurityNetwork,
  type Fixtures,
  type SecurityNetwork,
} from './support/network';

const BAD_DATE = ['invalidInput', 'invalidConvocation', 'invalidSlot', 'invalidPeriod', 'invalidUpdate'];

describe('security: malformed bodies, envelopes and dates', function () {
  this.timeout(60_000);
  let net: SecurityNetwork;
  let f: Fixtures;

  const apiRefused = async (method: string, path: string, body: unknown, expected: { status: number | number[]; codes: readonly string[]; language?: 'fr' | 'en' }, options: { rawBody?: string; contentType?: string } = {}) => {
    const answer = await net.unchanged(() => net.api(net.rc, method, path, body, { ...options, ...(expected.language ? { language: expected.language } : {}) }), `${method} ${path}`);
    assertApiRefused(answer, expected, `${method} ${path}`);
    return answer;
  };
  const stillServing = async () => {
    const health = await fetch(`${net.app.url}/healthz`);
    assert.equal(health.status, 200, 'the server keeps serving');
  };
  const decision = (deadline: string) => ({ title: 'Décision datée', text: { fr: 'x' }, mode: 'consensus', deadline });

  before(async function () {
    this.timeout(120_000);
    // The tenant gate is on: its handling of hostile envelopes is what is tried below.
    net = await startSecurityNetwork({ env: { ALLOWED_TENANTS: TEST_TENANT_ID } });
    f = await createFixtures(net);
  });
  after(async () => {
    await net?.stop();
  });

  describe('bodies', () => {
    it('[input] broken JSON on the tab API: 400 with a JSON message, store unchanged', async () => {
      const answer = await net.unchanged(() => net.api(net.rc, 'POST', '/polls', undefined, { rawBody: '{"question": "x", ' }), 'broken JSON');
      assert.equal(answer.status, 400, answer.raw);
      assert.equal(typeof answer.body.message, 'string');
      await stillServing();
    });

    it('[input] broken JSON on /api/messages: 400 with a JSON message, store unchanged, nothing sent', async () => {
      const response = await net.unchanged(() => postRaw(net.app.url, '{"type":"message","text":'), 'broken activity');
      assert.equal(response.status, 400);
      assert.equal(typeof (response.body as { message?: unknown }).message, 'string');
    });

    it('[input] a body over the limit on the tab API: 413 before parsing, store unchanged', async () => {
      const answer = await net.unchanged(() => net.api(net.rc, 'POST', '/statements', { title: 'x', purpose: 'p'.repeat(2 * 1024 * 1024) }), 'oversize API body');
      assert.equal(answer.status, 413, answer.raw.slice(0, 200));
      await stillServing();
    });

    it('[input] a body over the limit on /api/messages: 413, store unchanged, nothing sent', async () => {
      const huge = message({ serviceUrl: net.app.connector.serviceUrl, user: net.member.user, conversation: net.member.chat, text: 'x'.repeat(2 * 1024 * 1024) });
      const response = await net.unchanged(() => postActivity(net.app.url, huge), 'oversize activity');
      assert.equal(response.status, 413);
    });

    it('[input] the CSV import’s own limit is reachable under the body limit: a CSV over it but within the body limit gets the import’s clear 400, not a bare 413', async () => {
      const csv = `agency,name,email,role\n${'WFP,Nom,nom@wfp.org,member\n'.repeat(16_000)}`;
      assert.ok(Buffer.byteLength(csv) > MAX_IMPORT_BYTES && Buffer.byteLength(JSON.stringify({ csv })) < REQUEST_BODY_LIMIT_BYTES, 'sanity: between the two limits');
      const answer = await apiRefused('POST', '/members/import', { csv }, { status: 400, codes: ['invalidInput'] });
      assert.match(answer.raw, /384 KiB/, 'the message names the import’s limit');
    });

    it('[input] a body over the request limit: 413 PayloadTooLarge as JSON before it is parsed, store unchanged', async () => {
      const csv = `agency,name,email,role\n${'WFP,Nom,nom@wfp.org,member\n'.repeat(40_000)}`;
      await apiRefused('POST', '/members/import', { csv }, { status: 413, codes: ['PayloadTooLarge'] });
    });

    it('[input] a wrong content type (text/plain) on a state-changing API call: 4xx, store unchanged', async () => {
      const answer = await net.unchanged(() => net.api(net.rc, 'POST', '/polls', undefined, { rawBody: JSON.stringify({ question: 'Q ?', kind: 'single', options: ['A', 'B'], deadline: '2026-03-05T17:00:00.000Z' }), contentType: 'text/plain' }), 'text/plain');
      assert.ok([400, 415].includes(answer.status), `status ${answer.status}: ${answer.raw.slice(0, 200)}`);
    });

    it('[input] a form-encoded body on a state-changing API call: 4xx, store unchanged', async () => {
      const answer = await net.unchanged(() => net.api(net.rc, 'POST', '/statements', undefined, { rawBody: 'title=Forg%C3%A9e', contentType: 'application/x-www-form-urlencoded' }), 'form body');
      assert.ok([400, 415].includes(answer.status), `status ${answer.status}: ${answer.raw.slice(0, 200)}`);
    });

    it('[input] an activity sent as text/plain to /api/messages: 4xx, store unchanged, nothing sent', async () => {
      const body = JSON.stringify(message({ serviceUrl: net.app.connector.serviceUrl, user: net.member.user, conversation: net.member.chat, text: 'membres' }));
      const response = await net.unchanged(() => postRaw(net.app.url, body, 'text/plain'), 'text/plain activity');
      assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    });

    it('[input] an array where a string is expected (decision title): 400 invalidInput, store unchanged', async () => {
      await apiRefused('POST', '/decisions', { ...decision('2026-03-20T17:00:00.000Z'), title: ['Décision', 'forgée'] }, { status: 400, codes: ['invalidInput'], language: 'en' });
    });

    it('[input] null as the whole body of a creation: 400 invalidInput, store unchanged', async () => {
      await apiRefused('POST', '/statements', undefined, { status: 400, codes: ['invalidInput'] }, { rawBody: 'null' });
    });

    it('[input] unknown fields smuggled into a creation (networkId, createdBy, __proto__): 400 invalidInput, store unchanged', async () => {
      await apiRefused('POST', '/decisions', undefined, { status: 400, codes: ['invalidInput'], language: 'en' }, { rawBody: `{"title":"T","text":{"fr":"x"},"mode":"consensus","deadline":"2026-03-20T17:00:00.000Z","networkId":"sn","createdBy":{"aadObjectId":"x"},"__proto__":{"admin":true}}` });
    });

    it('[input] deeply nested JSON: refused with 4xx, the server keeps serving, store unchanged', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const answer = await net.unchanged(() => net.api(net.rc, 'POST', '/statements', undefined, { rawBody: deep }), 'deep JSON');
      assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status}`);
      await stillServing();
    });
  });

  describe('the network’s settings (PUT /settings, a co-chair)', () => {
    const SETTINGS_REFUSALS = ['invalidInput', 'channelNotInstalled', 'unknownTimeZone', 'invalidMeetingReminder', 'invalidDecisionReminders'];
    /** Bodies a co-chair's client could send: each refused as a whole with a 400 the co-chair reads, nothing stored. */
    const HOSTILE: readonly { readonly what: string; readonly body?: unknown; readonly rawBody?: string }[] = [
      { what: 'a zone named like a prototype key (__proto__)', body: { timeZone: '__proto__' } },
      { what: 'a zone named like an Object method (constructor)', body: { timeZone: 'constructor' } },
      { what: 'a zone with path syntax (../../etc/passwd)', body: { timeZone: '../../etc/passwd' } },
      { what: 'a zone with a NUL after a real one', body: { timeZone: 'Africa/Conakry\u0000' } },
      { what: 'a zone in template syntax (${…}, {{…}})', body: { timeZone: '${$root.timeZone}{{zone}}' } },
      { what: 'a zone as a UTC offset (+01:00)', body: { timeZone: '+01:00' } },
      { what: 'a zone of 100 letters', body: { timeZone: `Africa/${'x'.repeat(93)}` } },
      { what: 'a zone over the schema’s length (10,000 characters)', body: { timeZone: 'A'.repeat(10_000) } },
      { what: 'a zone given as an array', body: { timeZone: ['Africa/Conakry', 'Asia/Tokyo'] } },
      { what: 'a zone given as an object', body: { timeZone: { toString: 'Asia/Tokyo' } } },
      { what: 'decision reminders as a huge array (10,000 numbers, under the body limit)', body: { decisionReminderHours: Array.from({ length: 10_000 }, (_, index) => index + 1) } },
      { what: 'decision reminders as ten equal numbers (within the schema, not the rules)', body: { decisionReminderHours: Array(10).fill(48) } },
      { what: 'decision reminders beyond any number (1e308)', body: { decisionReminderHours: [1e308] } },
      { what: 'decision reminders as strings', body: { decisionReminderHours: ['48', '24'] } },
      { what: 'decision reminders empty', body: { decisionReminderHours: [] } },
      { what: 'a meeting reminder of -0 hours', rawBody: '{"meetingReminderHours":-0}' },
      { what: 'a meeting reminder of half an hour', body: { meetingReminderHours: 0.5 } },
      { what: 'a meeting reminder of null', body: { meetingReminderHours: null } },
      { what: 'a language outside fr/en (__proto__)', body: { language: '__proto__' } },
      { what: 'a prototype-polluting body (__proto__ with a zone, constructor.prototype)', rawBody: '{"__proto__":{"timeZone":"Asia/Tokyo","language":"en"},"constructor":{"prototype":{"meetingReminderHours":1}}}' },
      { what: 'a valid change smuggling the audit’s fields (updatedBy, networkId)', body: { language: 'en', updatedBy: 'someone-else', networkId: 'sn' } },
      { what: 'a valid zone with an invalid reminder (refused as a whole)', body: { timeZone: 'Asia/Tokyo', meetingReminderHours: 0 } },
      { what: 'an array as the whole body', body: [{ timeZone: 'Asia/Tokyo' }] },
      { what: 'an ExCom channel id in template syntax, no channel the bot is in', body: { excomChannelId: '19:${$root.secret}{{name}}@thread.tacv2' } },
      { what: 'a general channel id over the schema’s length (10,000 characters)', body: { generalChannelId: `19:${'x'.repeat(10_000)}@thread.tacv2` } },
    ];
    HOSTILE.forEach(({ what, body, rawBody }, index) => {
      const language = index % 2 === 0 ? 'fr' : 'en';
      it(`[input/settings] ${what}: 400 in ${language}, store unchanged`, async () => {
        await apiRefused('PUT', '/settings', body, { status: 400, codes: SETTINGS_REFUSALS, language }, rawBody ? { rawBody } : {});
      });
    });

    it('[input/settings] after every refusal the network still reads its defaults, and no prototype was polluted', async () => {
      const basics = await net.api(net.member, 'GET', '/settings/network');
      assert.equal(basics.status, 200, basics.raw);
      assert.deepEqual(basics.body, { language: 'fr', timeZone: 'Africa/Conakry' });
      const probe = {} as Record<string, unknown>;
      assert.deepEqual([probe.timeZone, probe.language, probe.meetingReminderHours], [undefined, undefined, undefined], 'Object.prototype untouched');
      await stillServing();
    });
  });

  describe('activity envelopes', () => {
    const envelope = (mutate: (activity: Record<string, unknown>) => void) => {
      const activity = adaptiveCardAction({ serviceUrl: net.app.connector.serviceUrl, user: net.rc.user, conversation: net.rc.chat, verb: 'network.member.confirm', data: { networkId: NETWORK, memberId: net.pending.user.aadObjectId, agencyCode: 'UNICEF' } }) as unknown as Record<string, unknown>;
      mutate(activity);
      return activity;
    };
    const refusedEnvelope = async (mutate: (activity: Record<string, unknown>) => void, what: string) => {
      const response = await net.unchanged(() => postActivity(net.app.url, envelope(mutate)), what);
      assert.ok(response.status >= 400 && response.status < 500, `${what}: status ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      assert.equal(typeof (response.body as { message?: unknown }).message, 'string', `${what}: a message`);
      await stillServing();
    };

    it('[input] conversation.tenantId as an array ([]): 400, never a crash, store unchanged', async () => {
      await refusedEnvelope((activity) => void ((activity.conversation as Record<string, unknown>).tenantId = []), 'tenantId []');
    });

    it('[input] conversation.tenantId as an array holding the allowed tenant: 400, store unchanged', async () => {
      await refusedEnvelope((activity) => void ((activity.conversation as Record<string, unknown>).tenantId = [TEST_TENANT_ID]), 'tenantId [allowed]');
    });

    it('[input] channelData.tenant.id as an object: 400, store unchanged', async () => {
      await refusedEnvelope((activity) => void ((activity.channelData as Record<string, unknown>).tenant = { id: { toString: TEST_TENANT_ID } }), 'tenant.id object');
    });

    it('[input] from.aadObjectId as an array: 400 or refused, store unchanged', async () => {
      const activity = envelope((a) => void ((a.from as Record<string, unknown>).aadObjectId = [net.rc.user.aadObjectId]));
      const response = await net.unchanged(() => postActivity(net.app.url, activity), 'aadObjectId array');
      assert.ok(response.status >= 400 || (response.body as { type?: string })?.type === 'application/vnd.microsoft.error', `status ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      await stillServing();
    });

    it('[input] a serviceUrl that is not an http(s) URL (javascript:): 400, nothing sent, store unchanged', async () => {
      const activity = message({ serviceUrl: 'javascript:alert(1)', user: net.member.user, conversation: teamsConversation('personal'), text: 'membres' });
      const response = await net.unchanged(() => postActivity(net.app.url, activity), 'bad serviceUrl');
      assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    });
  });

  describe('dates', () => {
    it('[date] a decision deadline on 30 February (2099-02-30): 400 invalidInput, store unchanged', async () => {
      await apiRefused('POST', '/decisions', decision('2099-02-30T10:00:00.000Z'), { status: 400, codes: BAD_DATE });
    });

    it('[date] a decision deadline at 25:00 (2026-03-31T25:00): 400, store unchanged', async () => {
      await apiRefused('POST', '/decisions', decision('2026-03-31T25:00:00.000Z'), { status: 400, codes: BAD_DATE, language: 'en' });
    });

    it('[date] a poll deadline in year +275760 (the largest JavaScript date): 400, store unchanged', async () => {
      await apiRefused('POST', '/polls', { question: 'Q ?', kind: 'single', options: ['A', 'B'], deadline: '+275760-09-13T00:00:00.000Z' }, { status: 400, codes: BAD_DATE });
    });

    it('[date] a poll deadline in year 10000 (years end at 9999): 400, store unchanged', async () => {
      await apiRefused('POST', '/polls', { question: 'Q ?', kind: 'single', options: ['A', 'B'], deadline: '+010000-01-01T00:00:00.000Z' }, { status: 400, codes: BAD_DATE, language: 'en' });
    });

    it('[date] a decision deadline more than two years ahead: 400, store unchanged', async () => {
      await apiRefused('POST', '/decisions', decision('2028-06-01T17:00:00.000Z'), { status: 400, codes: BAD_DATE });
    });

    it('[date] extending a decision to more than two years ahead: 400, store unchanged', async () => {
      await apiRefused('POST', `/decisions/${f.decisionId}/extend`, { deadline: '2031-01-01T17:00:00.000Z' }, { status: 400, codes: BAD_DATE, language: 'en' });
    });

    it('[date] a decision extended from its card to 2026-02-30: 400, store unchanged', async () => {
      const response = await net.unchanged(() => net.click(net.rc, 'decision.extend', { networkId: NETWORK, decisionId: f.decisionId, deadlineDate: '2026-02-30', deadlineTime: '17:00' }), 'extend 02-30');
      assertCardRefused(response, { status: 400, codes: BAD_DATE });
    });

    it('[date] a decision extended from its card to 25:00: 400, not silently 17:00, store unchanged', async () => {
      const response = await net.unchanged(() => net.click(net.rc, 'decision.extend', { networkId: NETWORK, decisionId: f.decisionId, deadlineDate: '2026-03-20', deadlineTime: '25:00' }, { locale: 'en-US' }), 'extend 25:00');
      assertCardRefused(response, { status: 400, codes: BAD_DATE, language: 'en' });
    });

    it('[date] a decision created from the chat form on 31 April: 400, store unchanged', async () => {
      const response = await net.unchanged(() => net.click(net.rc, 'decision.create', { networkId: NETWORK, title: 'Datée', textFr: 'x', mode: 'consensus', deadlineDate: '2026-04-31', deadlineTime: '10:00' }), 'create 04-31');
      assertCardRefused(response, { status: 400, codes: BAD_DATE });
    });

    it('[date] a time-slot poll typed in chat with 31/02: refused in the reply, no poll stored', async () => {
      await net.say(net.rc, 'sondage créneaux Atelier | 31/02 10:00-12:00 | 12/03 10:00-12:00', { conversation: net.rc.chat });
      await net.settle();
      const polls = net.app.partition(NETWORK).filter((doc) => (doc as { type?: string }).type === 'poll' && JSON.stringify(doc).includes('Atelier'));
      assert.deepEqual(polls, [], 'no poll with 31/02 was stored');
      const reply = net.app.connector.activities({ conversationId: net.rc.chat.id }).at(-1);
      assert.match(String(reply?.text), /31\/02|créneau|invalide|refus/i, 'the reply says what is wrong');
    });

    it('[date] a time slot over the API starting at 25:00: 400, store unchanged', async () => {
      await apiRefused('POST', '/polls', { question: 'Créneaux ?', kind: 'timeSlots', options: [{ label: 'A', start: '2026-03-12T25:00:00.000Z', end: '2026-03-12T26:00:00.000Z' }], deadline: '2026-03-10T17:00:00.000Z' }, { status: 400, codes: BAD_DATE, language: 'en' });
    });

    it('[date] a meeting on 30 February: 400, store unchanged, nothing sent', async () => {
      await apiRefused('POST', '/meetings', convocation({ start: '2027-02-30T10:00:00Z', end: '2027-02-30T12:00:00Z' }), { status: 400, codes: BAD_DATE });
    });

    it('[date] a meeting more than two years ahead: 400, store unchanged, nothing sent', async () => {
      await apiRefused('POST', '/meetings', convocation({ start: '2029-03-10T10:00:00Z', end: '2029-03-10T12:00:00Z' }), { status: 400, codes: BAD_DATE, language: 'en' });
    });

    it('[date] a meeting in a time zone that does not exist (Mars/Olympus_Mons): 400 unknownTimeZone, store unchanged', async () => {
      await apiRefused('POST', '/meetings', convocation({ timeZone: 'Mars/Olympus_Mons' }), { status: 400, codes: ['unknownTimeZone', ...BAD_DATE] });
    });

    it('[date] a statement submitted with a deadline in year +275760: 400, store unchanged', async () => {
      await apiRefused('POST', `/statements/${f.requestedStatementId}/submit`, { deadline: '+275760-09-13T00:00:00.000Z' }, { status: [400, 409], codes: [...BAD_DATE, 'noVersion'], language: 'en' });
    });

    it('[date] a report period from 2026-02-30: 400 invalidPeriod, store unchanged', async () => {
      await apiRefused('GET', '/reports?from=2026-02-30&to=2026-03-31', undefined, { status: 400, codes: BAD_DATE });
    });
  });
});
