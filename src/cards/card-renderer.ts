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

export class CardRenderer {
  // Parsing a template is the costly part of expansion, so each is parsed once.
  private readonly parsed = new Map<CardTemplate, ACData.Template>();

  render(template: CardTemplate, data: object): AdaptiveCardJson {
    let compiled = this.parsed.get(template);
    if (!compiled) {
      compiled = new ACData.Template(template);
      this.parsed.set(template, compiled);
    }
    return compiled.expand({ $root: data }) as AdaptiveCardJson;
  }

  attachment(template: CardTemplate, data: object): Attachment {
    return CardFactory.adaptiveCard(this.render(template, data));
  }
}
