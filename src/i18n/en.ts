import type { MessageKey } from './fr';

/** English strings: must provide every key of the French reference catalogue. */
export const en: Record<MessageKey, string> = {
  'app.name': 'Réseau',
  'app.networkName': 'UN Network on Migration in Guinea',

  'welcome.title': 'Welcome to Réseau',
  'welcome.intro':
    'Réseau is the Teams tool of the UN Network on Migration in Guinea: meeting convocations, consensus decisions of the Executive Committee, joint statements and migration updates.',
  'welcome.scope.personal': 'You can talk to me here in private.',
  'welcome.scope.groupChat': 'I have been added to this group chat.',
  'welcome.scope.channel': 'I have been added to this team; this channel will receive the network’s messages.',
  'welcome.nextStep': 'Type **help** to see what I can do.',
  'welcome.action.help': 'Show help',

  'help.title': 'Help — Réseau',
  'help.intro': 'Here is what you can ask me. Commands work in English and in French.',
  'help.command.help': 'help',
  'help.command.help.description': 'shows this help',
  'help.comingSoon':
    'Convocations, Executive Committee consultations and decisions, joint statements and migration updates are coming in the next versions.',
  'help.action.otherLanguage': 'Afficher en français',

  'hint.unknownText': 'I did not understand that message. Type **help** to see what I can do.',
  'welcome.greeting': 'Hello ',

  'error.turnFailed':
    'Sorry, something went wrong on our side and nothing was changed. Try again in a moment; if it keeps happening, give the secretariat this reference: {correlationId}.',
  'error.tenantNotAllowed':
    'Réseau is reserved for the member organisations of the UN Network on Migration in Guinea. Your organisation is not allowed in yet: ask the secretariat (Resident Coordinator’s Office) to add it.',
  'error.invalidCardData': 'This card carries invalid or altered data; nothing was saved. Reload the conversation and try again.',
};
