/**
 * The privacy and terms pages the Teams manifest points to (/privacy, /terms): short,
 * bilingual, static, and true to what the app stores.
 */
const page = (title: string, fr: string, en: string) => `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; margin: 2rem auto; max-width: 46rem; padding: 0 1rem; color: #242424; line-height: 1.5; }
  @media (prefers-color-scheme: dark) { body { color: #fff; background: #1f1f1f; } }
  .en { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: 1rem; }
</style>
</head>
<body>
<main>${fr}<section class="en" lang="en">${en}</section></main>
</body>
</html>
`;

export const PRIVACY_PAGE = page(
  'Réseau — Confidentialité / Privacy',
  `<h1>Confidentialité</h1>
<p>Réseau est l’application Teams du Réseau des Nations Unies sur les migrations en Guinée. Elle conserve, dans le stockage du déploiement du Réseau : votre nom, votre adresse professionnelle, votre agence et votre rôle dans le Réseau ; vos réponses aux convocations, sondages et décisions ; les conversations Teams où l’application est installée, pour pouvoir vous écrire ; et un journal des modifications (qui, quand, quoi).</p>
<p>Ces données servent uniquement au fonctionnement du Réseau. Elles ne sont ni vendues ni partagées hors du Réseau. Pour les consulter, les corriger ou les faire supprimer, écrivez au secrétariat du Réseau (Bureau du Coordonnateur résident).</p>`,
  `<h1>Privacy</h1>
<p>Réseau is the Teams app of the UN Network on Migration in Guinea. It keeps, in the storage of the Network's deployment: your name, work address, agency and role in the Network; your answers to convocations, polls and decisions; the Teams conversations where the app is installed, so it can write to you; and a log of changes (who, when, what).</p>
<p>This data is only used to run the Network. It is neither sold nor shared outside the Network. To see, correct or delete it, write to the Network's secretariat (Resident Coordinator's Office).</p>`,
);

export const TERMS_PAGE = page(
  'Réseau — Conditions d’utilisation / Terms of use',
  `<h1>Conditions d’utilisation</h1>
<p>Réseau est réservé au personnel des agences des Nations Unies membres du Réseau sur les migrations en Guinée et aux personnes qu’elles invitent. Les décisions, déclarations et comptes rendus qui y sont enregistrés engagent le Réseau selon ses termes de référence. Utilisez l’application conformément aux règles de votre organisation.</p>`,
  `<h1>Terms of use</h1>
<p>Réseau is for staff of the UN agencies that are members of the Network on Migration in Guinea and the people they invite. The decisions, statements and minutes recorded in it bind the Network according to its terms of reference. Use the app in line with your organisation's rules.</p>`,
);
