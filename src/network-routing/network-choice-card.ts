/** Data of the 1:1 card asking a person in several networks which one this chat is for. */
import { translate, type Language } from '../i18n';
import { CHOOSE_NETWORK_VERB } from './routing-rules';

export interface NetworkChoiceCardData {
  readonly title: string;
  readonly intro: string;
  readonly choices: readonly { readonly title: string; readonly verb: string; readonly networkId: string }[];
}

/** How a network is named to people: its id in capitals (GN, SN), the code the network uses of itself. */
export function networkLabel(networkId: string): string {
  return networkId.toUpperCase();
}

export function networkChoiceCardData(language: Language, networkIds: readonly string[]): NetworkChoiceCardData {
  return {
    title: translate(language, 'routing.choose.title'),
    intro: translate(language, 'routing.choose.intro'),
    choices: networkIds.map((networkId) => ({ title: translate(language, 'routing.choose.option', { network: networkLabel(networkId) }), verb: CHOOSE_NETWORK_VERB, networkId })),
  };
}
