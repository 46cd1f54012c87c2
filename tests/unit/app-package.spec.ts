// The Teams app package: manifest and localization against the official schemas that
// @microsoft/app-manifest bundles, the icons, and the packager behind `npm run package`.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { ICON_ACCENT_COLOR, renderColorIcon, renderOutlineIcon } from '../../scripts/make-icons';
import { helpCardData } from '../../src/bot/welcome-help-cards';
import { WORKPLAN_COMMAND } from '../../src/workplan/workplan-routes';
import {
  AppPackageError,
  REPO_ROOT,
  buildAppPackage,
  bundledSchemaPath,
  checkIcon,
  checkLocalization,
  checkTeamsRules,
  findPlaceholders,
  lookupManifestPath,
  parseEnvArgument,
  parseEnvFile,
  resolvePlaceholders,
  validateAgainstBundledSchema,
} from '../../scripts/package-app';

const APP_DIR = path.join(REPO_ROOT, 'appPackage');
const MANIFEST_TEXT = readFileSync(path.join(APP_DIR, 'manifest.json'), 'utf8');
const EN_TEXT = readFileSync(path.join(APP_DIR, 'en.json'), 'utf8');

/** What provisioning would write into env/.env.<env>; GUIDs in the shape Teams validates. */
const SAMPLE_VALUES: Record<string, string> = {
  TEAMS_APP_ID: '3f6c1d2e-8a4b-4c1d-9e2f-1a2b3c4d5e6f',
  BOT_ID: '7b1e9c40-2d3f-4e5a-8b6c-0d1e2f3a4b5c',
  BOT_DOMAIN: 'reseau-dev-a1b2c3.azurewebsites.net',
  AAD_APP_CLIENT_ID: 'c0ffee00-1234-4abc-9def-0123456789ab',
  APP_NAME_SUFFIX: '-dev',
};

type Json = Record<string, unknown>;
interface Command {
  title: string;
  description?: string;
  id?: string;
  type?: string;
  context?: string[];
  parameters?: { title: string; description?: string }[];
}

function resolvedManifest(values: Record<string, string> = SAMPLE_VALUES): Json {
  return JSON.parse(resolvePlaceholders(MANIFEST_TEXT, values, 'manifest.json')) as Json;
}

function envFileText(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

function solidPng(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}

function bundledTeamsVersions(): number[] {
  const dir = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
  return readdirSync(dir)
    .map((name) => /^v1\.(\d+)$/.exec(name)?.[1])
    .filter((minor): minor is string => minor !== undefined)
    .map(Number);
}

describe('Teams app package', () => {
  describe('manifest.json', () => {
    it('uses a stable manifest version whose schema @microsoft/app-manifest bundles, with a matching $schema', () => {
      const manifest = JSON.parse(MANIFEST_TEXT) as Json;
      const version = manifest.manifestVersion as string;
      const minor = Number(/^1\.(\d+)$/.exec(version)?.[1]);
      assert.ok(bundledTeamsVersions().includes(minor), `v${version} is not bundled by @microsoft/app-manifest`);
      // description.features (the hover card listing the three scenes) needs 1.26 or later.
      assert.ok(minor >= 26, `manifestVersion ${version} is older than 1.26`);
      assert.equal(manifest.$schema, `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
      assert.ok(bundledSchemaPath(manifest.$schema as string).endsWith(path.join(`v${version}`, 'MicrosoftTeams.schema.json')));
    });

    it('uses exactly the toolkit variables as placeholders', () => {
      assert.deepEqual(findPlaceholders(MANIFEST_TEXT).sort(), ['AAD_APP_CLIENT_ID', 'APP_NAME_SUFFIX', 'BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    });

    it('validates, once resolved, against the bundled official schema', async () => {
      const manifest = resolvedManifest();
      assert.deepEqual(validateAgainstBundledSchema(manifest), []);
      // The toolkit's own validator (what teamsApp/validateManifest runs) agrees, offline.
      assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest as never), []);
      assert.deepEqual(checkTeamsRules(manifest), []);
    });

    it('is rejected by the same validation when it breaks a schema rule', () => {
      const manifest = resolvedManifest();
      (manifest.bots as Json[])[0]!.botId = 'not-a-guid';
      (manifest.developer as Json).name = 'UN Network on Migration in Guinea'; // 33 characters, the limit is 32
      delete manifest.accentColor;
      const errors = validateAgainstBundledSchema(manifest).join('\n');
      assert.match(errors, /\/bots\/0\/botId/);
      assert.match(errors, /\/developer\/name/);
      assert.match(errors, /accentColor/);
    });

    it('is rejected by the Teams rules when a tab leaves the valid domains or the bot ids differ', () => {
      const manifest = resolvedManifest();
      (manifest.staticTabs as Json[])[0]!.contentUrl = 'https://elsewhere.example.org/tab';
      (manifest.composeExtensions as Json[])[0]!.botId = SAMPLE_VALUES.TEAMS_APP_ID;
      manifest.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.schema.json';
      const problems = checkTeamsRules(manifest).join('\n');
      assert.match(problems, /elsewhere\.example\.org/);
      assert.match(problems, /different bot ids/);
      assert.match(problems, /v1\.24 but manifestVersion/);
    });

    it('speaks French first, English second', () => {
      const manifest = resolvedManifest();
      assert.deepEqual(manifest.localizationInfo, { defaultLanguageTag: 'fr', additionalLanguages: [{ languageTag: 'en', file: 'en.json' }] });
      assert.equal((manifest.name as Json).short, 'Réseau-dev');
      assert.match((manifest.name as Json).full as string, /Nations Unies sur les migrations en Guinée/);
      assert.match((manifest.description as Json).short as string, /Sondages/);
    });

    it('declares the bot in personal, team and group chat scopes with a help command in every command list', () => {
      const manifest = resolvedManifest();
      const bots = manifest.bots as Json[];
      assert.equal(bots.length, 1);
      const bot = bots[0]!;
      assert.equal(bot.botId, SAMPLE_VALUES.BOT_ID);
      assert.deepEqual([...(bot.scopes as string[])].sort(), ['groupChat', 'personal', 'team']);
      assert.equal(bot.supportsFiles, false);
      assert.equal(bot.isNotificationOnly, false);
      const lists = bot.commandLists as { scopes: string[]; commands: Command[] }[];
      // Every bot scope is covered by exactly one list, so a feature knows where to add its command.
      assert.deepEqual(lists.flatMap((l) => l.scopes).sort(), ['groupChat', 'personal', 'team']);
      const en = JSON.parse(EN_TEXT) as Record<string, string>;
      lists.forEach((list, i) => {
        const helpIndex = list.commands.findIndex((c) => c.title === 'aide');
        assert.ok(helpIndex >= 0, `command list ${i} has no "aide" command`);
        assert.equal(en[`bots[0].commandLists[${i}].commands[${helpIndex}].title`], 'help');
      });
    });

    it('keeps each command list within what Teams shows (10 commands: the documented limit, under the schema’s own cap) and offers the work plan in every scope', () => {
      const schema = JSON.parse(readFileSync(require.resolve('@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json'), 'utf8')) as Json;
      const schemaCap = ((((((schema.properties as Json).bots as Json).items as Json).properties as Json).commandLists as Json).items as Json).properties as Json;
      const schemaMax = (schemaCap.commands as Json).maxItems as number;
      // Teams' documentation: "up to 10 commands" per command list (the v1.30 schema allows 12).
      const TEAMS_COMMAND_LIMIT = 10;
      assert.ok(TEAMS_COMMAND_LIMIT <= schemaMax, `the schema caps a list at ${schemaMax}`);
      const lists = (resolvedManifest().bots as { commandLists: { commands: Command[] }[] }[])[0]!.commandLists;
      for (const [index, list] of lists.entries()) {
        assert.ok(list.commands.length <= TEAMS_COMMAND_LIMIT, `command list ${index} has ${list.commands.length} commands`);
        // The bot answers the command as Teams sends it (its title), in French and in English.
        assert.ok(list.commands.some((command) => command.title === 'plan de travail'), `command list ${index} offers the work plan`);
        assert.equal(new Set(list.commands.map((command) => command.title)).size, list.commands.length, 'no command twice');
      }
      const en = JSON.parse(EN_TEXT) as Record<string, string>;
      for (const [index, list] of lists.entries()) {
        const at = list.commands.findIndex((command) => command.title === 'plan de travail');
        const english = en[`bots[0].commandLists[${index}].commands[${at}].title`] ?? '';
        assert.equal(english, 'work plan');
        for (const title of ['plan de travail', english]) assert.match(title, WORKPLAN_COMMAND, `${title} reaches the work-plan handler`);
      }
      // The help card lists it, in each language, as the command lists name it.
      assert.ok(helpCardData('fr').commands.some((command) => command.name === 'plan de travail'));
      assert.ok(helpCardData('en').commands.some((command) => command.name === 'work plan'));
    });

    it('has a personal static tab and a configurable tab for teams and group chats on the bot domain', () => {
      const manifest = resolvedManifest();
      const domain = SAMPLE_VALUES.BOT_DOMAIN;
      const staticTabs = manifest.staticTabs as Json[];
      const home = staticTabs.find((t) => t.contentUrl !== undefined)!;
      assert.deepEqual(home.scopes, ['personal']);
      assert.ok((home.contentUrl as string).startsWith(`https://${domain}/tab?`), home.contentUrl as string);
      const configurable = (manifest.configurableTabs as Json[])[0]!;
      assert.equal(configurable.configurationUrl, `https://${domain}/tab/config`);
      assert.deepEqual([...(configurable.scopes as string[])].sort(), ['groupChat', 'team']);
      assert.deepEqual(manifest.validDomains, [domain]);
    });

    it('runs in shared and private channels (Teams Connect: agencies in their own tenants) and declares the channel features it handles', () => {
      const manifest = resolvedManifest();
      // Without supportedChannelTypes Teams offers the app in standard channels only: the
      // network's shared "Réseau" and "Comité exécutif" channels could not add it.
      assert.deepEqual([...(manifest.supportedChannelTypes as string[])].sort(), ['privateChannels', 'sharedChannels']);
      assert.equal(manifest.supportsChannelFeatures, 'tier1');
      const broken = { ...manifest, supportedChannelTypes: ['sharedChannels', 'externalChannels'] };
      assert.match(validateAgainstBundledSchema(broken).join('\n'), /supportedChannelTypes/, 'an unknown channel type is refused by the bundled schema');
    });

    it('declares the message extension commands: searchUpdates (query) and shareAsUpdate (action on messages)', () => {
      const manifest = resolvedManifest();
      const extension = (manifest.composeExtensions as Json[])[0]!;
      assert.equal(extension.botId, SAMPLE_VALUES.BOT_ID);
      const commands = extension.commands as Command[];
      const search = commands.find((c) => c.id === 'searchUpdates');
      const share = commands.find((c) => c.id === 'shareAsUpdate');
      assert.equal(search?.type, 'query');
      assert.equal(share?.type, 'action');
      assert.deepEqual(share?.context, ['message']);
    });

    it('asks only for identity and messageTeamMembers, and points SSO and developer links at the bot domain', () => {
      const manifest = resolvedManifest();
      const domain = SAMPLE_VALUES.BOT_DOMAIN;
      assert.deepEqual([...(manifest.permissions as string[])].sort(), ['identity', 'messageTeamMembers']);
      assert.deepEqual(manifest.webApplicationInfo, {
        id: SAMPLE_VALUES.AAD_APP_CLIENT_ID,
        resource: `api://${domain}/${SAMPLE_VALUES.AAD_APP_CLIENT_ID}`,
      });
      const developer = manifest.developer as Record<string, string>;
      assert.match(developer.name!, /UN Network on Migration/);
      for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) assert.equal(new URL(developer[key]!).host, domain, key);
      assert.match(manifest.accentColor as string, /^#[0-9A-F]{6}$/i);
    });
  });

  describe('localization', () => {
    it('en.json validates against the bundled localization schema and only translates strings the manifest has', () => {
      assert.deepEqual(checkLocalization('en.json', EN_TEXT, resolvedManifest()), []);
    });

    it('reports a key that points at nothing, a wrong $schema and a placeholder', () => {
      const strings = JSON.parse(EN_TEXT) as Json;
      strings['bots[0].commandLists[0].commands[11].title'] = 'ghost';
      strings.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.Localization.schema.json';
      strings['name.short'] = 'Réseau${{APP_NAME_SUFFIX}}';
      const problems = checkLocalization('en.json', JSON.stringify(strings), resolvedManifest()).join('\n');
      assert.match(problems, /commands\[11\]\.title/);
      assert.match(problems, /"\$schema" should be/);
      assert.match(problems, /placeholders/);
    });

    it('translates every user-visible string Teams lets us localize, so a new command cannot ship French-only', () => {
      const manifest = resolvedManifest();
      const en = JSON.parse(EN_TEXT) as Json;
      const expected: string[] = ['name.short', 'name.full', 'description.short', 'description.full'];
      ((manifest.description as Json).features as Json[] | undefined)?.forEach((_f, i) => {
        expected.push(`description.features[${i}].title`, `description.features[${i}].description`);
      });
      (manifest.bots as { commandLists: { commands: Command[] }[] }[])[0]!.commandLists.forEach((list, l) => {
        list.commands.forEach((_c, c) => expected.push(`bots[0].commandLists[${l}].commands[${c}].title`, `bots[0].commandLists[${l}].commands[${c}].description`));
      });
      (manifest.staticTabs as Json[]).forEach((tab, t) => {
        if (typeof tab.name === 'string') expected.push(`staticTabs[${t}].name`);
      });
      (manifest.composeExtensions as { commands: Command[] }[])[0]!.commands.forEach((command, c) => {
        expected.push(`composeExtensions[0].commands[${c}].title`, `composeExtensions[0].commands[${c}].description`);
        command.parameters?.forEach((_p, p) => {
          expected.push(`composeExtensions[0].commands[${c}].parameters[${p}].title`, `composeExtensions[0].commands[${c}].parameters[${p}].description`);
        });
      });
      const missing = expected.filter((key) => typeof en[key] !== 'string' || (en[key] as string).trim() === '');
      assert.deepEqual(missing, []);
      assert.equal(en['composeExtensions[0].commands[0].title'], 'Search migration updates');
      // The French strings stay in the manifest: every English string must differ from its source
      // unless it is a proper name.
      const untranslated = expected.filter((key) => key !== 'name.short' && key !== 'staticTabs[0].name' && en[key] === lookupManifestPath(manifest, key));
      assert.deepEqual(untranslated, []);
    });
  });

  describe('icons', () => {
    const color = readFileSync(path.join(APP_DIR, 'color.png'));
    const outline = readFileSync(path.join(APP_DIR, 'outline.png'));

    it('color.png is 192×192, opaque, on the accent colour', () => {
      assert.deepEqual(checkIcon(color, 'color'), []);
      const png = PNG.sync.read(color);
      assert.equal(png.width, 192);
      assert.equal(png.height, 192);
      for (let i = 3; i < png.data.length; i += 4) assert.equal(png.data[i], 255);
      const corner = `#${[png.data[0], png.data[1], png.data[2]].map((v) => (v as number).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
      assert.equal(corner, ICON_ACCENT_COLOR);
      assert.equal(JSON.parse(MANIFEST_TEXT).accentColor, ICON_ACCENT_COLOR);
    });

    it('outline.png is 32×32, white on transparent only', () => {
      assert.deepEqual(checkIcon(outline, 'outline'), []);
      const png = PNG.sync.read(outline);
      assert.equal(png.width, 32);
      assert.equal(png.height, 32);
      let transparent = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        if (png.data[i + 3] === 0) transparent++;
        else assert.deepEqual([png.data[i], png.data[i + 1], png.data[i + 2]], [255, 255, 255]);
      }
      assert.ok(transparent > 32 * 32 * 0.3, 'the outline icon should be mostly transparent background');
    });

    it('are exactly what scripts/make-icons.ts draws', () => {
      assert.ok(PNG.sync.read(color).data.equals(renderColorIcon().data), 'color.png differs: run npx tsx scripts/make-icons.ts');
      assert.ok(PNG.sync.read(outline).data.equals(renderOutlineIcon().data), 'outline.png differs: run npx tsx scripts/make-icons.ts');
    });

    it('checkIcon rejects a wrong size and a coloured outline', () => {
      assert.match(checkIcon(solidPng(100, 100, [0, 158, 219, 255]), 'color').join(), /100×100/);
      const red = new PNG({ width: 32, height: 32 });
      red.data.set([255, 0, 0, 255], 0);
      assert.match(checkIcon(PNG.sync.write(red), 'outline').join(), /not pure white/);
      assert.match(checkIcon(solidPng(32, 32, [255, 255, 255, 255]), 'outline').join(), /no transparent background/);
    });
  });

  describe('packager (npm run package)', () => {
    let workDir: string;
    let envDir: string;
    let outDir: string;

    beforeEach(() => {
      workDir = mkdtempSync(path.join(tmpdir(), 'reseau-package-'));
      envDir = path.join(workDir, 'env');
      outDir = path.join(workDir, 'out');
      mkdirSync(envDir);
    });

    afterEach(() => rmSync(workDir, { recursive: true, force: true }));

    it('builds appPackage.<env>.zip with exactly the manifest, the two icons and the localization file, all resolved', async () => {
      writeFileSync(path.join(envDir, '.env.test'), envFileText(SAMPLE_VALUES));
      const result = await buildAppPackage({ env: 'test', envDir, outDir });
      assert.equal(result.zipPath, path.join(outDir, 'appPackage.test.zip'));

      const zip = await JSZip.loadAsync(readFileSync(result.zipPath));
      const names = Object.keys(zip.files).sort();
      assert.deepEqual(names, ['color.png', 'en.json', 'manifest.json', 'outline.png']);
      for (const name of names) {
        const text = await zip.file(name)!.async('string');
        assert.ok(!text.includes('${{'), `${name} still has a placeholder`);
      }
      const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Json;
      assert.equal(manifest.id, SAMPLE_VALUES.TEAMS_APP_ID);
      assert.deepEqual(validateAgainstBundledSchema(manifest), []);
      assert.ok((await zip.file('color.png')!.async('nodebuffer')).equals(readFileSync(path.join(APP_DIR, 'color.png'))));
      assert.ok((await zip.file('outline.png')!.async('nodebuffer')).equals(readFileSync(path.join(APP_DIR, 'outline.png'))));
    });

    it('gives byte-identical zips for identical inputs', async () => {
      writeFileSync(path.join(envDir, '.env.test'), envFileText(SAMPLE_VALUES));
      const first = readFileSync((await buildAppPackage({ env: 'test', envDir, outDir })).zipPath);
      const second = readFileSync((await buildAppPackage({ env: 'test', envDir, outDir })).zipPath);
      assert.ok(first.equals(second));
    });

    it('fails naming the variable when the env file lacks one', async () => {
      const { BOT_DOMAIN: _omitted, ...rest } = SAMPLE_VALUES;
      writeFileSync(path.join(envDir, '.env.test'), envFileText(rest));
      await assert.rejects(buildAppPackage({ env: 'test', envDir, outDir }), (error: unknown) => {
        assert.ok(error instanceof AppPackageError);
        assert.match(error.message, /BOT_DOMAIN/);
        assert.doesNotMatch(error.message, /BOT_ID|TEAMS_APP_ID/);
        assert.match(error.message, /\.env\.test/);
        return true;
      });
    });

    it('treats an empty value as missing, except APP_NAME_SUFFIX which production leaves empty', async () => {
      writeFileSync(path.join(envDir, '.env.test'), envFileText({ ...SAMPLE_VALUES, BOT_ID: '' }));
      await assert.rejects(buildAppPackage({ env: 'test', envDir, outDir }), /BOT_ID/);

      writeFileSync(path.join(envDir, '.env.prod'), envFileText({ ...SAMPLE_VALUES, APP_NAME_SUFFIX: '' }));
      const { manifest } = await buildAppPackage({ env: 'prod', envDir, outDir });
      assert.equal((manifest.name as Json).short, 'Réseau');
    });

    it('reads env/.env.<env>.user after the env file, and the process environment last', async () => {
      const { AAD_APP_CLIENT_ID: _a, BOT_ID: _b, ...rest } = SAMPLE_VALUES;
      writeFileSync(path.join(envDir, '.env.test'), `# comment\n${envFileText(rest)}\nBOT_ID=\n`);
      writeFileSync(path.join(envDir, '.env.test.user'), `BOT_ID="${SAMPLE_VALUES.BOT_ID}"\n`);
      const overridden = 'ab12cd34-0000-4000-8000-000000000001';
      const { manifest } = await buildAppPackage({ env: 'test', envDir, outDir, processEnv: { AAD_APP_CLIENT_ID: overridden } });
      assert.equal((manifest.bots as Json[])[0]!.botId, SAMPLE_VALUES.BOT_ID);
      assert.equal((manifest.webApplicationInfo as Json).id, overridden);
    });

    it('refuses an invalid manifest even when every variable is set', async () => {
      writeFileSync(path.join(envDir, '.env.test'), envFileText({ ...SAMPLE_VALUES, BOT_ID: 'bot' }));
      await assert.rejects(buildAppPackage({ env: 'test', envDir, outDir }), (error: unknown) => {
        assert.ok(error instanceof AppPackageError);
        assert.match(error.message, /botId/);
        return true;
      });
    });

    it('fails clearly for an environment without an env file', async () => {
      await assert.rejects(buildAppPackage({ env: 'staging', envDir, outDir }), /No environment file .*\.env\.staging/);
    });

    it('cannot package the dev environment before provisioning, and names every value provisioning fills in', async () => {
      // The committed env/.env.dev as it is before `provision` (values it generates still empty).
      const generated = ['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'AAD_APP_CLIENT_ID'];
      const committed = parseEnvFile(readFileSync(path.join(REPO_ROOT, 'env', '.env.dev'), 'utf8'));
      for (const name of generated) assert.ok(name in committed, `env/.env.dev does not declare ${name}`);
      const unprovisioned = Object.fromEntries(Object.entries(committed).map(([key, value]) => [key, generated.includes(key) ? '' : value]));
      writeFileSync(path.join(envDir, '.env.dev'), envFileText(unprovisioned));
      await assert.rejects(buildAppPackage({ env: 'dev', envDir, outDir }), (error: unknown) => {
        assert.ok(error instanceof AppPackageError);
        for (const name of generated) assert.match(error.message, new RegExp(name));
        return true;
      });
    });
  });

  describe('packager helpers', () => {
    it('parseEnvFile reads the toolkit dotenv subset', () => {
      assert.deepEqual(parseEnvFile('# c\nA=1\nB = "two words"\nC=\'x\'\nD=plain # trailing\nexport E=e\nnot a line\n'), {
        A: '1',
        B: 'two words',
        C: 'x',
        D: 'plain',
        E: 'e',
      });
    });

    it('resolvePlaceholders escapes values for JSON and names every missing variable at once', () => {
      assert.equal(resolvePlaceholders('{"a":"${{X}}"}', { X: 'say "hi"' }, 't'), '{"a":"say \\"hi\\""}');
      assert.throws(() => resolvePlaceholders('${{A}} ${{B}} ${{C}}', { B: 'b' }, 'thing'), /thing needs values for A, C/);
    });

    it('parseEnvArgument accepts --env dev, --env=dev and defaults to dev', () => {
      assert.equal(parseEnvArgument(['--env', 'local']), 'local');
      assert.equal(parseEnvArgument(['--env=prod']), 'prod');
      assert.equal(parseEnvArgument([]), 'dev');
      assert.throws(() => parseEnvArgument(['--env']), /needs an environment name/);
    });

    it('bundledSchemaPath only maps official Teams schema URLs, with or without a locale', () => {
      assert.match(bundledSchemaPath('https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json'), /v1\.24/);
      assert.throws(() => bundledSchemaPath('https://example.org/json-schemas/teams/v1.24/MicrosoftTeams.schema.json'), AppPackageError);
      assert.throws(() => bundledSchemaPath('https://developer.microsoft.com/json-schemas/teams/v9.99/MicrosoftTeams.schema.json'), /does not bundle/);
    });
  });
});
