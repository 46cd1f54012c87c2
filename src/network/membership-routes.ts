/**
 * The membership edge in the bot: onboarding on first contact in a 1:1 chat, the commands
 * `membres`/`members`, `profil`/`profile`, `quitter`/`leave`, and the card verbs (join,
 * confirm, decline, leave, send the list, and Teams' refresh of a decider's request card).
 * Handlers only translate the activity, call the service and render a card; refusals come
 * back as NetworkErrors and are answered in the member's language with nothing changed.
 */
import { ActivityTypes, MessageFactory, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { refusalOfAny } from '../api/feature-error';
import type { CardRenderer } from '../cards/card-renderer';
import { confirmField, isConfirmed, withOutcome } from '../cards/confirmation';
import { cardTemplates } from '../cards/templates';
import { translate, type Language } from '../i18n';
import { answerInvokeWithError } from '../bot/invoke-responses';
import { answerInChosenLanguage, turnInfo } from '../bot/turn-info';
import { actorOf, featureActions } from '../bot/card-actions';
import { isSharedChannel } from '../bot/tenant-gate';
import { NetworkError } from './errors';
import type { Identity } from './membership-rules';
import type { MembershipService, Recognition } from './membership-service';
import {
  CONFIRM_VERB,
  DECLINE_VERB,
  JOIN_VERB,
  LANGUAGE_VERB,
  LEAVE_VERB,
  LIST_VIEW_VERB,
  REQUEST_VIEW_VERB,
  SEND_LIST_VERB,
  confirmDecidedCardData,
  confirmRequestCardData,
  joinCardData,
  leaveConfirmCardData,
  leftCardData,
  listSentLines,
  memberListCardData,
  membershipWelcomeCardData,
  pendingCardData,
  profileCardData,
  requestWithoutActionsCardData,
  sendListConfirmationCardData,
  strangerProfileCardData,
} from './membership-cards';
import { may } from './permissions';

const { cardAction, replyOrExplain } = featureActions({
  wrongNetworkKey: 'network.error.wrongNetwork',
  refusedLog: 'membership action refused',
  refusalOf: refusalOfAny([NetworkError]),
});

export interface MembershipRouteDependencies {
  readonly membership: MembershipService;
  readonly cards: CardRenderer;
}

const command = (words: string) => new RegExp(`^\\s*\\/?(${words})\\s*[.!]?\\s*$`, 'i');
export const MEMBERS_COMMAND = command('membres|members|liste des membres|member list');
export const PROFILE_COMMAND = command('profil|profile|mon profil|my profile');
// Help is answered to anyone, member or not: a stranger should learn what the bot is first.
const HELP_COMMAND = command('help|aide|\\?');
export const LEAVE_COMMAND = command('quitter|leave|quitter le réseau|leave the network');

// Card data is attacker-controlled: bounded strings only, checked against the turn and the store.
const id = z.string().trim().min(1).max(200);
const networkData = z.object({ networkId: id });
const joinData = networkData.extend({ agencyCode: z.string().trim().max(32), agencyRole: z.string().trim().max(32) });
const memberData = networkData.extend({ memberId: id, agencyCode: z.string().trim().max(32).optional() });

export function registerMembershipRoutes<TState extends TurnState>(app: Application<TState>, deps: MembershipRouteDependencies): void {
  const { membership, cards } = deps;

  // Recognition of whoever acts, on EVERY activity that names a user (messages and invokes,
  // 1:1, group chat and channel), with one member read: an object id bound to another tenant
  // is refused here, once for every feature, and nothing runs; an admin or a member imported
  // by email is recognised the first time they act anywhere (a channel card included). Then
  // onboarding: a stranger writing in a 1:1 chat is asked for their agency before anything else.
  app.turn('beforeTurn', async (context) => {
    const activity = context.activity;
    if (!activity.from?.aadObjectId) return true;
    const { networkId } = turnInfo(context);
    let { language } = turnInfo(context);
    const roster = rosterLookup(context);
    let recognition: Recognition;
    try {
      recognition = await membership.recognise(
        networkId,
        { aadObjectId: activity.from.aadObjectId.toLowerCase(), tenantId: turnInfo(context).tenantId, name: (activity.from.name ?? '').trim(), language },
        async () => (await roster())?.userPrincipalName,
      );
    } catch (error) {
      if (!(error instanceof NetworkError) || error.code !== 'identityMismatch') throw error;
      turnInfo(context).logger.warn({ reason: error.message }, 'refused an activity: the object id is a member of another tenant');
      await refuse(context, language, error);
      return false;
    }
    if (recognition.kind !== 'stranger' && recognition.member.languageChosen && recognition.member.status !== 'left') {
      answerInChosenLanguage(context, recognition.member.language);
      language = recognition.member.language;
    }
    const personal = activity.conversation?.conversationType === 'personal';
    if (recognition.kind === 'bound') {
      // Welcomed where they wrote in private; in a channel or group the action just proceeds.
      if (personal && activity.type === ActivityTypes.Message) {
        await context.sendActivity(MessageFactory.attachment(cards.attachment(cardTemplates.membershipNotice, membershipWelcomeCardData(language, recognition.member, recognition.agency))));
      }
      return true;
    }
    // An external member of a shared channel (another agency's tenant) cannot have a 1:1 with
    // the bot, so a stranger writing to it there is asked for their agency in the channel.
    const whereTheyCanJoin = personal || isSharedChannel(activity);
    if (activity.type !== ActivityTypes.Message || !whereTheyCanJoin || activity.value !== undefined) return true;
    if (HELP_COMMAND.test(activity.text ?? '') || PROFILE_COMMAND.test(activity.text ?? '')) return true;
    if (recognition.kind === 'member' && recognition.member.status !== 'left') return true;
    const found = await roster();
    const contact = await membership.contactOf(networkId, recognition, found?.email ?? found?.userPrincipalName);
    if (contact.kind !== 'unknown') return true;
    const data = joinCardData(language, { name: activity.from.name, agencies: contact.agencies, ...(contact.suggestedAgency ? { suggestedAgency: contact.suggestedAgency } : {}), networkId });
    await context.sendActivity(MessageFactory.attachment(cards.attachment(cardTemplates.membershipJoin, data), translate(language, 'network.join.message')));
    return false;
  });

  app.message(MEMBERS_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    await replyOrExplain(context, language, async () => {
      const actorId = actorOf(context);
      const view = await membership.memberList(networkId, actorId);
      const canSend = may(await membership.person(networkId, actorId), 'sendMemberList');
      await context.sendActivity(MessageFactory.attachment(cards.attachment(cardTemplates.memberList, memberListCardData(language, view, { canSend, networkId }))));
    });
  });

  app.message(PROFILE_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    const profile = await membership.profile(networkId, actorOf(context));
    // A stranger sees their own ids too: what an operator needs for NETWORK_ADMINS or an import.
    const data = profile
      ? profileCardData(language, { member: profile.member, ...(profile.agency ? { agency: profile.agency } : {}), roles: profile.person.roles }, networkId)
      : strangerProfileCardData(language, { aadObjectId: actorOf(context), tenantId: turnInfo(context).tenantId });
    await context.sendActivity(MessageFactory.attachment(cards.attachment(cardTemplates.membershipNotice, data)));
  });

  app.message(LEAVE_COMMAND, async (context) => {
    const { networkId, language } = turnInfo(context);
    const actorId = actorOf(context);
    const profile = await membership.profile(networkId, actorId);
    const data = profile ? leaveConfirmCardData(language, networkId, actorId) : profileCardData(language, undefined, networkId);
    await context.sendActivity(MessageFactory.attachment(cards.attachment(cardTemplates.membershipNotice, data)));
  });

  app.adaptiveCards.actionExecute(JOIN_VERB, async (context, _state, data) =>
    cardAction(context, joinData, data, async (input, { networkId, language }) => {
      const member = await membership.requestToJoin(networkId, await identityOf(context, language), input.agencyCode, input.agencyRole);
      const agency = (await membership.agencies(networkId)).find((candidate) => candidate.code === member.agencyCode);
      return agency ? cards.render(cardTemplates.membershipNotice, pendingCardData(language, member, agency)) : '';
    }),
  );

  for (const [verb, decision] of [
    [CONFIRM_VERB, 'confirm'],
    [DECLINE_VERB, 'decline'],
  ] as const) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) =>
      cardAction(context, memberData, data, async (input, { networkId, language }) => {
        const actorId = actorOf(context);
        const decided = decision === 'confirm'
          ? await membership.confirm(networkId, actorId, input.memberId, input.agencyCode)
          : await membership.decline(networkId, actorId, input.memberId, input.agencyCode);
        const agency = (await membership.agencies(networkId)).find((candidate) => candidate.code === decided.agencyCode);
        const actorName = (await membership.profile(networkId, actorId))?.member.name ?? context.activity.from.name ?? '';
        return agency ? cards.render(cardTemplates.membershipNotice, confirmDecidedCardData(language, decided, agency, actorName)) : '';
      }),
    );
  }

  // Teams' refresh of a decider's copy (withRequestRefresh): the request as it stands now.
  app.adaptiveCards.actionExecute(REQUEST_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, memberData, data, async (input, { networkId, language }) => {
      const view = await membership.requestView(networkId, actorOf(context), input.memberId);
      const cardData =
        view.kind === 'decided'
          ? confirmDecidedCardData(language, view.member, view.agency, view.decidedByName)
          : view.kind === 'pending' && view.mayDecide
            ? confirmRequestCardData(language, view.member, view.agency, networkId)
            : requestWithoutActionsCardData(language, view.member, view.agency, networkId);
      return cards.render(cardTemplates.membershipNotice, cardData);
    }),
  );

  // Irreversible (cards/confirmation.ts): the profile card's Leave asks first; only the
  // confirmation's flag leaves.
  app.adaptiveCards.actionExecute(LEAVE_VERB, async (context, _state, data) =>
    cardAction(context, memberData.extend(confirmField), data, async (input, { networkId, language }) => {
      const actorId = actorOf(context);
      // A leave card only ever names its reader: one pointing at someone else was altered.
      if (input.memberId.toLowerCase() !== actorId) throw new NetworkError('ownMembership', 'A leave card names another member.');
      if (!isConfirmed(input)) return cards.render(cardTemplates.membershipNotice, leaveConfirmCardData(language, networkId, actorId));
      await membership.leave(networkId, actorId);
      return cards.render(cardTemplates.membershipNotice, leftCardData(language));
    }),
  );

  // The profile card's language switch: kept on the member's record, and the profile answers
  // in it at once (for the reader only: an Action.Execute's answer replaces their copy).
  app.adaptiveCards.actionExecute(LANGUAGE_VERB, async (context, _state, data) =>
    cardAction(context, networkData.extend({ language: z.enum(['fr', 'en']) }), data, async (input, { networkId }) => {
      const actorId = actorOf(context);
      await membership.chooseLanguage(networkId, actorId, input.language);
      answerInChosenLanguage(context, input.language);
      const profile = await membership.profile(networkId, actorId);
      const card = profileCardData(input.language, profile ? { member: profile.member, ...(profile.agency ? { agency: profile.agency } : {}), roles: profile.person.roles } : undefined, networkId);
      return withOutcome(cards.render(cardTemplates.membershipNotice, card), [translate(input.language, 'language.kept')], 'good');
    }),
  );

  // Irreversible too: "Send to N members?" first; once sent, the list says to how many.
  app.adaptiveCards.actionExecute(SEND_LIST_VERB, async (context, _state, data) =>
    cardAction(context, networkData.extend(confirmField), data, async (input, { networkId, language }) => {
      const actorId = actorOf(context);
      if (!isConfirmed(input)) {
        const { list, recipients } = await membership.memberListToSend(networkId, actorId);
        return cards.render(cardTemplates.confirmation, sendListConfirmationCardData(language, list, recipients, networkId));
      }
      const { recipients } = await membership.sendMemberList(networkId, actorId);
      const view = await membership.memberList(networkId, actorId);
      return withOutcome(cards.render(cardTemplates.memberList, memberListCardData(language, view, { canSend: true, networkId })), listSentLines(language, recipients), 'good');
    }),
  );

  app.adaptiveCards.actionExecute(LIST_VIEW_VERB, async (context, _state, data) =>
    cardAction(context, networkData, data, async (_input, { networkId, language }) => {
      const actorId = actorOf(context);
      const view = await membership.memberList(networkId, actorId);
      const canSend = may(await membership.person(networkId, actorId), 'sendMemberList');
      return cards.render(cardTemplates.memberList, memberListCardData(language, view, { canSend, networkId }));
    }),
  );
}


/**
 * Who is writing: Teams puts the name and object id in the activity; the addresses only in the
 * roster. The roster is read at most once per turn, and only when needed (a stranger).
 */
function rosterLookup(context: TurnContext): () => Promise<{ email?: string; userPrincipalName?: string } | undefined> {
  let found: Promise<{ email?: string; userPrincipalName?: string } | undefined> | undefined;
  return () =>
    (found ??= (async () => {
      try {
        const member = await TeamsInfo.getMember(context, context.activity.from.id);
        return { ...(member.email ? { email: member.email } : {}), ...(member.userPrincipalName ? { userPrincipalName: member.userPrincipalName } : {}) };
      } catch (error) {
        // No roster entry means no pre-selection and no claim of an imported row; onboarding still works.
        turnInfo(context).logger.debug({ err: error }, 'could not read the member from the roster');
        return undefined;
      }
    })());
}

async function identityOf(context: TurnContext, language: Language): Promise<Identity> {
  const from = context.activity.from;
  const found = await rosterLookup(context)();
  const email = found?.email ?? found?.userPrincipalName;
  return {
    aadObjectId: (from.aadObjectId ?? '').toLowerCase(),
    // The person's home tenant, not the conversation's: an agency's member joining from a
    // shared channel hosted by another agency is bound to their own tenant.
    tenantId: turnInfo(context).tenantId,
    name: (from.name ?? '').trim(),
    ...(email ? { email } : {}),
    language,
  };
}

/** A refusal before any feature ran: in the invoke's answer, or as a short reply to a message. */
async function refuse(context: TurnContext, language: Language, error: NetworkError): Promise<void> {
  const message = error.userMessage(language);
  if (context.activity.type === ActivityTypes.Invoke) await answerInvokeWithError(context, 403, error.code, message);
  else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(message);
}

