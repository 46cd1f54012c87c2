/**
 * The tab's entry: connects to Teams when hosted there (locale, theme, SSO token), otherwise
 * offers the local-mode dev sign-in; then routes between the meetings pages (hash routes, so
 * the server serves one page for every /tab URL).
 */
import { Button, Field, FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Tab, TabList, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, Title2 } from '@fluentui/react-components';
import { authentication, pages } from '@microsoft/teams-js';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient, ApiError, devMembers, type Auth, type DevMember } from './api';
import { ConvocationForm } from './convocation-form';
import { MeetingDetail } from './meeting-detail';
import { MeetingsPage } from './meetings-page';
import { KnowledgePage } from './knowledge-page';
import { TabContext, format, type AgencyOption, type Me, type TabContextValue } from './shared';
import { STRINGS, languageOf, type TabLanguage } from './strings';
import { connectToHost, type Host, type TeamsTheme } from './teams';
import './styles.css';

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
      setHost(connected);
      // Outside Teams, ?theme=dark|contrast previews Teams' other themes (reviews, screenshots).
      const preview = new URLSearchParams(window.location.search).get('theme');
      setTheme(connected.inTeams || (preview !== 'dark' && preview !== 'contrast') ? connected.theme : preview);
      connected.onThemeChange(setTheme);
    });
  }, []);
  const forced = new URLSearchParams(window.location.search).get('lang');
  const language: TabLanguage = forced === 'en' || forced === 'fr' ? forced : languageOf(host?.locale ?? navigator.language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <FluentProvider theme={THEMES[theme]} className={`app theme-${theme}`}>
      {host ? <Signed host={host} language={language} /> : <Spinner label={STRINGS[language].loading} />}
    </FluentProvider>
  );
}

function Signed({ host, language }: { host: Host; language: TabLanguage }) {
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
          <Button size="small" appearance="transparent" onClick={() => { sessionStorage.removeItem(DEV_USER_KEY); setAuth(undefined); }}>{t.devSignOut}</Button>
        </div>
      )}
      <App auth={auth} language={language} />
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

function App({ auth, language }: { auth: Auth; language: TabLanguage }) {
  const t = STRINGS[language];
  const api = useMemo(() => new ApiClient(auth, language), [auth, language]);
  const [me, setMe] = useState<Me>();
  const [agencies, setAgencies] = useState<AgencyOption[]>([]);
  const [error, setError] = useState<string>();
  const hash = useHash();

  useEffect(() => {
    Promise.all([api.call<Me>('GET', '/me'), api.call<{ agencies: AgencyOption[] }>('GET', '/directory')]).then(
      ([who, directory]) => {
        setMe(who);
        setAgencies(directory.agencies);
      },
      (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError),
    );
  }, [api, t]);

  if (error) return <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>;
  if (!me) return <Spinner label={t.loading} />;
  const context: TabContextValue = { api, language, t, me, agencies, navigate: (next) => { window.location.hash = next; } };
  const [path = '', query = ''] = hash.slice(1).split('?');
  const detail = /^\/meetings\/([0-9a-f-]{36})(\/edit)?$/.exec(path);
  return (
    <TabContext.Provider value={context}>
      <nav aria-label="Réseau">
        <TabList
          selectedValue={path === '/knowledge' ? 'knowledge' : 'meetings'}
          onTabSelect={(_event, data) => context.navigate(data.value === 'knowledge' ? '#/knowledge' : '#/')}
        >
          <Tab value="meetings">{t.meetings}</Tab>
          <Tab value="knowledge">{t.knowledge}</Tab>
        </TabList>
      </nav>
      <main className="page">
        {path === '/knowledge' ? (
          <KnowledgePage />
        ) : path === '/new' ? (
          <ConvocationForm prefill={query} />
        ) : detail?.[1] && detail[2] ? (
          <ConvocationForm meetingId={detail[1]} key={`edit-${detail[1]}`} />
        ) : detail?.[1] ? (
          <MeetingDetail meetingId={detail[1]} key={detail[1]} />
        ) : (
          <MeetingsPage />
        )}
      </main>
    </TabContext.Provider>
  );
}

/** A channel tab's configuration page: nothing to choose, the tab shows the network's meetings. */
function ConfigPage({ language }: { language: TabLanguage }) {
  useEffect(() => {
    void connectToHost().then((host) => {
      if (!host.inTeams) return;
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
    void connectToHost().then(() => authentication.notifySuccess());
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
