/**
 * An amendment's changes in words (pure: no React, no DOM; unit-tested): each changed field of an
 * activity as "before → after" in the reader's language — agencies by name, periods and dates as
 * people read them, numbers grouped the reader's way, statuses and units in words — and the
 * activity's texts in the reader's language with the other as a fallback.
 */
import type { ActivityPeriod, Budget, Indicator, Texts } from '../../workplan/model';
import type { ActivityField, FieldChange } from '../../workplan/workplan-rules';
import type { ChangeView } from '../../workplan/workplan-views';
import { format, type TabLanguage, type TabStrings } from './strings';

export interface ChangeWords {
  readonly t: TabStrings;
  readonly language: TabLanguage;
  /** An agency as the reader knows it (name and code). */
  readonly agency: (code: string) => string;
  /** A working group's name (its id when it is not known any more). */
  readonly workingGroup: (id: string) => string;
}

/** One line of a changed activity: the field in words, what it was, what it becomes. */
export interface FieldLine {
  readonly field: ActivityField;
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

/** Shown for a field with nothing in it (no partners, no budget…): the same in both languages. */
export const NOTHING = '—';

const LOCALE: Record<TabLanguage, string> = { fr: 'fr-FR', en: 'en-GB' };
const other = (language: TabLanguage): TabLanguage => (language === 'fr' ? 'en' : 'fr');

/** A text in the reader's language, else the other one (an activity may be described in one only). */
export const textIn = (language: TabLanguage, texts: Texts | undefined): string => texts?.[language] ?? texts?.[other(language)] ?? '';

export const numberText = (value: number, language: TabLanguage): string => new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 2 }).format(value);

/** A calendar day (YYYY-MM-DD) as people read it: "1 avr. 2026", "1 Apr 2026". */
export const dayText = (day: string, language: TabLanguage): string => new Intl.DateTimeFormat(LOCALE[language], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

export function periodText(period: ActivityPeriod, t: TabStrings, language: TabLanguage): string {
  if (period.kind === 'quarters') return period.from === period.to ? format(t.wp_quarterShort, { quarter: period.from }) : format(t.wp_quarters, { from: period.from, to: period.to });
  return `${dayText(period.start, language)} – ${dayText(period.end, language)}`;
}

function indicatorText(indicator: Indicator, words: ChangeWords): string {
  const { t, language } = words;
  return format(t.wp_changeIndicator, { label: textIn(language, indicator.label), baseline: numberText(indicator.baseline, language), target: numberText(indicator.target, language), unit: t[`wp_unit_${indicator.unit}`] });
}

function budgetText(budget: Budget, words: ChangeWords): string {
  const amount = `${numberText(budget.amount, words.language)} ${budget.currency}`;
  return budget.fundingSource ? format(words.t.wp_changeBudget, { amount, source: budget.fundingSource }) : amount;
}

/** French puts a narrow no-break space before a semicolon. */
const semicolon = (language: TabLanguage) => (language === 'fr' ? '\u202f; ' : '; ');
const listText = (items: readonly string[], separator = ', ') => (items.length === 0 ? NOTHING : items.join(separator));

/** A field's value in words (`undefined`: the field is not set). */
export function valueText(field: Exclude<ActivityField, 'description'>, value: unknown, words: ChangeWords): string {
  if (value === undefined) return field === 'workingGroupId' ? words.t.wp_noWorkingGroup : NOTHING;
  switch (field) {
    case 'objectives':
      return listText((value as readonly number[]).map(String));
    case 'leadAgency':
      return words.agency(value as string);
    case 'contributingAgencies':
      return listText((value as readonly string[]).map(words.agency));
    case 'externalPartners':
      return listText(value as readonly string[], semicolon(words.language));
    case 'workingGroupId':
      return words.workingGroup(value as string);
    case 'period':
      return periodText(value as ActivityPeriod, words.t, words.language);
    case 'indicators':
      return listText((value as readonly Indicator[]).map((indicator) => indicatorText(indicator, words)), semicolon(words.language));
    case 'budget':
      return budgetText(value as Budget, words);
    case 'status':
      return words.t[`wp_status_${value as 'planned'}`];
  }
}

/**
 * The lines of a changed activity, in the order of the activity's fields. A description changed
 * in one language only is shown in that language (a French reader sees an English-only change);
 * changed in both, it takes a line per language, the reader's first.
 */
export function fieldLines(fields: readonly FieldChange[], words: ChangeWords): FieldLine[] {
  const { t, language } = words;
  return fields.flatMap((change): FieldLine[] => {
    if (change.field === 'description') {
      const before = change.before as Texts | undefined;
      const after = change.after as Texts | undefined;
      return [language, other(language)]
        .filter((each) => (before?.[each] ?? '') !== (after?.[each] ?? ''))
        .map((each) => ({ field: 'description', label: each === 'fr' ? t.wp_descriptionFr : t.wp_descriptionEn, before: before?.[each] || NOTHING, after: after?.[each] || NOTHING }));
    }
    return [{ field: change.field, label: t[`wp_field_${change.field}`], before: valueText(change.field, change.before, words), after: valueText(change.field, change.after, words) }];
  });
}

const KIND_ORDER: Record<ChangeView['change'], number> = { added: 0, removed: 1, changed: 2 };

/** Added, then withdrawn, then changed; within each, by description in the reader's language. */
export function orderedChanges(changes: readonly ChangeView[], language: TabLanguage): ChangeView[] {
  const collator = new Intl.Collator(LOCALE[language]);
  return [...changes].sort((a, b) => KIND_ORDER[a.change] - KIND_ORDER[b.change] || collator.compare(textIn(language, a.description), textIn(language, b.description)));
}

/** "1 activité ajoutée, 1 retirée, 2 modifiées." */
export function changesSummary(changes: readonly ChangeView[], t: TabStrings, language: TabLanguage): string {
  const count = (kind: ChangeView['change']) => changes.filter((change) => change.change === kind).length;
  return format(t.wp_changesSummary, { added: count('added'), removed: count('removed'), changed: count('changed') }, language);
}
