/**
 * Paramètres / Settings (co-chairs, `manageSettings`): the ExCom and general channels, chosen
 * among the channels where the bot is installed (GET/PUT /settings, src/settings/), where each
 * kind of post goes now, and the network's language, time zone and reminder offsets
 * (network-preferences-form.tsx). The server checks the right, the installation and the values.
 */
import { Button, Field, MessageBar, MessageBarBody, Select, Spinner, Title2, Title3 } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from './api';
import { NetworkPreferencesForm } from './network-preferences-form';
import { forgetNetworkZone } from './network-zone';
import { format, useTab } from './shared';
import type { TabStrings } from './strings';
import type { ChosenChannel, SettingsView } from '../../settings/model';

/** GET /settings answers the server's view model itself (type-only: nothing of the server is bundled). */
type Channel = ChosenChannel;
type Settings = SettingsView;

/** A channel as people know it: its name (a team's first channel is its General one), else its id. */
export function channelLabel(channel: Channel, t: TabStrings): string {
  if (channel.name) return channel.name;
  if (channel.teamId && channel.teamId === channel.conversationId) return t.set_general;
  return format(t.set_unnamed, { id: channel.conversationId.slice(0, 24) });
}

export default function SettingsPage() {
  const { api, t } = useTab();
  const [settings, setSettings] = useState<Settings>();
  const [choice, setChoice] = useState({ excom: '', general: '' });
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [saving, setSaving] = useState(false);
  const show = (loaded: Settings) => {
    setSettings(loaded);
    setChoice({ excom: loaded.excomChannel?.conversationId ?? '', general: loaded.generalChannel?.conversationId ?? '' });
  };
  useEffect(() => {
    api.call<Settings>('GET', '/settings').then(show, (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t.networkError));
  }, [api, t]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setNotice(undefined);
    try {
      show(await api.call<Settings>('PUT', '/settings', { excomChannelId: choice.excom || null, generalChannelId: choice.general || null }));
      setNotice(t.set_saved);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.networkError);
    } finally {
      setSaving(false);
    }
  };

  if (!settings) return error ? <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar> : <Spinner label={t.loading} />;
  const named = (ids: readonly string[]) => ids.map((id) => settings.channels.find((channel) => channel.conversationId === id)).filter((channel): channel is Channel => channel !== undefined).map((channel) => channelLabel(channel, t)).join(', ') || t.mem_none;
  const lost = [settings.excomChannel, settings.generalChannel].filter((chosen): chosen is NonNullable<Settings['excomChannel']> => chosen !== null && !chosen.installed);
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head">
        <Title2 as="h1" id="settings-title">{t.set_title}</Title2>
      </div>
      {notice && <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error && <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar>}

      <section aria-labelledby="settings-channels">
        <Title3 as="h2" id="settings-channels">{t.set_channels}</Title3>
        <p className="muted">{t.set_channelsHelp}</p>
        {lost.map((chosen) => (
          <MessageBar key={chosen.conversationId} intent="warning" role="status"><MessageBarBody>{format(t.set_notInstalled, { name: channelLabel(chosen, t) })}</MessageBarBody></MessageBar>
        ))}
        {settings.channels.length === 0 ? (
          <MessageBar intent="info" role="status"><MessageBarBody>{t.set_noChannels}</MessageBarBody></MessageBar>
        ) : (
          <form className="form" onSubmit={(event) => void save(event)} aria-labelledby="settings-channels">
            <div className="row choices">
              {(['excom', 'general'] as const).map((which) => (
                <Field key={which} label={which === 'excom' ? t.set_excomChannel : t.set_generalChannel}>
                  <Select name={`${which}Channel`} value={choice[which]} onChange={(_e, data) => setChoice({ ...choice, [which]: data.value })}>
                    <option value="">{t.set_noChoice}</option>
                    {settings.channels.map((channel) => (
                      <option key={channel.conversationId} value={channel.conversationId}>
                        {channel.type && channel.type !== 'standard' ? `${channelLabel(channel, t)} (${t[`set_type_${channel.type}`]})` : channelLabel(channel, t)}
                      </option>
                    ))}
                  </Select>
                </Field>
              ))}
            </div>
            <Button type="submit" appearance="primary" disabled={saving}>{t.set_save}</Button>
          </form>
        )}
        <ul className="work-list" data-testid="settings-routing">
          <li className="work-item">{format(t.set_routingExcom, { channels: named(settings.routing.excom) })}</li>
          <li className="work-item">{format(t.set_routingGeneral, { channels: named(settings.routing.general) })}</li>
        </ul>
      </section>

      <section aria-labelledby="settings-network">
        <Title3 as="h2" id="settings-network">{t.set_network}</Title3>
        <p className="muted">{t.set_networkHelp}</p>
        <dl className="facts" data-testid="settings-network">
          <dt>{t.set_language}</dt>
          <dd>{t[`set_lang_${settings.network.language}`]}</dd>
          <dt>{t.set_timeZone}</dt>
          <dd>{settings.network.timeZone}</dd>
          <dt>{t.set_meetingReminders}</dt>
          <dd>{format(t.set_meetingRemindersValue, { hours: settings.network.meetingReminderHours })}</dd>
          <dt>{t.set_decisionReminders}</dt>
          <dd>{format(t.set_decisionRemindersValue, { hours: settings.network.decisionReminderHours.join(', ') })}</dd>
        </dl>
        <p className="muted">
          {format(t.set_defaults, { language: t[`set_lang_${settings.defaults.language}`], zone: settings.defaults.timeZone, meeting: settings.defaults.meetingReminderHours, decision: settings.defaults.decisionReminderHours.join(', ') })}
        </p>
        <NetworkPreferencesForm
          settings={settings}
          onSaved={(saved) => {
            forgetNetworkZone(api);
            setSettings(saved);
            setError(undefined);
            setNotice(t.set_networkSaved);
          }}
        />
      </section>
    </section>
  );
}
