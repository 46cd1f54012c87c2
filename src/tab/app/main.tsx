/**
 * The tab's entry: connects to Teams when hosted there (locale, theme, SSO token), otherwise
 * offers the local-mode dev sign-in; then routes between the meetings pages (hash routes, so
 * the server serves one page for every /tab URL).
 */
import { Button, Field, FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Tab, TabList, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, Title2 } from '@fluentui/react-components';
import { lazy, StrictMode, Suspense, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient, ApiError, devMembers, type Auth, type DevMember, type NetworkOption } from './api';
import MyWorkPage from './my-work-page';
import { hashForSubEntity, PAGES, pageOf, parseRoute, visiblePages, type Route } from './navigation';
import { TabContext, format, useTab, type AgencyOption, type Me, type TabContextValue } from './shared';
import { STRINGS, languageOf, type TabLanguage } from './strings';
import { connectToHost, loadTeamsJs, type Host, type TeamsTheme } from './teams';
import './styles.css';

// One chunk per page (React.lazy), except the landing page, which is in the shell's own chunk:
// a lazy landing page would show Suspense's fallback first, and React holds a revealed
// fallback at least 300 ms — a third of the landing page's time budget.
const MeetingsPage = lazy(() => import('./meetings-page').then((module) => ({ default: module.MeetingsPage })));
const MeetingDetail = lazy(() => import('./meeting-detail').then((module) => ({ default: module.MeetingDetail })));
const ConvocationForm = lazy(() => import('./convocation-form').then((module) => ({ default: module.ConvocationForm })));
const DecisionsPage = lazy(() => import('./decisions-page'));
const NewDecisionForm = lazy(() => import('./decisions-page').then((module) => ({ default: module.NewDecisionForm })));
const DecisionDetail = lazy(() => import('./decision-detail'));
const KnowledgePage = lazy(() => import('./knowledge-page').then((module) => ({ default: module.KnowledgePage })));
// Polls (issue 16): the list and the new-poll form in one chunk, a poll's page in another.
const PollsPage = lazy(() => import('./polls-page'));
const NewPollForm = lazy(() => import('./polls-page').then((module) => ({ default: module.NewPollForm })));
const PollDetail = lazy(() => import('./poll-detail'));
const MembersPage = lazy(() => import('./members-page'));
const SettingsPage = lazy(() => import('./settings-page'));
const StatementsPage = lazy(() => import('./statements-page'));
const NewStatementForm = lazy(() => import('./statements-page').then((module) => ({ default: module.NewStatementForm })));
const StatementDetail = lazy(() => import('./statement-detail'));
const WorkplanPage = lazy(() => import('./workplan-page').then((module) => ({ default: module.WorkplanPage })));

const DEV_USER_KEY = 'reseau.devUser';
const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme } as const;

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash || '#/');
  useEffect(() => {
    const onChange = () => setHash(window.location.hash || '#/');
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

function Root() {
  const [host, setHost] = useState<Host>();
  const [theme, setTheme] = useState<TeamsTheme>('default');
  useEffect(() => {
    void connectToHost().then((connected) => {
      // A Teams deep link (a card's button) names the page in its sub-entity id: open it.
      const target = hashForSubEntity(connected.subPageId);
      if (target) window.history.replaceState(null, '', target);
      setHost(connected);
      // Outside Teams, ?theme=dark|contrast previews Teams' other themes (reviews, screenshots).
      const preview = new URLSearchParams(window.location.search).get('theme');
      setTheme(connected.inTeams || (preview !== 'dark' && preview !== 'contrast') ? connected.theme : preview);
      connected.onThemeChange(setTheme);
    });
  }, []);
  const forced = new URLSearchParams(window.location.search).get('lang');
  // The member's own choice (their record, or the header's switch) wins over Teams' locale.
  const [chosen, setChosen] = useState<TabLanguage>();
  const language: TabLanguage = forced === 'en' || forced === 'fr' ? forced : (chosen ?? languageOf(host?.locale ?? navigator.language));
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <FluentProvider theme={THEMES[theme]} className={`app theme-${theme}`}>
      {host ? <Signed host={host} language={language} onLanguage={setChosen} /> : <Spinner label={STRINGS[language].loading} />}
    </FluentProvider>
  );
}

function Signed({ host, language, onLanguage }: { host: Host; language: TabLanguage; onLanguage: (language: TabLanguage) => void }) {
  const t = STRINGS[language];
  const [auth, setAuth] = useState<Auth | undefined>(() => {
    if (host.inTeams) return { kind: 'teams', token: () => host.token() };
    const saved = sessionStorage.getItem(DEV_USER_KEY);
    return saved ? (JSON.parse(saved) as Auth) : undefined;
  });
  if (!auth) return <DevSignIn language={language} onSignedIn={(chosen) => { sessionStorage.setItem(DEV_USER_KEY, JSON.stringify(chosen)); setAuth(chosen); }} />;
  return (
    <>
      {auth.kind === 'dev' && (
        <div className="dev-banner" role="status">
          <span>{format(t.devSignedInAs, { name: auth.name })}</span>
          <Button size="small" onClick={() => { sessionStorage.removeItem(DEV_USER_KEY); setAuth(undefined); }}>{t.devSignOut}</Button>
        </div>
      )}
      <App auth={auth} language={language} onLanguage={onLanguage} />
    </>
  );
}

function DevSignIn({ language, onSignedIn }: { language: TabLanguage; onSignedIn: (auth: Auth) => void }) {
  const t = STRINGS[language];
  const [members, setMembers] = useState<DevMember[] | undefined | 'unavailable'>();
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    devMembers().then((list) => setMembers(list ?? 'unavailable'), () => setMembers('unavailable'));
  }, []);
  if (members === undefined) return <Spinner label={t.loading} />;
  if (members === 'unavailable') return <MessageBar intent="info"><MessageBarBody>{t.notInTeams}</MessageBarBody></MessageBar>;
  const member = members.find((candidate) => candidate.aadObjectId === chosen);
  return (
    <section className="dev-sign-in" aria-labelledby="dev-title">
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle id="dev-title">{t.devSignInTitle}</MessageBarTitle>
          {t.devSignInHelp}
        </MessageBarBody>
      </MessageBar>
      <Field label={t.devSignInAs}>
        <Select value={chosen} onChange={(_e, data) => setChosen(data.value)} name="devUser">
          <option value="" />
          {members.map((candidate) => (
            <option key={candidate.aadObjectId} value={candidate.aadObjectId}>{`${candidate.name} — ${candidate.agencyCode}`}</option>
          ))}
        </Select>
      </Field>
      <Button appearance="primary" disabled={!member} onClick={() => member && onSignedIn({ kind: 'dev', userId: member.aadObjectId, name: member.name, ...(member.tenantId ? { tenantId: member.tenantId } : {}) })}>
        {t.devSignInButton}
      </Button>
    </section>
  );
}

/** Remembered per browser: a person in two networks usually works in one at a time. */
const NETWORK_KEY = 'reseau.network';

/**
 * The networks the person belongs to, and the one the tab shows: a picker appears only for
 * someone in two or more (the server checks every call's network against theirs anyway).
 */
function App({ auth, language, onLanguage }: { auth: Auth; language: TabLanguage; onLanguage: (language: TabLanguage) => void }) {
  const t = STRINGS[language];
  const [networks, setNetworks] = useState<NetworkOption[]>();
  const [network, setNetwork] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    new ApiClient(auth, language)
      .call<{ networks: NetworkOption[]; defaultNetwork?: string }>('GET', '/networks')
      .then(({ networks: mine, defaultNetwork }) => {
        const remembered = window.localStorage.getItem(NETWORK_KEY);
        setNetworks(mine);
        setNetwork(mine.some((option) => option.id === remembered) ? (remembered ?? undefined) : (mine[0]?.id ?? defaultNetwork));
      })
      .catch((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError));
  }, [auth, language, t]);

  if (error) return <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>;
  if (!networks || !network) return <Spinner label={t.loading} />;
  const choose = (next: string) => {
    window.localStorage.setItem(NETWORK_KEY, next);
    setNetwork(next);
  };
  return (
    <>
      {networks.length > 1 && (
        <Field label={t.networkPicker} className="network-picker">
          <Select value={network} onChange={(_event, data) => choose(data.value)}>
            {networks.map((option) => (
              <option key={option.id} value={option.id}>{option.label}</option>
            ))}
          </Select>
        </Field>
      )}
      <NetworkApp key={network} auth={auth} language={language} network={network} onLanguage={onLanguage} />
    </>
  );
}

function NetworkApp({ auth, language, network, onLanguage }: { auth: Auth; language: TabLanguage; network: string; onLanguage: (language: TabLanguage) => void }) {
  const t = STRINGS[language];
  const api = useMemo(() => new ApiClient(auth, language, network), [auth, language, network]);
  const [me, setMe] = useState<Me>();
  const [agencies, setAgencies] = useState<AgencyOption[]>([]);
  const [error, setError] = useState<string>();
  const hash = useHash();

  useEffect(() => {
    // The directory only for who may read it: someone not in the network gets no page, not a refusal.
    api
      .call<Me>('GET', '/me')
      .then(async (who) => {
        const directory = who.allowed.includes('viewDirectory') ? await api.call<{ agencies: AgencyOption[] }>('GET', '/directory') : { agencies: [] };
        setAgencies(directory.agencies);
        setMe(who);
        if (who.member?.languageChosen && who.member.language && who.member.language !== language) onLanguage(who.member.language);
      })
      .catch((failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError));
  }, [api, t]);

  if (error) return <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>;
  if (!me) return <Spinner label={t.loading} />;
  const context: TabContextValue = { api, language, t, me, agencies, navigate: (next) => { window.location.hash = next; } };
  const visible = visiblePages(me.allowed);
  if (visible.length === 0) {
    return (
      <MessageBar intent="info" role="status">
        <MessageBarBody>{me.hint ? `${t.noAccess} ${me.hint}` : t.noAccess}</MessageBarBody>
      </MessageBar>
    );
  }
  const route = parseRoute(hash);
  const current = pageOf(route);
  return (
    <TabContext.Provider value={context}>
      <nav aria-label={t.nav} className="tabs">
        <TabList selectedValue={current ?? null} onTabSelect={(_event, data) => context.navigate(PAGES[data.value as keyof typeof PAGES].hash)}>
          {visible.map((id) => (
            <Tab key={id} value={id}>{t[`page_${id}`]}</Tab>
          ))}
        </TabList>
        {me.member && <LanguageSwitch onLanguage={onLanguage} />}
      </nav>
      <main className="page">
        <Suspense fallback={<Spinner label={t.loading} />}>
          <Page route={current && visible.includes(current) ? route : { page: 'notFound' }} />
        </Suspense>
      </main>
    </TabContext.Provider>
  );
}

/**
 * The header's language switch (issue 15): kept on the member's record, so the tab, their 1:1
 * cards and their reminders all follow it, whatever Teams' own language.
 */
function LanguageSwitch({ onLanguage }: { onLanguage: (language: TabLanguage) => void }) {
  const { api, language, t } = useTab();
  const [failure, setFailure] = useState<string>();
  const other: TabLanguage = language === 'fr' ? 'en' : 'fr';
  const choose = () =>
    api.call('PUT', '/me/language', { language: other }).then(
      () => onLanguage(other),
      (error: unknown) => setFailure(format(t.languageSwitchFailed, { reason: error instanceof ApiError ? error.message : t.networkError })),
    );
  return (
    <span className="language-switch">
      {/* Named by its visible word (WCAG 2.5.3, label in name); the tooltip says what it does. */}
      <Button size="small" lang={other} title={t.languageSwitchLabel} onClick={() => void choose()}>{t.languageSwitch}</Button>
      {failure && <span role="alert">{failure}</span>}
    </span>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'myWork':
      return <MyWorkPage />;
    case 'meetings':
      return <MeetingsPage />;
    case 'newConvocation':
      return <ConvocationForm prefill={route.query} />;
    case 'meeting':
      return route.edit ? <ConvocationForm meetingId={route.meetingId} key={`edit-${route.meetingId}`} /> : <MeetingDetail meetingId={route.meetingId} key={route.meetingId} />;
    case 'decisions':
      return <DecisionsPage query={route.query} />;
    case 'newDecision':
      return <NewDecisionForm />;
    case 'decision':
      return <DecisionDetail decisionId={route.decisionId} key={route.decisionId} />;
    case 'updates':
      return <KnowledgePage />;
    case 'polls':
      return <PollsPage />;
    case 'newPoll':
      return <NewPollForm />;
    case 'poll':
      return <PollDetail pollId={route.pollId} key={route.pollId} />;
    case 'members':
      return <MembersPage />;
    case 'settings':
      return <SettingsPage />;
    case 'statements':
      return <StatementsPage />;
    case 'newStatement':
      return <NewStatementForm />;
    case 'statement':
      return <StatementDetail statementId={route.statementId} key={route.statementId} />;
    case 'workplan':
      return <WorkplanPage />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  return <MessageBar intent="warning" role="status"><MessageBarBody>{STRINGS[languageOf(document.documentElement.lang)].notFound}</MessageBarBody></MessageBar>;
}

/** A channel tab's configuration page: nothing to choose, the tab shows the network's meetings. */
function ConfigPage({ language }: { language: TabLanguage }) {
  useEffect(() => {
    void connectToHost().then(async (host) => {
      if (!host.inTeams) return;
      const { pages } = await loadTeamsJs();
      pages.config.registerOnSaveHandler((event) => {
        const url = `${window.location.origin}/tab`;
        void pages.config.setConfig({ contentUrl: url, websiteUrl: url, entityId: 'reseau-meetings', suggestedDisplayName: STRINGS[language].meetings }).then(() => event.notifySuccess());
      });
      pages.config.setValidityState(true);
    });
  }, [language]);
  return <Title2 as="h1">{STRINGS[language].appTitle}</Title2>;
}

/** End of an authentication pop-up (consent): hand the result back to the tab that opened it. */
function AuthEnd() {
  useEffect(() => {
    void connectToHost().then(async () => (await loadTeamsJs()).authentication.notifySuccess());
  }, []);
  return null;
}

const path = window.location.pathname.replace(/\/+$/, '');
const rootLanguage = languageOf(navigator.language);
const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    {path === '/tab/config' ? (
      <FluentProvider theme={teamsLightTheme}><ConfigPage language={rootLanguage} /></FluentProvider>
    ) : path === '/tab/auth-end' ? (
      <AuthEnd />
    ) : (
      <Root />
    )}
  </StrictMode>,
);
