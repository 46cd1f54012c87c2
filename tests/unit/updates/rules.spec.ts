/**
 * The pure rules of the updates slice: what a valid update is (links, objectives, lengths,
 * kinds), turning a chat message into a draft, the one-box search and its ranking, the digest
 * schedule and grouping.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GUINEA_DEFAULT_AGENCIES } from '../../../src/network/default-directory';
import { buildDigest, lastCompletedPeriod, parseDigestSchedule } from '../../../src/updates/digest-rules';
import { UpdateIndex, parseSearchText, scanSearch, terms, EMPTY_SEARCH } from '../../../src/updates/search-rules';
import { draftFromMessage, parseObjectives, safeLink, validateUpdate } from '../../../src/updates/update-rules';
import { sampleUpdate } from './card-samples';

const CODES = GUINEA_DEFAULT_AGENCIES.map((agency) => agency.code);
const valid = { title: 'Rapport sur la traite', summary: 'Résumé', link: 'https://www.iom.int/x', kind: 'study', agencyCode: 'IOM', objectives: '10, 7' };

describe('update rules', () => {
  it('accepts a complete update and normalises it (objectives sorted, agency upper case, spaces collapsed)', () => {
    const result = validateUpdate({ ...valid, title: '  Rapport   sur la traite ', agencyCode: 'iom' }, CODES);
    assert.deepEqual(result, {
      ok: true,
      input: { title: 'Rapport sur la traite', summary: 'Résumé', link: 'https://www.iom.int/x', kind: 'study', agencyCode: 'IOM', objectives: [7, 10] },
    });
  });

  for (const link of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>', 'ftp://example.org/a', 'file:///etc/passwd', '//evil.example', 'www.iom.int', 'https://a b.org', 'https://user:pw@evil.example', 'vbscript:msgbox']) {
    it(`refuses the link ${JSON.stringify(link)}`, () => {
      const result = validateUpdate({ ...valid, link }, CODES);
      assert.deepEqual(result, { ok: false, problems: ['link'] });
    });
  }

  it('accepts any http(s) link and no link at all', () => {
    assert.equal(safeLink('http://example.org/a?b=c#d'), 'http://example.org/a?b=c#d');
    assert.equal(safeLink('HTTPS://Example.org'), 'https://example.org/');
    assert.equal(validateUpdate({ ...valid, link: '' }, CODES).ok, true);
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'] }), (url) => {
        if (/@/.test(url.split('/')[2] ?? '')) return true; // user info is refused on purpose
        return safeLink(url) !== undefined;
      }),
    );
  });

  it('reports every wrong field at once', () => {
    const result = validateUpdate({ title: 'ab', summary: 'x'.repeat(2001), link: 'ftp://a', kind: 'rumour', agencyCode: 'ACME', objectives: '0,24' }, CODES);
    assert.deepEqual(result, { ok: false, problems: ['title', 'summary', 'link', 'kind', 'agency', 'objectives'] });
  });

  it('reads objectives from a ChoiceSet value or an array, and refuses anything outside 1–23', () => {
    assert.deepEqual(parseObjectives('3,10,3'), [3, 10]);
    assert.deepEqual(parseObjectives(['23', 1]), [1, 23]);
    assert.deepEqual(parseObjectives(''), []);
    assert.equal(parseObjectives('24'), undefined);
    assert.equal(parseObjectives('1.5'), undefined);
    assert.equal(parseObjectives({ $gt: 0 }), undefined);
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 23 })), (numbers) => parseObjectives(numbers.join(','))?.every((n) => n >= 1 && n <= 23) === true));
  });

  it('drafts an update from a Teams message (HTML body): first line, text, first safe link', () => {
    const draft = draftFromMessage('<p>Alerte : <b>crue</b> à Kankan &amp; Siguiri</p><p>Voir <a href="javascript:alert(1)">ici</a> et <a href="https://reliefweb.int/x">là</a></p>');
    assert.deepEqual(draft, { title: 'Alerte : crue à Kankan & Siguiri', summary: 'Alerte : crue à Kankan & Siguiri\nVoir ici et là', link: 'https://reliefweb.int/x' });
  });
});

describe('update search', () => {
  const updates = [
    sampleUpdate({ updateId: 'a', title: 'Traite des personnes : rapport national', summary: 'Données 2025', objectives: [10], agencyCode: 'IOM', kind: 'study', sharedAt: '2026-03-01T00:00:00.000Z' }),
    sampleUpdate({ updateId: 'b', title: 'Retours volontaires', summary: 'La traite recule selon les données', objectives: [21, 10], agencyCode: 'UNHCR', kind: 'data', sharedAt: '2026-03-03T00:00:00.000Z' }),
    sampleUpdate({ updateId: 'c', title: 'Atelier frontières', summary: '', objectives: [11], agencyCode: 'UNODC', kind: 'event', sharedAt: '2026-03-02T00:00:00.000Z' }),
  ].map((update) => ({ ...update, id: `update:${update.updateId}` }));
  const index = new UpdateIndex();
  for (const update of updates) index.put(update);

  it('reads one search box: objective numbers, agency codes and French names, kinds, and words', () => {
    assert.deepEqual(parseSearchText('OIM objectif 10 #21 Étude traite de la frontière', GUINEA_DEFAULT_AGENCIES), {
      words: ['traite', 'frontiere'],
      objectives: [10, 21],
      kinds: ['study'],
      agencies: ['IOM'],
    });
    assert.deepEqual(parseSearchText('24 hcr', GUINEA_DEFAULT_AGENCIES).agencies, ['UNHCR']);
    assert.deepEqual(parseSearchText('24 hcr', GUINEA_DEFAULT_AGENCIES).words, ['24'], 'not an objective: a word');
  });

  it('ranks a title match above a summary match, and breaks ties by recency', () => {
    const found = index.search({ ...EMPTY_SEARCH, words: ['traite'] });
    assert.deepEqual(found.hits.map((hit) => hit.id), ['update:a', 'update:b']);
    assert.deepEqual(index.search(EMPTY_SEARCH).hits.map((hit) => hit.id), ['update:b', 'update:c', 'update:a']);
  });

  it('matches accent-free prefixes, requires every word, and applies filters', () => {
    assert.deepEqual(index.search({ ...EMPTY_SEARCH, words: ['donnee', 'retou'] }).hits.map((hit) => hit.id), ['update:b']);
    assert.equal(index.search({ ...EMPTY_SEARCH, words: ['traite', 'atelier'] }).total, 0);
    assert.deepEqual(index.search({ ...EMPTY_SEARCH, objectives: [10], agencies: ['UNHCR'] }).hits.map((hit) => hit.id), ['update:b']);
    assert.deepEqual(index.search({ ...EMPTY_SEARCH, from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }).hits.map((hit) => hit.id), ['update:c']);
  });

  it('finds the same updates as a full scan, whatever the query (property)', () => {
    const vocabulary = ['traite', 'donnees', 'retours', 'atelier', 'front', 'rap', 'zzz'];
    fc.assert(
      fc.property(fc.subarray(vocabulary, { maxLength: 2 }), fc.subarray([10, 11, 21, 3], { maxLength: 2 }), (words, objectives) => {
        const query = { ...EMPTY_SEARCH, words: words.flatMap((word) => terms(word)), objectives };
        const indexed = index.search(query, { limit: 100 }).hits.map((hit) => hit.id).sort();
        // The scan matches substrings anywhere, the index prefixes of words: compare on whole-word prefixes.
        const scanned = scanSearch(updates, query, 100).filter((id) => {
          const update = updates.find((candidate) => candidate.id === id)!;
          return query.words.every((word) => update.terms.some((term) => term.startsWith(word)));
        });
        assert.deepEqual(indexed, scanned.sort());
      }),
    );
  });

  it('forgets a removed update and re-indexes a changed one', () => {
    const local = new UpdateIndex();
    local.put(updates[0]!);
    local.put({ ...updates[0]!, title: 'Autre titre', terms: terms('Autre titre') });
    assert.equal(local.search({ ...EMPTY_SEARCH, words: ['traite'] }).total, 0);
    local.remove(updates[0]!.id);
    assert.equal(local.size, 0);
  });
});

describe('digest rules', () => {
  it('reads DIGEST_SCHEDULE and refuses what it is not', () => {
    assert.deepEqual(parseDigestSchedule('weekly'), { kind: 'weekly', weekday: 1, hour: 8, minute: 0 });
    assert.deepEqual(parseDigestSchedule('weekly:fri@17:30'), { kind: 'weekly', weekday: 5, hour: 17, minute: 30 });
    assert.deepEqual(parseDigestSchedule('OFF'), { kind: 'off' });
    for (const bad of ['hourly', 'daily:mon', 'weekly@25:00', 'monthly@8', 'off@08:00', '']) assert.equal(parseDigestSchedule(bad), undefined, bad);
  });

  it('gives the period that has just ended: weekly, daily, monthly', () => {
    const weekly = parseDigestSchedule('weekly:mon@08:00')!;
    assert.deepEqual(lastCompletedPeriod(weekly, new Date('2026-03-09T08:00:00Z')), { from: '2026-03-02T08:00:00.000Z', to: '2026-03-09T08:00:00.000Z' });
    assert.deepEqual(lastCompletedPeriod(weekly, new Date('2026-03-09T07:59:00Z')), { from: '2026-02-23T08:00:00.000Z', to: '2026-03-02T08:00:00.000Z' });
    assert.deepEqual(lastCompletedPeriod(parseDigestSchedule('daily@06:00')!, new Date('2026-03-01T05:00:00Z')), { from: '2026-02-27T06:00:00.000Z', to: '2026-02-28T06:00:00.000Z' });
    assert.deepEqual(lastCompletedPeriod(parseDigestSchedule('monthly')!, new Date('2026-01-10T00:00:00Z')), { from: '2025-12-01T08:00:00.000Z', to: '2026-01-01T08:00:00.000Z' });
    assert.equal(lastCompletedPeriod({ kind: 'off' }, new Date()), undefined);
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (now) => {
        const period = lastCompletedPeriod(weekly, now)!;
        const length = Date.parse(period.to) - Date.parse(period.from);
        return length === 7 * 86_400_000 && Date.parse(period.to) <= now.getTime() && now.getTime() - Date.parse(period.to) < 7 * 86_400_000;
      }),
    );
  });

  it('has nothing to post for a quiet period, and groups updates by objective otherwise', () => {
    const period = { from: '2026-03-02T08:00:00.000Z', to: '2026-03-09T08:00:00.000Z' };
    assert.equal(buildDigest(period, [sampleUpdate({ sharedAt: '2026-03-09T08:00:00.000Z' })], [], []), undefined, 'the end of the period is excluded');
    const digest = buildDigest(period, [sampleUpdate({ objectives: [21, 1] }), sampleUpdate({ updateId: 'x', objectives: [] })], [], []);
    assert.deepEqual(digest?.groups.map((group) => [group.objective, group.updates.length]), [[1, 1], [21, 1], [null, 1]]);
    const onlyMeeting = buildDigest(period, [], [{ id: 'm', title: 'Réunion', kind: 'regular', start: '2026-03-04T10:00:00.000Z', status: 'scheduled', invitedAgencies: [], attendedAgencies: [], attendanceFrom: 'rsvp' }], []);
    assert.equal(onlyMeeting?.meetings.length, 1, 'a meeting held is enough for a digest');
  });
});
