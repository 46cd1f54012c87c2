/**
 * Compiled card templates bind exactly as adaptivecards-templating does on the subset our
 * templates use, leave user text alone, and say when a template is outside the subset (the
 * renderer then uses the library). Every card of every other suite is checked against the
 * library too (tests/support/check-compiled-cards.ts).
 */
import assert from 'node:assert/strict';
import * as ACData from 'adaptivecards-templating';
import { CardRenderer } from '../../../src/cards/card-renderer';
import { compileTemplate } from '../../../src/cards/compiled-template';
import { cardTemplates } from '../../../src/cards/templates';

const library = (template: object, data: object) => new ACData.Template(template).expand({ $root: data }) as unknown;
const compiled = (template: object, data: object) => {
  const bind = compileTemplate(template);
  assert.ok(bind, 'inside the compiled subset');
  return bind(data);
};

const TEMPLATE = {
  type: 'AdaptiveCard',
  title: '${title}',
  count: '${count}',
  flag: '${flag}',
  missing: '${nothing.here}',
  nested: '${labels.title}',
  refresh: { $when: '${refresh.show}', action: { verb: '${refresh.verb}' } },
  body: [
    { type: 'TextBlock', text: 'static' },
    { $when: '${show}', type: 'TextBlock', text: 'shown' },
    { $when: '${!show}', type: 'TextBlock', text: 'hidden' },
    { $when: "${note != ''}", type: 'TextBlock', text: '${note}' },
    { $when: '${count(items) > 0}', type: 'TextBlock', text: 'has items' },
    { $data: '${items}', $when: '${visible}', type: 'TextBlock', text: '${name}', outer: '${title}' },
    { $data: '${one}', type: 'TextBlock', text: '${name}' },
    { $data: '${none}', type: 'TextBlock', text: 'never' },
    '${maybe}',
  ],
  actions: '${actions}',
};

describe('cards: compiled templates', () => {
  const cases: [string, object][] = [
    ['everything present', { title: 'Plan', count: 3, flag: false, labels: { title: 'T' }, refresh: { show: true, verb: 'v' }, show: true, note: 'n', items: [{ name: 'a', visible: true }, { name: 'b', visible: false }], one: { name: 'c' }, none: [], maybe: null, actions: [{ title: 'x', data: { k: 1 } }] }],
    ['flags off, lists empty, values absent', { show: false, note: '', items: [], one: { name: 'c' }, none: [], refresh: { show: false } }],
    ['user text holding template syntax stays text', { title: '${flag} ${labels.title}', show: true, note: "${note != ''}", items: [{ name: '${title}', visible: true }], one: { name: '$when' }, none: [], maybe: '${title}', actions: [] }],
  ];
  for (const [name, data] of cases) {
    it(`binds as adaptivecards-templating does: ${name}`, () => {
      assert.deepEqual(compiled(TEMPLATE, data), library(TEMPLATE, data));
    });
  }

  it('hands back copies: changing a bound card leaves the data as it was', () => {
    const data = { actions: [{ title: 'x', data: { k: 1 } }], note: '', items: [], none: [], one: {} };
    const card = compiled(TEMPLATE, data) as { actions: { data: { k: number } }[] };
    card.actions[0]!.data.k = 2;
    assert.equal(data.actions[0]!.data.k, 1);
  });

  it('compiles every template the app sends', () => {
    for (const [name, template] of Object.entries(cardTemplates)) assert.ok(compileTemplate(template), name);
  });

  it('says so for a template outside the subset, and the renderer binds it with the library', () => {
    const outside = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Hello ${name}' }, { type: 'TextBlock', text: "${if(flag, 'a', 'b')}" }] };
    assert.equal(compileTemplate(outside), undefined);
    assert.equal(compileTemplate({ type: 'AdaptiveCard', columns: { $data: '${items}', width: '${name}' } }), undefined, 'a repeated property');
    assert.deepEqual(new CardRenderer().render(outside, { name: 'Awa', flag: true }), library(outside, { name: 'Awa', flag: true }));
  });

  it('falls back to the library for data the subset does not read the same way (a condition on a string)', () => {
    const template = { type: 'AdaptiveCard', body: [{ $when: '${show}', type: 'TextBlock', text: 'shown' }] };
    assert.deepEqual(new CardRenderer().render(template, { show: 'yes' }), library(template, { show: 'yes' }));
  });
});
