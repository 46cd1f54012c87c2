/**
 * The network's time zone in the tab's forms (issue 16): the times people type in date pickers
 * are read in it, and the forms say so. Asked once per signed-in session (GET /settings/network,
 * open to every reader of the network) and shared by every form; Guinea's zone until it answers.
 * The Settings page forgets it after a change, so the next form reads the new one.
 */
import { useEffect, useState } from 'react';
import type { NetworkBasics } from '../../settings/model';
import { format, useTab } from './shared';
import type { TabStrings } from './strings';

/** The zone of a network that chose none, and the one forms use until the server answers. */
export const FALLBACK_ZONE = 'Africa/Conakry';

type Api = ReturnType<typeof useTab>['api'];
const asked = new WeakMap<Api, Promise<NetworkBasics>>();

function networkBasics(api: Api): Promise<NetworkBasics> {
  const known = asked.get(api);
  if (known) return known;
  const pending = api.call<NetworkBasics>('GET', '/settings/network');
  // A failure is not kept: the next form asks again.
  pending.catch(() => asked.delete(api));
  asked.set(api, pending);
  return pending;
}

/** After the Settings page saved a change: the next form asks again. */
export function forgetNetworkZone(api: Api): void {
  asked.delete(api);
}

export function useNetworkZone(): string {
  const { api } = useTab();
  const [zone, setZone] = useState(FALLBACK_ZONE);
  useEffect(() => {
    let live = true;
    networkBasics(api).then(
      (basics) => live && setZone(basics.timeZone),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return zone;
}

/** What a picker's hint says: Conakry's times in words for a network that chose none, else the zone's name. */
export function zoneTimesText(t: TabStrings, zone: string): string {
  return zone === FALLBACK_ZONE ? t.conakryTimes : format(t.networkZoneTimes, { zone });
}
