/**
 * Card templates compiled once into plain functions, for the subset of Adaptive Card
 * templating our templates use — binding a card on every card action was a quarter of a
 * millisecond of adaptive-expressions per turn (issue 13). Same output as adaptivecards-
 * templating for that subset; CardRenderer falls back to the templating library for a template
 * (or a piece of data) outside it, and tests compare both on every card the suites render.
 *
 * The subset (every expression is a whole JSON string, `"${…}"`):
 * - a value: `${path}` (`a.b.c`) — the value itself, typed (string, number, boolean, object,
 *   array); undefined keeps the string `${path}` as written; null in an array drops the element;
 * - `$when`: `${path}`, `${!path}`, `${path != ''}`, `${count(path) > 0}` — the element is kept
 *   only when the condition is exactly true (a property's value becomes null, as in the library);
 * - `$data` on an element of an array: `${path}` — an array repeats the element once per item
 *   (each item its scope, no parent scope, as the library does), an object becomes the scope,
 *   an empty array drops it.
 * Data is never evaluated: user text holding `${…}` stays text.
 */

/** Thrown while binding when data takes a turn the subset does not cover: the caller falls back. */
export class OutsideCompiledSubset extends Error {}

type Getter = (scope: unknown) => unknown;
type Condition = (scope: unknown) => boolean;
/**
 * A bound node: its value itself, DROP (nothing), or the Repeated items an element with an array
 * `$data` repeats into. No wrapper per node: a card is hundreds of nodes, and a wrapper each was a
 * third of what binding one allocated (issue 13). Neither marker can come from data: `copied`
 * returns plain objects and arrays only.
 */
class Repeated {
  constructor(readonly items: unknown[]) {}
}
const DROP: unique symbol = Symbol('dropped');
type Bound = unknown;
type Binder = (scope: unknown) => Bound;

const WHOLE_EXPRESSION = /^\$\{(.*)\}$/s;
const PATH = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** The compiled template, or undefined when it uses templating beyond the subset. */
export function compileTemplate(template: unknown): ((data: object) => unknown) | undefined {
  try {
    const bind = compileNode(template);
    return (data) => {
      const bound = bind(data);
      if (bound === DROP || bound instanceof Repeated) throw new OutsideCompiledSubset('the card itself is dropped or repeated');
      return bound;
    };
  } catch (error) {
    if (error instanceof OutsideCompiledSubset) return undefined;
    throw error;
  }
}

function compileNode(node: unknown): Binder {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) return compileArray(node);
  if (node !== null && typeof node === 'object') return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileString(text: string): Binder {
  const expression = WHOLE_EXPRESSION.exec(text)?.[1];
  if (expression === undefined) {
    if (text.includes('${')) throw new OutsideCompiledSubset(`an expression inside text: ${text}`);
    return () => text;
  }
  const get = compilePath(expression);
  return (scope) => {
    const found = get(scope);
    return found === undefined ? text : copied(found);
  };
}

/**
 * A fresh copy of an object or array taken from the data, as the library returns: a card never
 * shares an object with the data it was bound from (one view's data renders several cards).
 */
function copied(found: unknown): unknown {
  if (found === null || typeof found !== 'object') return found;
  if (Array.isArray(found)) return found.map(copied);
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(found)) copy[key] = copied(child);
  return copy;
}

function compileArray(elements: readonly unknown[]): Binder {
  const binders = elements.map((element) => ({ bind: compileNode(element), isExpression: typeof element === 'string' && WHOLE_EXPRESSION.test(element) }));
  return (scope) => {
    const out: unknown[] = [];
    for (const { bind, isExpression } of binders) {
      const bound = bind(scope);
      if (bound instanceof Repeated) out.push(...bound.items);
      else if (bound !== DROP && !(isExpression && bound === null)) out.push(bound);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>): Binder {
  const data = node.$data === undefined ? undefined : compilePath(expressionOf(node.$data, '$data'));
  const when = node.$when === undefined ? undefined : compileCondition(expressionOf(node.$when, '$when'));
  const properties = Object.entries(node)
    .filter(([key]) => key !== '$data' && key !== '$when')
    .map(([key, child]) => {
      // The library turns a repeated property into null, one object or an array by the count.
      if (child !== null && typeof child === 'object' && !Array.isArray(child) && '$data' in child) throw new OutsideCompiledSubset(`a repeated property "${key}"`);
      return { key, bind: compileNode(child) };
    });
  const build = (scope: unknown): Bound => {
    if (when && !when(scope)) return DROP;
    const out: Record<string, unknown> = {};
    for (const { key, bind } of properties) {
      const bound = bind(scope);
      // A property whose `$when` is not true is null, as the library leaves it (a card's `refresh`
      // for some readers only).
      out[key] = bound === DROP || bound instanceof Repeated ? null : bound;
    }
    return out;
  };
  if (!data) return build;
  return (scope) => {
    const bound = data(scope);
    if (Array.isArray(bound)) {
      const items: unknown[] = [];
      for (const item of bound) {
        const built = build(item);
        if (built !== DROP) items.push(built);
      }
      return new Repeated(items);
    }
    if (bound !== null && typeof bound === 'object') return build(bound);
    throw new OutsideCompiledSubset('$data that is neither an array nor an object');
  };
}

function expressionOf(raw: unknown, what: string): string {
  const expression = typeof raw === 'string' ? WHOLE_EXPRESSION.exec(raw)?.[1] : undefined;
  if (expression === undefined) throw new OutsideCompiledSubset(`${what} that is not one expression`);
  return expression;
}

function compilePath(expression: string): Getter {
  const trimmed = expression.trim();
  if (!PATH.test(trimmed)) throw new OutsideCompiledSubset(`the expression ${expression}`);
  const segments = trimmed.split('.');
  return (scope) => {
    let current: unknown = scope;
    for (const segment of segments) {
      if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  };
}

function compileCondition(expression: string): Condition {
  const trimmed = expression.trim();
  let match: RegExpExecArray | null;
  if (PATH.test(trimmed)) {
    const get = compilePath(trimmed);
    return (scope) => booleanOf(get(scope)) === true;
  }
  if ((match = /^!\s*([\w.]+)$/.exec(trimmed))) {
    const get = compilePath(match[1]!);
    return (scope) => !booleanOf(get(scope));
  }
  if ((match = /^([\w.]+)\s*!=\s*''$/.exec(trimmed))) {
    const get = compilePath(match[1]!);
    return (scope) => {
      const found = get(scope);
      if (typeof found !== 'string') throw new OutsideCompiledSubset(`${trimmed} on a ${typeof found}`);
      return found !== '';
    };
  }
  if ((match = /^count\(\s*([\w.]+)\s*\)\s*>\s*0$/.exec(trimmed))) {
    const get = compilePath(match[1]!);
    return (scope) => {
      const found = get(scope);
      if (!Array.isArray(found)) throw new OutsideCompiledSubset(`count() of a ${typeof found}`);
      return found.length > 0;
    };
  }
  throw new OutsideCompiledSubset(`the condition ${expression}`);
}

/** A flag's truth as the templating library reads it here: booleans only; anything else is outside. */
function booleanOf(found: unknown): boolean {
  if (typeof found === 'boolean') return found;
  if (found === undefined || found === null) return false;
  throw new OutsideCompiledSubset(`a condition on a ${typeof found}`);
}
