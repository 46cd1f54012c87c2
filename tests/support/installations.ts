/**
 * The bot installed in members' personal scope, as the app records it when Teams tells it so:
 * for delivery tests that need many 1:1 conversations without a turn each.
 */
import type { ConversationService } from '../../src/delivery/conversation-service';
import { teamsConversation, teamsUser, testBotAccount, TEST_TENANT_ID } from './teams-activities';

/** Stores `count` personal conversations reached through `serviceUrl`; resolves their ids. */
export async function installPersonalConversations(conversations: ConversationService, networkId: string, serviceUrl: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const conversation = teamsConversation('personal');
    const user = teamsUser();
    await conversations.recordInstallation({
      networkId,
      scope: 'personal',
      tenantId: TEST_TENANT_ID,
      reference: {
        serviceUrl,
        channelId: 'msteams',
        conversation: { id: conversation.id, tenantId: TEST_TENANT_ID, conversationType: 'personal' },
        bot: testBotAccount(),
        user: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      },
    });
    ids.push(conversation.id);
  }
  return ids;
}
