/**
 * View models of the welcome and help cards: plain data built from i18n strings, bound to the
 * templates in adaptiveCards/ by the card renderer.
 */
import type { ConversationScope } from '../delivery/conversation-installations';
import { translate, type Language } from '../i18n';
import { MY_WORK_KINDS, type MyWorkKind } from '../my-work/my-work-rules';

export const HELP_VERB = 'help.show';
/** The help card's language switch: shows the card in the other language and keeps it as the member's choice. */
export const HELP_LANGUAGE_VERB = 'help.language';

export interface CardAction {
  readonly title: string;
  readonly verb: string;
  readonly language: Language;
}

export interface WelcomeCardData {
  readonly title: string;
  readonly greeting: string;
  /** The Teams display name, shown literally; empty in channels and group chats. */
  readonly greetingName: string;
  readonly intro: string;
  readonly scopeLine: string;
  readonly nextStep: string;
  readonly helpAction: CardAction;
}

/** What awaits the reader (src/my-work), on their own help card in a 1:1 chat only. */
export interface AwaitingCounts {
  readonly counts: Readonly<Record<MyWorkKind, number>>;
  /** The tab's My work page (a Teams deep link or the web address), when there is one. */
  readonly myWorkUrl?: string;
}

export interface HelpCardData {
  readonly title: string;
  readonly intro: string;
  readonly awaiting: {
    readonly show: boolean;
    readonly title: string;
    /** Only the kinds with something waiting. */
    readonly counts: readonly { readonly name: string; readonly value: string }[];
    /** Nothing waits: `none` is shown instead of the counts. */
    readonly nothing: boolean;
    readonly none: string;
    readonly links: readonly { readonly title: string; readonly url: string }[];
  };
  readonly commands: readonly { readonly name: string; readonly description: string }[];
  /** How to talk to the bot where it must be @mentioned, with examples that work as typed. */
  readonly mentions: { readonly title: string; readonly intro: string; readonly examples: readonly { readonly text: string }[] };
  readonly comingSoon: string;
  readonly languageAction: CardAction;
  /** Said once the switch kept the reader's choice (empty otherwise). */
  readonly languageKept: string;
}

// Each is sent as written, after the mention, by tests/e2e/help-in-channels.e2e.spec.ts.
const MENTION_EXAMPLES = ['help.mention.example.help', 'help.mention.example.poll', 'help.mention.example.updates', 'help.mention.example.register', 'help.mention.example.report'] as const;

const otherLanguage = (language: Language): Language => (language === 'fr' ? 'en' : 'fr');

export function welcomeCardData(language: Language, scope: ConversationScope, userName: string | undefined): WelcomeCardData {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  return {
    title: t('welcome.title'),
    greeting: t('welcome.greeting'),
    greetingName: scope === 'personal' ? (userName ?? '').trim() : '',
    intro: t('welcome.intro'),
    scopeLine: t(`welcome.scope.${scope}`),
    nextStep: t('welcome.nextStep'),
    helpAction: { title: t('welcome.action.help'), verb: HELP_VERB, language },
  };
}

export function helpCardData(language: Language, awaiting?: AwaitingCounts, languageKept = false): HelpCardData {
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  return {
    title: t('help.title'),
    intro: t('help.intro'),
    awaiting: {
      show: awaiting !== undefined,
      title: t('help.myWork.title'),
      counts: MY_WORK_KINDS.filter((kind) => (awaiting?.counts[kind] ?? 0) > 0).map((kind) => ({ name: t(`help.myWork.${kind}`), value: String(awaiting?.counts[kind]) })),
      nothing: MY_WORK_KINDS.every((kind) => (awaiting?.counts[kind] ?? 0) === 0),
      none: t('help.myWork.none'),
      links: awaiting?.myWorkUrl ? [{ title: t('help.myWork.open'), url: awaiting.myWorkUrl }] : [],
    },
    commands: [
      { name: t('help.command.help'), description: t('help.command.help.description') },
      { name: t('network.help.members'), description: t('network.help.members.description') },
      { name: t('network.help.profile'), description: t('network.help.profile.description') },
      { name: t('network.help.leave'), description: t('network.help.leave.description') },
      { name: t('updates.help.share'), description: t('updates.help.share.description') },
      { name: t('updates.help.updates'), description: t('updates.help.updates.description') },
      { name: t('updates.help.report'), description: t('updates.help.report.description') },
      { name: t('meetings.help.tab'), description: t('meetings.help.tab.description') },
      { name: t('decisions.help.poll'), description: t('decisions.help.poll.description') },
      { name: t('decisions.help.register'), description: t('decisions.help.register.description') },
      { name: t('decisions.help.newDecision'), description: t('decisions.help.newDecision.description') },
      { name: t('statements.help.request'), description: t('statements.help.request.description') },
      { name: t('workplan.help.plan'), description: t('workplan.help.plan.description') },
    ],
    mentions: { title: t('help.mention.title'), intro: t('help.mention.intro'), examples: MENTION_EXAMPLES.map((key) => ({ text: t(key) })) },
    comingSoon: t('help.comingSoon'),
    languageAction: { title: t('help.action.otherLanguage'), verb: HELP_LANGUAGE_VERB, language: otherLanguage(language) },
    languageKept: languageKept ? t('language.kept') : '',
  };
}
