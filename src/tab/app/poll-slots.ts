/**
 * A time slot chosen with the Polls page's pickers (a date, a start and an end time) → the text
 * the server reads as the chat does (`12/05/2027 10:00-12:00`, in the poll's zone: the server's
 * slot-rules `parseSlotText`, which refuses a date or a time that does not exist with the expected
 * format). Pure, no DOM: the page passes what the inputs hold and whether the browser found a
 * picker's typing unreadable (`badInput`: its value is then empty, never a wrong date).
 */

export interface SlotRow {
  /** `YYYY-MM-DD` from a date picker, or '' (not chosen, or typed so it cannot be read). */
  readonly date: string;
  /** `HH:MM` from time pickers, or ''. */
  readonly from: string;
  readonly to: string;
}

export type SlotRowText =
  /** Nothing chosen on the row: left out. */
  | { readonly kind: 'empty' }
  | { readonly kind: 'slot'; readonly text: string }
  /** Part of a slot only, or a picker's value unreadable: the page says what is expected. */
  | { readonly kind: 'incomplete' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^\d{2}:\d{2}$/;

/** The row as the chat would read it, day first as the network writes dates. */
export function slotRowText(row: SlotRow, unreadable = false): SlotRowText {
  if (row.date === '' && row.from === '' && row.to === '' && !unreadable) return { kind: 'empty' };
  const day = DAY.exec(row.date);
  if (unreadable || !day || !TIME.test(row.from) || !TIME.test(row.to)) return { kind: 'incomplete' };
  return { kind: 'slot', text: `${day[3]}/${day[2]}/${day[1]} ${row.from}-${row.to}` };
}

/** An example of the expected format, a week from `now` in Conakry time (UTC+0 all year). */
export function slotExample(now: Date): string {
  const day = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} 10:00-12:00`;
}
