/**
 * Builds the Teams app package for one environment, the way the Agents Toolkit's
 * teamsApp/zipAppPackage does, but offline and with stricter checks:
 *
 *   npm run package -- --env dev        → appPackage/build/appPackage.dev.zip
 *
 * 1. Reads env/.env.<env>, then env/.env.<env>.user (secrets, git-ignored), then the process
 *    environment (so CI can inject values without files); later sources win.
 * 2. Replaces every ${{VAR}} in appPackage/manifest.json; a variable that is missing or empty fails
 *    the build with a message naming it (APP_NAME_SUFFIX alone may be empty: production has none).
 * 3. Validates the manifest and each localization file against the official JSON schemas that
 *    @microsoft/app-manifest ships (no network), then the Teams rules the schema cannot express:
 *    icon sizes, a white/transparent outline icon, localization keys that exist in the manifest,
 *    tab URLs on a valid domain, one bot id for the bot and the message extension.
 * 4. Writes a zip holding exactly manifest.json, the two icons and the localization files, with fixed
 *    timestamps so the same inputs give the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** The toolkit's placeholder syntax: ${{NAME}}. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Variables allowed to resolve to an empty string; every other empty value is treated as missing. */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

const COLOR_ICON_SIZE = 192;
const OUTLINE_ICON_SIZE = 32;

/** A fixed date for zip entries (the DOS epoch), so rebuilding unchanged inputs gives identical bytes. */
const ZIP_ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/** Every problem found, so one run tells the engineer everything that is wrong. */
export class AppPackageError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'AppPackageError';
  }
}

// ---------------------------------------------------------------------------------------------
// Environment files
// ---------------------------------------------------------------------------------------------

/**
 * Parses the dotenv subset the toolkit writes: KEY=VALUE lines, # comments, optional single or
 * double quotes around the value. Later duplicates win, as with dotenv.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1] as string;
    let value = (match[2] as string).trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) {
      value = quoted[2] as string;
    } else {
      // An unquoted value ends at an inline comment, as in dotenv.
      value = value.replace(/\s+#.*$/, '');
    }
    values[key] = value;
  }
  return values;
}

export interface LoadedEnvironment {
  values: Record<string, string>;
  /** Where each value came from, for error messages. */
  sources: string[];
}

/** Shows paths relative to the working directory when that is shorter, as people type them. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

export function loadEnvironment(envDir: string, envName: string, processEnv: NodeJS.ProcessEnv = {}): LoadedEnvironment {
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) {
    throw new AppPackageError(`Invalid environment name "${envName}": use letters, digits, "-" or "_".`);
  }
  const envFile = path.join(envDir, `.env.${envName}`);
  if (!existsSync(envFile)) {
    throw new AppPackageError(`No environment file ${displayPath(envFile)} for environment "${envName}".`);
  }
  const values: Record<string, string> = { ...parseEnvFile(readFileSync(envFile, 'utf8')) };
  const sources = [displayPath(envFile)];
  const userFile = `${envFile}.user`;
  if (existsSync(userFile)) {
    Object.assign(values, parseEnvFile(readFileSync(userFile, 'utf8')));
    sources.push(displayPath(userFile));
  }
  for (const [key, value] of Object.entries(processEnv)) {
    if (value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) values[key] = value;
  }
  sources.push('process environment');
  // The toolkit defines TEAMSFX_ENV itself; mirror it so manifests may use it.
  values.TEAMSFX_ENV ??= envName;
  return { values, sources };
}

// ---------------------------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------------------------

export function findPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Replaces ${{VAR}}; throws one error naming every missing variable. */
export function resolvePlaceholders(text: string, values: Record<string, string>, origin: string, sources: readonly string[] = []): string {
  const missing = findPlaceholders(text).filter((name) => {
    const value = values[name];
    return value === undefined || (value === '' && !MAY_BE_EMPTY.has(name));
  });
  if (missing.length > 0) {
    const from = sources.length > 0 ? ` (looked in ${sources.join(', ')})` : '';
    throw new AppPackageError(
      `${origin} needs values for ${missing.join(', ')}${from}. Run the toolkit's provision for this environment, or set them.`,
      missing.map((name) => `missing variable ${name}`),
    );
  }
  // JSON-escape the value: a quote or backslash in an env value must not break the manifest.
  return text.replace(PLACEHOLDER, (_match, name: string) => JSON.stringify(values[name] ?? '').slice(1, -1));
}

// ---------------------------------------------------------------------------------------------
// Schemas bundled with @microsoft/app-manifest
// ---------------------------------------------------------------------------------------------

function appManifestSchemaRoot(): string {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas');
}

/**
 * Maps an official schema URL (with or without a locale segment such as /en-us/) to the copy
 * bundled in @microsoft/app-manifest. Refuses anything else: validation must never hit the network.
 */
export function bundledSchemaPath(schemaUrl: string): string {
  let url: URL;
  try {
    url = new URL(schemaUrl);
  } catch {
    throw new AppPackageError(`"$schema" is not a URL: ${schemaUrl}`);
  }
  const match = /^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/(teams\/[^/]+\/[^/]+\.json)$/i.exec(url.pathname);
  if (url.hostname !== 'developer.microsoft.com' || !match) {
    throw new AppPackageError(`"$schema" ${schemaUrl} is not an official developer.microsoft.com Teams schema URL.`);
  }
  const file = path.join(appManifestSchemaRoot(), match[1] as string);
  if (!existsSync(file)) {
    throw new AppPackageError(`@microsoft/app-manifest does not bundle ${match[1]}; pick a manifest version it ships.`);
  }
  return file;
}

export function loadBundledSchema(schemaUrl: string): Record<string, unknown> {
  // The package itself applies this fix-up: some schemas contain \a and \v, which JSON rejects.
  const raw = readFileSync(bundledSchemaPath(schemaUrl), 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(raw) as Record<string, unknown>;
}

/**
 * The Teams schemas are draft-04, Ajv 8 speaks draft-07: drop the draft-04 meta-schema reference
 * and rewrite draft-04's boolean exclusiveMinimum/Maximum into draft-07's numeric form. Nothing
 * else in draft-04 changed meaning for the keywords these schemas use.
 */
export function toDraft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft07);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$schema' && typeof value === 'string' && value.includes('draft-04')) continue;
    out[key] = toDraft07(value);
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] === 'boolean') {
      if (out[flag] === true && typeof out[bound] === 'number') {
        out[flag] = out[bound];
        delete out[bound];
      } else {
        delete out[flag];
      }
    }
  }
  return out;
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaUrl: string): ValidateFunction {
  const file = bundledSchemaPath(schemaUrl);
  let validate = validators.get(file);
  if (!validate) {
    // strict: false because the official schemas use annotations Ajv's strict mode rejects;
    // unicodeRegExp: false because the localization schema's patterns are not valid with the /u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(toDraft07(loadBundledSchema(schemaUrl)) as object);
    validators.set(file, validate);
  }
  return validate;
}

/** Validates a document against the bundled schema its own "$schema" names; returns readable errors. */
export function validateAgainstBundledSchema(document: unknown, schemaUrl?: string): string[] {
  const url = schemaUrl ?? (document as { $schema?: unknown } | null)?.$schema;
  if (typeof url !== 'string') return ['document has no "$schema" naming the schema it follows'];
  const validate = validatorFor(url);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

// ---------------------------------------------------------------------------------------------
// Teams rules the schema cannot express
// ---------------------------------------------------------------------------------------------

/** Checks dimensions, and for the outline icon that every pixel is white or fully transparent. */
export function checkIcon(png: Buffer, kind: 'color' | 'outline'): string[] {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch (error) {
    return [`${kind} icon is not a readable PNG: ${(error as Error).message}`];
  }
  const expected = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  const problems: string[] = [];
  if (image.width !== expected || image.height !== expected) {
    problems.push(`${kind} icon is ${image.width}×${image.height}, Teams requires ${expected}×${expected}`);
  }
  if (kind === 'outline') {
    let offending = 0;
    let opaque = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const alpha = image.data[i + 3] as number;
      if (alpha === 0) continue;
      opaque++;
      if (image.data[i] !== 255 || image.data[i + 1] !== 255 || image.data[i + 2] !== 255) offending++;
    }
    if (offending > 0) problems.push(`outline icon has ${offending} visible pixels that are not pure white`);
    if (opaque === 0) problems.push('outline icon is fully transparent');
    if (opaque === image.width * image.height) problems.push('outline icon has no transparent background');
  }
  return problems;
}

/** Looks up a localization key such as "bots[0].commandLists[1].commands[0].title" in the manifest. */
export function lookupManifestPath(manifest: unknown, key: string): unknown {
  const segments = key.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let current: unknown = manifest;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(segment);
    current = index ? (current as unknown[])[Number(index[1])] : (current as Record<string, unknown>)[segment];
  }
  return current;
}

interface ManifestShape {
  $schema?: string;
  manifestVersion?: string;
  icons?: { color?: string; outline?: string };
  localizationInfo?: { additionalLanguages?: { languageTag: string; file: string }[] };
  name?: { short?: string; full?: string };
  description?: { short?: string; full?: string };
  bots?: { botId?: string }[];
  composeExtensions?: { botId?: string }[];
  staticTabs?: { contentUrl?: string; websiteUrl?: string }[];
  configurableTabs?: { configurationUrl?: string }[];
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Rules Teams enforces at upload time that the JSON schema leaves out. */
export function checkTeamsRules(manifest: ManifestShape): string[] {
  const problems: string[] = [];
  const schemaVersion = /\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema ?? '')?.[1];
  if (schemaVersion !== manifest.manifestVersion) {
    problems.push(`"$schema" is for v${schemaVersion ?? '?'} but manifestVersion is ${manifest.manifestVersion ?? '(none)'}`);
  }
  if (manifest.name?.short !== undefined && manifest.name.short === manifest.name.full) problems.push('name.short and name.full must differ');
  if (manifest.description?.short !== undefined && manifest.description.short === manifest.description.full) {
    problems.push('description.short and description.full must differ');
  }
  const botIds = new Set([...(manifest.bots ?? []), ...(manifest.composeExtensions ?? [])].map((b) => b.botId));
  if (botIds.size > 1) problems.push(`the bot and the message extension use different bot ids: ${[...botIds].join(', ')}`);
  const domains = new Set(manifest.validDomains ?? []);
  const urls = [
    ...(manifest.staticTabs ?? []).flatMap((t) => [t.contentUrl, t.websiteUrl]),
    ...(manifest.configurableTabs ?? []).map((t) => t.configurationUrl),
  ].filter((u): u is string => typeof u === 'string');
  for (const url of urls) {
    const host = hostOf(url);
    if (!host || !domains.has(host)) problems.push(`tab URL ${url} is not on a domain listed in validDomains`);
  }
  const resource = manifest.webApplicationInfo?.resource;
  if (resource) {
    const host = /^api:\/\/([^/]+)\//.exec(resource)?.[1];
    if (host && !domains.has(host)) problems.push(`webApplicationInfo.resource ${resource} is not on a domain listed in validDomains`);
    if (manifest.webApplicationInfo?.id && !resource.endsWith(`/${manifest.webApplicationInfo.id}`)) {
      problems.push('webApplicationInfo.resource must end with the Entra app client id (webApplicationInfo.id)');
    }
  }
  return problems;
}

/** Validates one localization file against its schema and against the manifest it translates. */
export function checkLocalization(fileName: string, text: string, manifest: ManifestShape): string[] {
  const problems: string[] = [];
  if (findPlaceholders(text).length > 0) {
    // The toolkit copies localization files into the zip verbatim, so a placeholder would ship as-is.
    problems.push(`${fileName} contains \${{...}} placeholders; the toolkit does not resolve them in localization files`);
  }
  let strings: Record<string, unknown>;
  try {
    strings = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return [...problems, `${fileName} is not valid JSON: ${(error as Error).message}`];
  }
  const expectedSchema = manifest.$schema?.replace('MicrosoftTeams.schema.json', 'MicrosoftTeams.Localization.schema.json');
  if (strings.$schema !== expectedSchema) problems.push(`${fileName} "$schema" should be ${expectedSchema}`);
  problems.push(...validateAgainstBundledSchema(strings, expectedSchema).map((e) => `${fileName} ${e}`));
  for (const key of Object.keys(strings)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    if (typeof lookupManifestPath(manifest, key) !== 'string') problems.push(`${fileName} translates "${key}", which is not a string in the manifest`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The package
// ---------------------------------------------------------------------------------------------

export interface BuildOptions {
  env: string;
  /** Folder holding manifest.json, icons and localization files; defaults to <repo>/appPackage. */
  appPackageDir?: string;
  /** Folder holding .env.<env> files; defaults to <repo>/env. */
  envDir?: string;
  /** Defaults to an empty environment so tests are not influenced by the caller's shell. */
  processEnv?: NodeJS.ProcessEnv;
  /** Where to write the zip; defaults to <appPackageDir>/build. */
  outDir?: string;
}

export interface BuildResult {
  zipPath: string;
  manifest: Record<string, unknown>;
  entries: string[];
}

export async function buildAppPackage(options: BuildOptions): Promise<BuildResult> {
  const appDir = options.appPackageDir ?? path.join(REPO_ROOT, 'appPackage');
  const { values, sources } = loadEnvironment(options.envDir ?? path.join(REPO_ROOT, 'env'), options.env, options.processEnv ?? {});

  const manifestText = resolvePlaceholders(readFileSync(path.join(appDir, 'manifest.json'), 'utf8'), values, 'appPackage/manifest.json', sources);
  const manifest = JSON.parse(manifestText) as Record<string, unknown> & ManifestShape;

  const problems: string[] = [];
  problems.push(...validateAgainstBundledSchema(manifest).map((e) => `manifest.json ${e}`));
  problems.push(...checkTeamsRules(manifest));

  const files = new Map<string, Buffer>();
  files.set('manifest.json', Buffer.from(manifestText, 'utf8'));

  for (const [kind, file] of [
    ['color', manifest.icons?.color],
    ['outline', manifest.icons?.outline],
  ] as const) {
    if (!file) continue;
    const full = path.join(appDir, file);
    if (!existsSync(full)) {
      problems.push(`${kind} icon ${file} does not exist in appPackage/`);
      continue;
    }
    const png = readFileSync(full);
    problems.push(...checkIcon(png, kind));
    files.set(file, png);
  }

  for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
    const full = path.join(appDir, language.file);
    if (!existsSync(full)) {
      problems.push(`localization file ${language.file} (${language.languageTag}) does not exist in appPackage/`);
      continue;
    }
    const text = readFileSync(full, 'utf8');
    problems.push(...checkLocalization(language.file, text, manifest));
    files.set(language.file, Buffer.from(text, 'utf8'));
  }

  for (const [name, content] of files) {
    if (name.endsWith('.json') && content.toString('utf8').includes('${{')) problems.push(`${name} still contains an unresolved \${{...}}`);
  }

  if (problems.length > 0) throw new AppPackageError(`The app package for "${options.env}" is not valid:`, problems);

  const zip = new JSZip();
  for (const [name, content] of files) zip.file(name, content, { date: ZIP_ENTRY_DATE, createFolders: false });
  const zipBuffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });

  const outDir = options.outDir ?? path.join(appDir, 'build');
  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${options.env}.zip`);
  await writeFile(zipPath, zipBuffer);
  // Same side file as the toolkit's zipAppPackage, handy to see what was resolved.
  await writeFile(path.join(outDir, `manifest.${options.env}.json`), manifestText);
  return { zipPath, manifest, entries: [...files.keys()] };
}

/** Reads `--env dev` or `--env=dev`; the toolkit's default environment is dev. */
export function parseEnvArgument(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--env' || arg === '-e') {
      const value = argv[i + 1];
      if (!value || value.startsWith('-')) throw new AppPackageError(`${arg} needs an environment name, e.g. --env dev`);
      return value;
    }
    if (arg.startsWith('--env=')) return arg.slice('--env='.length);
  }
  return 'dev';
}

if (require.main === module) {
  (async () => {
    const env = parseEnvArgument(process.argv.slice(2));
    const result = await buildAppPackage({ env, processEnv: process.env });
    console.log(`Built ${path.relative(process.cwd(), result.zipPath)} (${result.entries.join(', ')})`);
  })().catch((error: unknown) => {
    console.error(error instanceof AppPackageError ? error.message : error);
    process.exitCode = 1;
  });
}
