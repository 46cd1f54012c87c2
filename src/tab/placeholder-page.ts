/**
 * What /tab shows until the tab itself lands (meetings issue): a bilingual page saying what is
 * coming, so a tab added in Teams today is not a blank frame.
 */
export function tabPlaceholderPage(): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Réseau</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; margin: 2rem; color: #242424; background: #fff; }
  @media (prefers-color-scheme: dark) { body { color: #fff; background: #1f1f1f; } }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  p { max-width: 42rem; line-height: 1.5; }
  .en { opacity: .8; }
</style>
</head>
<body>
<main>
  <h1>Réseau</h1>
  <p>L’onglet du Réseau des Nations Unies sur les migrations en Guinée arrive bientôt : convocations des réunions, suivi des réponses par agence, décisions et rapports.</p>
  <p class="en" lang="en">The tab of the UN Network on Migration in Guinea is coming soon: meeting convocations, replies by agency, decisions and reports.</p>
</main>
</body>
</html>
`;
}
