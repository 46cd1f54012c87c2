/**
 * Binds the JSON templates of `adaptiveCards/` to plain data with adaptivecards-templating.
 * Templates hold structure only; every string comes from the data (i18n strings and user
 * text). The templating engine substitutes data once and never evaluates it, so user text
 * containing `${...}` shows literally; user text goes into TextRun elements, which Teams does
 * not read as Markdown.
 */
import * as ACData from 'adaptivecards-templating';
import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { compileTemplate, OutsideCompiledSubset } from './compiled-template';

/** A card template as stored in adaptiveCards/*.json. */
export type CardTemplate = Readonly<Record<string, unknown>>;

/** A bound card, ready to send: plain Adaptive Card JSON. */
export interface AdaptiveCardJson {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly [key: string]: unknown;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * A card as the message activity that carries it: what the outbox sends and updates. Plain
 * data (no SDK object), so it can be stored with the outbox item.
 */
export function cardMessage(card: object): {
  readonly type: 'message';
  readonly attachments: [{ readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; readonly content: object }];
} {
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
}

// Teams refuses messages over about 28 KB; cards are checked against this in tests.
export const TEAMS_CARD_MAX_BYTES = 28 * 1024;

/**
 * Tests turn this on: every card bound by a compiled template is bound by adaptivecards-templating
 * too, and a difference throws — the whole suite checks the compiled subset against the library.
 */
let checkAgainstTemplating = false;
export function checkCompiledCards(on: boolean): void {
  checkAgainstTemplating = on;
}

export class CardRenderer {
  // Each template is compiled (or, outside the compiled subset, parsed by the library) once.
  private readonly compiled = new Map<CardTemplate, ((data: object) => unknown) | undefined>();
  private readonly parsed = new Map<CardTemplate, ACData.Template>();

  render(template: CardTemplate, data: object): AdaptiveCardJson {
    if (!this.compiled.has(template)) this.compiled.set(template, compileTemplate(template));
    const bind = this.compiled.get(template);
    if (bind) {
      try {
        const card = bind(data) as AdaptiveCardJson;
        if (checkAgainstTemplating) assertSameCard(card, this.expand(template, data));
        return card;
      } catch (error) {
        if (!(error instanceof OutsideCompiledSubset)) throw error;
      }
    }
    return this.expand(template, data);
  }

  /** adaptivecards-templating's binding. */
  private expand(template: CardTemplate, data: object): AdaptiveCardJson {
    let parsed = this.parsed.get(template);
    if (!parsed) {
      parsed = new ACData.Template(template);
      this.parsed.set(template, parsed);
    }
    return parsed.expand({ $root: data }) as AdaptiveCardJson;
  }

  attachment(template: CardTemplate, data: object): Attachment {
    return CardFactory.adaptiveCard(this.render(template, data));
  }
}

function assertSameCard(compiled: unknown, library: unknown): void {
  const ours = JSON.stringify(compiled);
  const theirs = JSON.stringify(library);
  if (ours !== theirs) {
    let at = 0;
    while (at < ours.length && ours[at] === theirs[at]) at += 1;
    throw new Error(`compiled card differs from adaptivecards-templating at ${at}: …${ours.slice(Math.max(0, at - 80), at + 80)}… vs …${theirs.slice(Math.max(0, at - 80), at + 80)}…`);
  }
}
