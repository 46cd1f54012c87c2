/**
 * Parses Adaptive Card JSON with the official `adaptivecards` renderer library, the way a
 * client would. Its `lib/` build does not load in Node (ESM without extensions); the UMD
 * bundle in `dist/` does.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

export interface ParsedCard {
  readonly version: string;
  /** Problems the parser reported: unknown element or action types, invalid values. */
  readonly problems: readonly string[];
  /** Every TextRun's text, in document order. */
  readonly textRuns: readonly string[];
  readonly actions: readonly { readonly type: string; readonly title: string | undefined }[];
}

export function parseAdaptiveCard(json: unknown): ParsedCard {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  const textRuns: string[] = [];
  for (const element of allElements(card)) {
    if (element instanceof AC.RichTextBlock) {
      for (let i = 0; i < element.getInlineCount(); i++) {
        const inline = element.getInlineAt(i);
        if (inline instanceof AC.TextRun && inline.text !== undefined) textRuns.push(inline.text);
      }
    }
  }
  const actions = [];
  for (let i = 0; i < card.getActionCount(); i++) {
    const action = card.getActionAt(i)!;
    actions.push({ type: action.getJsonTypeName(), title: action.title });
  }
  return { version: card.version.toString(), problems, textRuns, actions };
}

function allElements(container: InstanceType<typeof AC.Container>): InstanceType<typeof AC.CardElement>[] {
  const elements: InstanceType<typeof AC.CardElement>[] = [];
  for (let i = 0; i < container.getItemCount(); i++) {
    const item = container.getItemAt(i);
    elements.push(item);
    if (item instanceof AC.Container) elements.push(...allElements(item));
  }
  return elements;
}
