/**
 * French strings: the network works in French first, so this catalogue is the reference and
 * every other language must provide exactly its keys (checked by the compiler in en.ts).
 * `{name}` placeholders are filled with plain values by `translate`, never evaluated.
 */
export const fr = {
  'app.name': 'Réseau',
  'app.networkName': 'Réseau des Nations Unies sur les migrations en Guinée',

  'welcome.title': 'Bienvenue dans Réseau',
  'welcome.intro':
    'Réseau est l’outil du Réseau des Nations Unies sur les migrations en Guinée dans Teams : convocations des réunions, décisions par consensus du Comité exécutif, déclarations conjointes et actualités migratoires.',
  'welcome.scope.personal': 'Vous pouvez me parler ici en privé.',
  'welcome.scope.groupChat': 'J’ai été ajouté à cette conversation de groupe.',
  'welcome.scope.channel': 'J’ai été ajouté à cette équipe ; ce canal recevra les messages du réseau.',
  'welcome.nextStep': 'Écrivez **aide** pour voir ce que je sais faire.',
  'welcome.action.help': 'Afficher l’aide',

  'help.title': 'Aide — Réseau',
  'help.intro': 'Voici ce que vous pouvez me demander. Les commandes fonctionnent en français et en anglais.',
  'help.command.help': 'aide',
  'help.command.help.description': 'affiche cette aide',
  'help.comingSoon':
    'Les convocations, les consultations et décisions du Comité exécutif, les déclarations conjointes et les actualités migratoires arrivent dans les prochaines versions.',
  'help.action.otherLanguage': 'Show in English',

  'hint.unknownText': 'Je n’ai pas compris ce message. Écrivez **aide** pour voir ce que je sais faire.',
  'welcome.greeting': 'Bonjour ',

  'error.turnFailed':
    'Désolé, quelque chose s’est mal passé de notre côté et rien n’a été modifié. Réessayez dans un instant ; si le problème persiste, transmettez cette référence au secrétariat : {correlationId}.',
  'error.tenantNotAllowed':
    'Réseau est réservé aux organisations membres du Réseau des Nations Unies sur les migrations en Guinée. Votre organisation n’y est pas encore autorisée : demandez au secrétariat (Bureau du Coordonnateur résident) de l’ajouter.',
  'error.invalidCardData': 'Cette carte contient des données invalides ou modifiées ; rien n’a été enregistré. Rechargez la conversation et réessayez.',
} as const;

export type MessageKey = keyof typeof fr;
