// Deployment files checked statically: no Bicep compiler can be installed from the registries this
// project reaches (npm and Debian), so the Bicep is parsed here just enough to catch the mistakes a
// compiler would (undeclared or unused parameters, missing modules, wrong module parameters or
// outputs) and to pin the properties production depends on. The toolkit YAML files are checked
// against the action rules of the toolkit's v1.11 YAML schema, and every file they name must exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, findPlaceholders, parseEnvFile } from '../../scripts/package-app';

const INFRA = path.join(REPO_ROOT, 'infra');

/**
 * The environment variables the app reads: the list agreed for issue 9, plus whatever
 * src/config.ts validates today (its zod schema keys), so a new setting there is accepted here.
 */
const APP_CONFIG_VARIABLES = new Set([
  'PORT',
  'DATA_DIR',
  'NETWORK_ID',
  'ALLOWED_TENANTS',
  'COSMOS_ENDPOINT',
  'COSMOS_KEY',
  'COSMOS_DATABASE',
  'COSMOS_CONTAINER',
  'BOT_ID',
  'BOT_PASSWORD',
  'BOT_TENANT_ID',
  'BOT_TYPE',
  'MANAGED_IDENTITY_CLIENT_ID',
  'LOG_LEVEL',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  // The tab SSO audience (webApplicationInfo.id) and the first trusted people.
  'AAD_APP_CLIENT_ID',
  'NETWORK_ADMINS',
  ...configModuleVariables(),
]);

function configModuleVariables(): string[] {
  const file = path.join(REPO_ROOT, 'src', 'config.ts');
  if (!existsSync(file)) return [];
  const source = readFileSync(file, 'utf8');
  const start = source.indexOf('z.object({');
  if (start < 0) return [];
  return [...source.slice(start).matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string);
}
/** Read by App Service itself, not by the app. */
const PLATFORM_SETTINGS = new Set(['SCM_DO_BUILD_DURING_DEPLOYMENT']);

// ---------------------------------------------------------------------------------------------
// A minimal Bicep reader
// ---------------------------------------------------------------------------------------------

/**
 * Returns the code with comments removed and string literals emptied, keeping what is inside
 * ${...} interpolations (which is code). Identifiers found in the result are real references.
 */
function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    if (source.startsWith("'''", i)) {
      const end = source.indexOf("'''", i + 3);
      out += "''";
      i = end < 0 ? source.length : end + 3;
    } else if (source[i] === "'") {
      out += "'";
      i++;
      while (i < source.length && source[i] !== "'") {
        if (source[i] === '\\') {
          i += 2;
        } else if (source.startsWith('${', i)) {
          let depth = 1;
          let j = i + 2;
          while (j < source.length && depth > 0) {
            if (source[j] === '{') depth++;
            else if (source[j] === '}') depth--;
            j++;
          }
          out += ` ${source.slice(i + 2, j - 1)} `;
          i = j;
        } else {
          i++;
        }
      }
      out += "'";
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else {
      out += source[i];
      i++;
    }
  }
  return out;
}

interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  defaultText?: string;
  allowed?: string[];
}

interface BicepModule {
  symbol: string;
  relativePath: string;
  params: string[];
}

interface BicepFile {
  file: string;
  raw: string;
  code: string;
  params: Map<string, BicepParam>;
  vars: string[];
  outputs: string[];
  modules: BicepModule[];
  resources: { symbol: string; type: string; apiVersion: string }[];
}

/** Keys of the object literal that starts at `openIndex` (a "{"), at its first level only. */
function objectKeys(code: string, openIndex: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  let lineStart = true;
  for (let i = openIndex; i < code.length; i++) {
    const c = code[i] as string;
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) break;
    }
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (lineStart && depth === 1 && !/\s/.test(c)) {
      const key = /^(\w+)\s*:/.exec(code.slice(i));
      if (key) keys.push(key[1] as string);
      lineStart = false;
    } else if (!/\s/.test(c)) {
      lineStart = false;
    }
  }
  return keys;
}

function readBicep(file: string): BicepFile {
  const raw = readFileSync(file, 'utf8');
  const code = codeOnly(raw);
  const params = new Map<string, BicepParam>();
  let pendingAllowed: string[] | undefined;
  let collectingAllowed: string[] | undefined;
  for (const line of raw.split('\n')) {
    const trimmed = line.trim();
    if (collectingAllowed) {
      if (trimmed.startsWith('])')) {
        pendingAllowed = collectingAllowed;
        collectingAllowed = undefined;
      } else {
        const value = /^'([^']*)'$/.exec(trimmed);
        if (value) collectingAllowed.push(value[1] as string);
      }
      continue;
    }
    if (trimmed.startsWith('@allowed([')) {
      collectingAllowed = [];
      continue;
    }
    const param = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/.exec(trimmed);
    if (param) {
      params.set(param[1] as string, {
        name: param[1] as string,
        type: param[2] as string,
        hasDefault: param[3] !== undefined,
        defaultText: param[3]?.trim(),
        allowed: pendingAllowed,
      });
      pendingAllowed = undefined;
    } else if (trimmed !== '' && !trimmed.startsWith('@') && !trimmed.startsWith('//')) {
      pendingAllowed = undefined;
    }
  }
  const modules: BicepModule[] = [];
  for (const match of raw.matchAll(/^\s*module\s+(\w+)\s+'([^']+)'\s*=/gm)) {
    const symbol = match[1] as string;
    const start = code.search(new RegExp(`^\\s*module\\s+${symbol}\\b`, 'm'));
    const paramsAt = code.indexOf('params:', start);
    const open = code.indexOf('{', paramsAt);
    modules.push({ symbol, relativePath: match[2] as string, params: paramsAt < 0 ? [] : objectKeys(code, open) });
  }
  return {
    file,
    raw,
    code,
    params,
    vars: [...code.matchAll(/^\s*var\s+(\w+)\s*=/gm)].map((m) => m[1] as string),
    outputs: [...code.matchAll(/^\s*output\s+(\w+)\s+/gm)].map((m) => m[1] as string),
    modules,
    resources: [...raw.matchAll(/^\s*resource\s+(\w+)\s+'([^'@]+)@([^']+)'/gm)].map((m) => ({
      symbol: m[1] as string,
      type: m[2] as string,
      apiVersion: m[3] as string,
    })),
  };
}

/** Whether `name` is referenced anywhere other than its own declaration, an object key or a property access. */
function isReferenced(bicep: BicepFile, name: string): boolean {
  const withoutDeclarations = bicep.code
    .split('\n')
    .filter((line) => !new RegExp(`^\\s*(param|var|output|resource|module)\\s+${name}\\b`).test(line))
    .map((line) => line.replace(/^\s*\w+\s*:/, ':'))
    .join('\n')
    .replace(/\.\w+/g, '');
  return new RegExp(`\\b${name}\\b`).test(withoutDeclarations);
}

function bicepFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.bicep')) found.push(full);
    }
  };
  walk(INFRA);
  return found.sort();
}

const MAIN = readBicep(path.join(INFRA, 'main.bicep'));
const ALL = bicepFiles().map(readBicep);
const byName = (name: string): BicepFile => {
  const found = ALL.find((b) => path.basename(b.file) === name);
  assert.ok(found, `infra has no ${name}`);
  return found;
};
/** Text with all whitespace collapsed, so property checks do not depend on formatting. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as T;
}

function parametersOf(file: string): Record<string, { value: unknown }> {
  return readJson<{ parameters: Record<string, { value: unknown }> }>(file).parameters;
}

// ---------------------------------------------------------------------------------------------
// Toolkit YAML
// ---------------------------------------------------------------------------------------------

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}

interface ProjectYaml {
  version: string;
  environmentFolderPath?: string;
  provision?: Step[];
  deploy?: Step[];
  publish?: Step[];
}

/** Required and optional `with` keys per action, as in the toolkit's v1.11 YAML schema. */
const ACTIONS: Record<string, { required: string[]; optional?: string[]; writes?: string[]; mustWrite?: string[] }> = {
  'teamsApp/create': { required: ['name'], writes: ['teamsAppId'], mustWrite: ['teamsAppId'] },
  'aadApp/create': {
    required: ['name', 'generateClientSecret', 'signInAudience'],
    optional: ['generateServicePrincipal', 'serviceManagementReference', 'clientSecretExpireDays', 'clientSecretDescription', 'uniqueName'],
    writes: ['clientId', 'objectId', 'clientSecret', 'tenantId', 'authority', 'authorityHost'],
    mustWrite: ['clientId', 'objectId'],
  },
  'aadApp/update': { required: ['manifestPath', 'outputFilePath'] },
  'arm/deploy': { required: ['subscriptionId', 'resourceGroupName', 'templates'], optional: ['bicepCliVersion'] },
  'botFramework/create': { required: ['botId', 'name', 'messagingEndpoint'], optional: ['description', 'iconUrl', 'channels'] },
  'teamsApp/validateManifest': { required: ['manifestPath'] },
  'teamsApp/zipAppPackage': { required: ['manifestPath', 'outputZipPath', 'outputFolder'] },
  'teamsApp/validateAppPackage': { required: ['appPackagePath'] },
  'teamsApp/update': { required: ['appPackagePath'] },
  'teamsApp/publishAppPackage': { required: ['appPackagePath'], writes: ['publishedAppId'], mustWrite: ['publishedAppId'] },
  'cli/runNpmCommand': { required: ['args'], optional: ['workingDirectory'] },
  'azureAppService/zipDeploy': { required: ['artifactFolder', 'resourceId'], optional: ['workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'] },
  'file/createOrUpdateEnvironmentFile': { required: ['envs', 'target'] },
};

/** Variables the toolkit defines itself or that actions generate without writeToEnvironmentFile. */
const TOOLKIT_BUILT_INS = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID']);

function readYaml(file: string): { text: string; doc: ProjectYaml } {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  return { text, doc: parseYaml(text) as ProjectYaml };
}

function steps(doc: ProjectYaml): { lifecycle: string; step: Step }[] {
  return (['provision', 'deploy', 'publish'] as const).flatMap((lifecycle) => (doc[lifecycle] ?? []).map((step) => ({ lifecycle, step })));
}

/** Files an action reads; each must exist before the toolkit runs. */
function inputPaths(step: Step): string[] {
  const w = step.with ?? {};
  const paths: unknown[] = [];
  if (step.uses === 'arm/deploy') {
    for (const template of (w.templates as { path: string; parameters?: string }[]) ?? []) paths.push(template.path, template.parameters);
  }
  if (step.uses === 'teamsApp/validateManifest' || step.uses === 'teamsApp/zipAppPackage' || step.uses === 'aadApp/update') paths.push(w.manifestPath);
  if (step.uses === 'azureAppService/zipDeploy') paths.push(w.artifactFolder, w.ignoreFile);
  return paths.filter((p): p is string => typeof p === 'string');
}

const PROJECT_FILES: { yaml: string; env: string; manifests: string[] }[] = [
  { yaml: 'teamsapp.yml', env: 'env/.env.dev', manifests: ['appPackage/manifest.json', 'aad.manifest.json', 'infra/azure.parameters.json'] },
  { yaml: 'teamsapp.local.yml', env: 'env/.env.local', manifests: ['appPackage/manifest.json', 'aad.manifest.json'] },
  { yaml: 'm365agents.playground.yml', env: 'env/.env.playground', manifests: [] },
];

// ---------------------------------------------------------------------------------------------

describe('Deployment files', () => {
  describe('Bicep (static checks)', () => {
    it('has the modules main.bicep needs, and every module path exists', () => {
      assert.deepEqual(MAIN.modules.map((m) => m.symbol).sort(), ['appService', 'bot', 'cosmos', 'identity', 'monitoring']);
      for (const bicep of ALL) {
        for (const module of bicep.modules) {
          assert.ok(existsSync(path.resolve(path.dirname(bicep.file), module.relativePath)), `${path.basename(bicep.file)}: module ${module.relativePath} missing`);
        }
      }
    });

    it('declares every parameter it uses and uses every parameter and variable it declares', () => {
      for (const bicep of ALL) {
        const name = path.relative(INFRA, bicep.file);
        for (const param of bicep.params.keys()) assert.ok(isReferenced(bicep, param), `${name}: param ${param} is never used`);
        for (const variable of bicep.vars) assert.ok(isReferenced(bicep, variable), `${name}: var ${variable} is never used`);
        const declared = new Set([...bicep.params.keys(), ...bicep.vars, ...bicep.resources.map((r) => r.symbol), ...bicep.modules.map((m) => m.symbol)]);
        // Every identifier used like a value must be declared, a loop variable, or a Bicep function/keyword.
        const builtIns = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'existing', 'setting', 'targetScope', 'string', 'int', 'bool', 'object', 'array']);
        const expression = bicep.code
          .split('\n')
          .filter((line) => !/^\s*(param|output|@)/.test(line.trim()) && !/^\s*(resource|module)\s/.test(line))
          .map((line) => line.replace(/^\s*(var\s+)?\w+\s*[:=]/, ' '))
          .join('\n')
          .replace(/'[^']*'/g, ' ')
          .replace(/\.\w+/g, '')
          .replace(/\b\w+\s*\(/g, '(');
        for (const identifier of new Set(expression.match(/\b[A-Za-z_]\w*\b/g) ?? [])) {
          assert.ok(declared.has(identifier) || builtIns.has(identifier), `${name}: "${identifier}" is used but not declared`);
        }
      }
    });

    it('passes each module exactly the parameters it declares, all required ones included', () => {
      for (const bicep of ALL) {
        for (const module of bicep.modules) {
          const target = readBicep(path.resolve(path.dirname(bicep.file), module.relativePath));
          const where = `${path.basename(bicep.file)} → ${module.relativePath}`;
          for (const passed of module.params) assert.ok(target.params.has(passed), `${where}: passes unknown param ${passed}`);
          for (const param of target.params.values()) {
            if (!param.hasDefault) assert.ok(module.params.includes(param.name), `${where}: required param ${param.name} not passed`);
          }
        }
      }
    });

    it('reads only outputs the modules declare', () => {
      for (const bicep of ALL) {
        for (const match of bicep.code.matchAll(/\b(\w+)\.outputs\.(\w+)/g)) {
          const module = bicep.modules.find((m) => m.symbol === match[1]);
          assert.ok(module, `${path.basename(bicep.file)}: ${match[1]} is not a module`);
          const target = readBicep(path.resolve(path.dirname(bicep.file), module.relativePath));
          assert.ok(target.outputs.includes(match[2] as string), `${module.relativePath} has no output ${match[2]}`);
        }
      }
    });

    it('uses dated, non-preview API versions', () => {
      const resources = ALL.flatMap((b) => b.resources);
      assert.ok(resources.length >= 10);
      for (const resource of resources) assert.match(resource.apiVersion, /^\d{4}-\d{2}-\d{2}$/, `${resource.type}@${resource.apiVersion}`);
      const types = new Set(resources.map((r) => r.type));
      for (const type of [
        'Microsoft.Web/serverfarms',
        'Microsoft.Web/sites',
        'Microsoft.ManagedIdentity/userAssignedIdentities',
        'Microsoft.BotService/botServices',
        'Microsoft.BotService/botServices/channels',
        'Microsoft.DocumentDB/databaseAccounts',
        'Microsoft.DocumentDB/databaseAccounts/sqlDatabases',
        'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers',
        'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments',
        'Microsoft.OperationalInsights/workspaces',
        'Microsoft.Insights/components',
      ]) {
        assert.ok(types.has(type), `no ${type}`);
      }
    });

    it('runs a Linux Node 20 web app with Always On, HTTPS only and a /healthz health check', () => {
      const app = flat(byName('app-service.bicep').raw);
      assert.equal(MAIN.params.get('linuxFxVersion')?.defaultText, "'NODE|20-lts'");
      assert.match(app, /linuxFxVersion: linuxFxVersion/);
      assert.match(app, /healthCheckPath: '\/healthz'/);
      assert.match(app, /alwaysOn: true/);
      assert.match(app, /httpsOnly: true/);
      assert.match(app, /kind: 'app,linux'/);
      assert.match(app, /reserved: true/);
      assert.match(app, /type: 'UserAssigned'/);
      // `npm start` would run prestart (a full rebuild) on every restart.
      assert.equal(byName('app-service.bicep').params.get('startupCommand')?.defaultText, "'node dist/src/main.js'");
    });

    it('gives the app exactly the settings its config reads, and never a Cosmos key', () => {
      const open = MAIN.code.indexOf('{', MAIN.code.search(/^\s*var\s+baseAppSettings\s*=/m));
      const keys = objectKeys(MAIN.code, open);
      for (const required of [
        'BOT_ID',
        'BOT_TENANT_ID',
        'BOT_TYPE',
        'COSMOS_ENDPOINT',
        'NETWORK_ID',
        'ALLOWED_TENANTS',
        'MANAGED_IDENTITY_CLIENT_ID',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
      ]) {
        assert.ok(keys.includes(required), `app setting ${required} missing`);
      }
      for (const key of keys) assert.ok(APP_CONFIG_VARIABLES.has(key) || PLATFORM_SETTINGS.has(key), `app setting ${key} is not a variable the app reads`);
      assert.ok(!keys.includes('COSMOS_KEY') && !/COSMOS_KEY/.test(MAIN.code), 'production must reach Cosmos DB with its managed identity');
      const secretOpen = MAIN.code.indexOf('{', MAIN.code.search(/^\s*var\s+botSecretAppSettings\s*=/m));
      assert.deepEqual(objectKeys(MAIN.code, secretOpen), ['BOT_PASSWORD']);
      assert.match(flat(MAIN.raw), /botType == 'SingleTenant' \? union\(baseAppSettings, botSecretAppSettings\) : baseAppSettings/);
      assert.match(flat(MAIN.raw), /@secure\(\) param botPassword string/);
      assert.match(flat(byName('app-service.bicep').raw), /@secure\(\) param appSettings object/);
    });

    it('creates a serverless Cosmos DB account without keys, the reseau/documents container on /networkId, and a data role for the identity', () => {
      const cosmos = flat(byName('cosmos.bicep').raw);
      assert.match(cosmos, /capabilities: \[ \{ name: 'EnableServerless' \} \]/);
      assert.match(cosmos, /disableLocalAuth: true/);
      assert.match(cosmos, /var partitionKeyPath = '\/networkId'/);
      assert.match(cosmos, /paths: \[ partitionKeyPath \]/);
      assert.match(cosmos, /var dataContributorRoleDefinitionId = '00000000-0000-0000-0000-000000000002'/);
      assert.match(cosmos, /roleDefinitionId: '\$\{account\.id\}\/sqlRoleDefinitions\/\$\{dataContributorRoleDefinitionId\}'/);
      assert.match(cosmos, /principalId: dataContributorPrincipalId/);
      assert.equal(MAIN.params.get('cosmosDatabaseName')?.defaultText, "'reseau'");
      assert.equal(MAIN.params.get('cosmosContainerName')?.defaultText, "'documents'");
      assert.match(flat(MAIN.code), /dataContributorPrincipalId: identity\.outputs\.principalId/);
      // Serverless accounts reject provisioned throughput (the comments may mention it, the code must not).
      assert.doesNotMatch(byName('cosmos.bicep').code, /throughput/i);
    });

    it('registers an Azure Bot on the managed identity with the Teams channel and the /api/messages endpoint', () => {
      const bot = flat(byName('bot.bicep').raw);
      assert.equal(MAIN.params.get('botType')?.defaultText, "'UserAssignedMSI'");
      assert.deepEqual(MAIN.params.get('botType')?.allowed, ['UserAssignedMSI', 'SingleTenant']);
      assert.match(flat(MAIN.raw), /var botId = botType == 'UserAssignedMSI' \? identity\.outputs\.clientId : botAppId/);
      assert.match(flat(MAIN.raw), /msaAppTenantId: tenant\(\)\.tenantId/);
      assert.match(flat(MAIN.raw), /msaAppMSIResourceId: botType == 'UserAssignedMSI' \? identity\.outputs\.resourceId : ''/);
      assert.match(flat(MAIN.raw), /endpoint: 'https:\/\/\$\{appService\.outputs\.defaultHostName\}\/api\/messages'/);
      assert.match(bot, /msaAppType: msaAppType/);
      assert.match(bot, /channelName: 'MsTeamsChannel'/);
      assert.match(bot, /name: 'MsTeamsChannel'/);
      assert.match(bot, /isEnabled: true/);
    });

    it('sends telemetry to workspace-based Application Insights', () => {
      const monitoring = flat(byName('monitoring.bicep').raw);
      assert.match(monitoring, /WorkspaceResourceId: workspace\.id/);
      assert.match(flat(MAIN.code), /APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring\.outputs\.connectionString/);
    });

    it('outputs, under the names the toolkit writes back, what the manifest and the deploy step need', () => {
      for (const output of MAIN.outputs) assert.match(output, /^[A-Z][A-Z0-9_]*$/, `output ${output} is not an env variable name`);
      for (const needed of ['BOT_ID', 'BOT_DOMAIN', 'BOT_ENDPOINT', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_TENANT_ID', 'COSMOS_ENDPOINT', 'MANAGED_IDENTITY_CLIENT_ID']) {
        assert.ok(MAIN.outputs.includes(needed), `main.bicep has no output ${needed}`);
      }
      const devKeys = new Set(Object.keys(parseEnvFile(readFileSync(path.join(REPO_ROOT, 'env/.env.dev'), 'utf8'))));
      for (const output of MAIN.outputs) assert.ok(devKeys.has(output), `env/.env.dev does not list output ${output}`);
    });

    it('has parameter files that only set declared parameters, cover the required ones and respect allowed values', () => {
      for (const file of ['infra/main.parameters.json', 'infra/azure.parameters.json']) {
        const parameters = parametersOf(file);
        for (const [name, entry] of Object.entries(parameters)) {
          const param = MAIN.params.get(name);
          assert.ok(param, `${file}: ${name} is not a parameter of main.bicep`);
          if (param.allowed && typeof entry.value === 'string' && !entry.value.includes('${{')) {
            assert.ok(param.allowed.includes(entry.value), `${file}: ${name}=${entry.value} is not allowed`);
          }
        }
        for (const param of MAIN.params.values()) {
          if (!param.hasDefault) assert.ok(param.name in parameters, `${file}: required parameter ${param.name} is not set`);
        }
        assert.ok(!('botPassword' in parameters), `${file}: a secret does not belong in a committed parameters file`);
      }
    });

    it('compiles with the Bicep CLI when one is installed', function () {
      const probe = spawnSync('bicep', ['--version'], { encoding: 'utf8' });
      if (probe.error) this.skip();
      const outDir = mkdtempSync(path.join(tmpdir(), 'reseau-bicep-'));
      try {
        const build = spawnSync('bicep', ['build', path.join(INFRA, 'main.bicep'), '--outdir', outDir], { encoding: 'utf8' });
        assert.equal(build.status, 0, build.stderr);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    });
  });

  describe('Agents Toolkit project files', () => {
    for (const project of PROJECT_FILES) {
      describe(project.yaml, () => {
        const { text, doc } = readYaml(project.yaml);

        it('parses, and its version matches the schema it names', () => {
          assert.equal(doc.version, 'v1.11');
          assert.match(text, /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/v1\.11\/yaml\.schema\.json$/m);
          assert.equal(doc.environmentFolderPath, './env');
        });

        it('uses only known actions, each with its required parameters and nothing else', () => {
          for (const { lifecycle, step } of steps(doc)) {
            const where = `${lifecycle}: ${step.uses}`;
            const action = ACTIONS[step.uses];
            assert.ok(action, `${where} is not an action this project expects`);
            for (const key of Object.keys(step)) assert.ok(['uses', 'name', 'with', 'env', 'writeToEnvironmentFile'].includes(key), `${where}: unknown key ${key}`);
            const withKeys = Object.keys(step.with ?? {});
            for (const required of action.required) assert.ok(withKeys.includes(required), `${where}: missing with.${required}`);
            for (const key of withKeys) assert.ok(action.required.includes(key) || action.optional?.includes(key), `${where}: unknown with.${key}`);
            const writes = step.writeToEnvironmentFile ?? {};
            for (const [output, variable] of Object.entries(writes)) {
              assert.ok(action.writes?.includes(output), `${where}: cannot write ${output}`);
              assert.match(variable, output === 'clientSecret' ? /^SECRET_[A-Z0-9_]+$/ : /^[A-Z][A-Z0-9_]*$/, `${where}: ${output} → ${variable}`);
            }
            for (const output of action.mustWrite ?? []) assert.ok(output in writes, `${where}: must write ${output}`);
            if (step.uses === 'aadApp/create' && step.with?.generateClientSecret === true) assert.ok('clientSecret' in writes, `${where}: the secret must be written`);
          }
        });

        it('references only files that exist, and packages before it validates or uploads', () => {
          for (const { lifecycle, step } of steps(doc)) {
            for (const input of inputPaths(step)) {
              assert.ok(existsSync(path.join(REPO_ROOT, input)), `${project.yaml} ${lifecycle}/${step.uses}: ${input} does not exist`);
            }
          }
          for (const lifecycle of ['provision', 'deploy', 'publish'] as const) {
            const zips = new Set<string>();
            for (const step of doc[lifecycle] ?? []) {
              if (step.uses === 'teamsApp/zipAppPackage') zips.add(step.with?.outputZipPath as string);
              const pkg = step.with?.appPackagePath;
              if (typeof pkg === 'string') assert.ok(zips.has(pkg), `${lifecycle}/${step.uses} uses ${pkg} before any step builds it`);
            }
          }
        });

        it('uses only variables its env file declares or an earlier step produces', () => {
          const declared = new Set(Object.keys(parseEnvFile(readFileSync(path.join(REPO_ROOT, project.env), 'utf8'))));
          const produced = new Set(TOOLKIT_BUILT_INS);
          for (const { step } of steps(doc)) {
            for (const variable of Object.values(step.writeToEnvironmentFile ?? {})) produced.add(variable);
            if (step.uses === 'arm/deploy') for (const output of MAIN.outputs) produced.add(output);
          }
          const used = [text, ...project.manifests.map((f) => readFileSync(path.join(REPO_ROOT, f), 'utf8'))].flatMap(findPlaceholders);
          const unknown = [...new Set(used)].filter((v) => !declared.has(v) && !produced.has(v));
          assert.deepEqual(unknown, []);
          // Whatever a step writes back (except secrets, which go to the .user file) is listed in the
          // committed env file, so an engineer sees which values provisioning fills in.
          for (const variable of produced) {
            if (!variable.startsWith('SECRET_') && !TOOLKIT_BUILT_INS.has(variable)) assert.ok(declared.has(variable), `${project.env} does not list ${variable}`);
          }
        });

        it('hands the app only variables its config reads', () => {
          for (const { step } of steps(doc)) {
            if (step.uses !== 'file/createOrUpdateEnvironmentFile') continue;
            const envs = step.with?.envs as Record<string, unknown>;
            for (const key of Object.keys(envs)) assert.ok(APP_CONFIG_VARIABLES.has(key), `${project.yaml}: ${key} is not read by the app`);
            // Generated files (the local one holds the bot secret) go to build/, which git ignores.
            assert.match(step.with?.target as string, /^\.\/build\/\.localConfigs/);
            assert.match(readFileSync(path.join(REPO_ROOT, '.gitignore'), 'utf8'), /^build\/$/m);
          }
        });
      });
    }

    it('teamsapp.yml provisions the Teams app, the Entra app, the Bicep and the package in a working order', () => {
      const { doc } = readYaml('teamsapp.yml');
      const order = (doc.provision ?? []).map((s) => s.uses);
      assert.deepEqual(order, [
        'teamsApp/create',
        'aadApp/create',
        'arm/deploy',
        'aadApp/update', // needs BOT_DOMAIN, an arm/deploy output
        'teamsApp/validateManifest',
        'teamsApp/zipAppPackage',
        'teamsApp/validateAppPackage',
        'teamsApp/update',
      ]);
      const arm = doc.provision!.find((s) => s.uses === 'arm/deploy')!;
      assert.deepEqual(arm.with?.templates, [{ path: './infra/main.bicep', parameters: './infra/azure.parameters.json', deploymentName: 'reseau-${{TEAMSFX_ENV}}' }]);
      const aad = doc.provision!.find((s) => s.uses === 'aadApp/create')!;
      assert.equal(aad.with?.signInAudience, 'AzureADMultipleOrgs');
      assert.equal(aad.writeToEnvironmentFile?.clientId, 'AAD_APP_CLIENT_ID');

      assert.deepEqual(
        (doc.deploy ?? []).map((s) => `${s.uses} ${(s.with?.args as string | undefined) ?? ''}`.trim()),
        ['cli/runNpmCommand ci --no-audit --no-fund', 'cli/runNpmCommand run build', 'azureAppService/zipDeploy'],
      );
      assert.equal(doc.deploy![2]!.with?.resourceId, '${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
      assert.ok((doc.publish ?? []).some((s) => s.uses === 'teamsApp/publishAppPackage'));
    });

    it('teamsapp.local.yml registers a bot against the tunnel and keeps its secret out of committed files', () => {
      const { doc } = readYaml('teamsapp.local.yml');
      const bot = doc.provision!.find((s) => s.uses === 'botFramework/create')!;
      assert.equal(bot.with?.messagingEndpoint, '${{BOT_ENDPOINT}}/api/messages');
      assert.equal(bot.with?.botId, '${{BOT_ID}}');
      const botApp = doc.provision!.find((s) => s.uses === 'aadApp/create' && s.writeToEnvironmentFile?.clientId === 'BOT_ID')!;
      assert.equal(botApp.writeToEnvironmentFile?.clientSecret, 'SECRET_BOT_PASSWORD');
      const envs = doc.deploy!.find((s) => s.uses === 'file/createOrUpdateEnvironmentFile')!.with?.envs as Record<string, unknown>;
      assert.equal(envs.PORT, 3978);
      assert.equal(envs.BOT_PASSWORD, '${{SECRET_BOT_PASSWORD}}');
      assert.equal(envs.BOT_TYPE, 'SingleTenant');
    });

    it('m365agents.playground.yml runs the bot anonymously (BOT_ID empty) on port 3978', () => {
      const { doc } = readYaml('m365agents.playground.yml');
      assert.equal(doc.provision, undefined, 'the Playground needs no provisioning');
      const envs = doc.deploy!.find((s) => s.uses === 'file/createOrUpdateEnvironmentFile')!.with?.envs as Record<string, unknown>;
      assert.equal(envs.BOT_ID, '');
      assert.equal(envs.PORT, 3978);
    });

    it('aad.manifest.json exposes the SSO resource the Teams manifest asks for, to every tenant', () => {
      const aad = readJson<Record<string, unknown>>('aad.manifest.json');
      const teams = readJson<{ webApplicationInfo: { id: string; resource: string } }>('appPackage/manifest.json');
      assert.deepEqual(aad.identifierUris, [teams.webApplicationInfo.resource]);
      assert.equal(aad.appId, teams.webApplicationInfo.id);
      assert.equal(aad.signInAudience, 'AzureADMultipleOrgs');
      const preAuthorized = (aad.preAuthorizedApplications as { appId: string }[]).map((p) => p.appId).sort();
      // Teams desktop/mobile and Teams web clients.
      assert.deepEqual(preAuthorized, ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']);
      assert.equal((aad.oauth2Permissions as { value: string }[])[0]?.value, 'access_as_user');
    });

    it('.m365agentsplayground.yml satisfies the config schema of the installed Agents Playground', () => {
      const bundle = readFileSync(require.resolve('@microsoft/m365agentsplayground/dist/index.js'), 'utf8');
      // The Playground ships its config schema inside its webpack bundle as JSON.parse('...').
      const marker = `JSON.parse('{"$id":"https://aka.ms/teams-app-test-tool-config/`;
      const start = bundle.indexOf(marker);
      assert.ok(start >= 0, 'config schema not found in @microsoft/m365agentsplayground; check the file by hand against its docs');
      const literalStart = start + "JSON.parse('".length;
      const literalEnd = bundle.indexOf("')", literalStart);
      const schema = JSON.parse(bundle.slice(literalStart, literalEnd).replace(/\\'/g, "'").replace(/\\\\/g, '\\')) as Record<string, unknown>;
      const config: unknown = parseYaml(readFileSync(path.join(REPO_ROOT, '.m365agentsplayground.yml'), 'utf8'));
      const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
      assert.ok(validate(config), JSON.stringify(validate.errors));
    });
  });

  describe('secrets', () => {
    const SECRET_NAME = /(PASSWORD|SECRET|_KEY$|TOKEN|CONNECTION_STRING)/;
    const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    /** Keys, connection strings, certificates, or a long mixed-case token such as an Entra client secret. */
    function looksSecret(value: string): boolean {
      if (/(AccountKey=|InstrumentationKey=|SharedAccessKey|-----BEGIN)/.test(value)) return true;
      // Provisioning writes ids, URLs and resource ids here; those are not secrets.
      if (GUID.test(value) || value.startsWith('/subscriptions/') || /^https?:\/\//.test(value)) return false;
      return /^[A-Za-z0-9+/_~.-]{32,}={0,2}$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);
    }

    it('recognises secret-looking values without flagging the ids provisioning writes', () => {
      assert.ok(looksSecret('Xk8Q~Zt3yW1pLr9vS2nB7cD4fG6hJ0kM.aE5uTqNo'));
      assert.ok(looksSecret('AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=abc=='));
      assert.ok(!looksSecret('7B1E9C40-2D3F-4E5A-8B6C-0D1E2F3A4B5C'));
      assert.ok(!looksSecret('/subscriptions/0000/resourceGroups/rg-reseau/providers/Microsoft.Web/sites/reseau-dev-a1b2c3'));
      assert.ok(!looksSecret('https://cosmos-reseau-dev-a1b2c3.documents.azure.com:443/'));
      assert.ok(!looksSecret('reseau-dev-a1b2c3.azurewebsites.net'));
    });

    for (const file of readdirSync(path.join(REPO_ROOT, 'env')).filter((f) => f.startsWith('.env.') && !f.endsWith('.user'))) {
      it(`env/${file} holds no secret-looking value`, () => {
        const values = parseEnvFile(readFileSync(path.join(REPO_ROOT, 'env', file), 'utf8'));
        assert.ok(Object.keys(values).length > 0);
        for (const [key, value] of Object.entries(values)) {
          if (SECRET_NAME.test(key)) assert.equal(value, '', `env/${file}: ${key} must stay empty here (use env/${file}.user)`);
          assert.ok(!looksSecret(value), `env/${file}: ${key} looks like a secret`);
        }
      });
    }

    it('keeps env/*.user out of git, and secrets and local files out of the deployed zip', () => {
      const gitignore = readFileSync(path.join(REPO_ROOT, '.gitignore'), 'utf8');
      assert.match(gitignore, /^env\/\.env\.\*\.user$/m);
      const zipIgnore = readFileSync(path.join(INFRA, 'webapp.zipignore'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
      for (const pattern of ['node_modules/', 'env/', 'build/', '.localConfigs', '.localConfigs.*', '*.user', '.git/']) assert.ok(zipIgnore.includes(pattern), `webapp.zipignore lacks ${pattern}`);
      // What the server needs to build and run must still be uploaded.
      const topLevel = (p: string): string => p.replace(/\/$/, '');
      for (const kept of ['src', 'adaptiveCards', 'package.json', 'package-lock.json', '.npmrc', 'tsconfig.json', 'tsconfig.build.json']) {
        assert.ok(!zipIgnore.map(topLevel).includes(kept), `webapp.zipignore would drop ${kept}`);
      }
    });
  });
});
