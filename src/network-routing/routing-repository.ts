/**
 * The routing facts in the store (ROUTING_PARTITION): which network a team or group chat was
 * registered to, and which network a person chose in a 1:1 chat. Point reads and writes only.
 */
import type { DocumentStore, StoredDocument } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { ROUTING_PARTITION, ROUTING_TYPES, choiceDocumentId, registrationDocumentId } from './routing-rules';

export interface RegistrationDocument extends StoredDocument {
  readonly type: typeof ROUTING_TYPES.registration;
  readonly conversationKey: string;
  /** The network the conversation belongs to (`networkId` is the routing partition's key). */
  readonly registeredNetworkId: string;
  readonly registeredBy: { readonly tenantId: string; readonly aadObjectId: string };
  readonly registeredAt: string;
}

export interface ChoiceDocument extends StoredDocument {
  readonly type: typeof ROUTING_TYPES.choice;
  readonly chosenNetworkId: string;
  readonly chosenAt: string;
}

export class RoutingRepository {
  constructor(private readonly store: DocumentStore) {}

  async registration(conversationKey: string): Promise<RegistrationDocument | undefined> {
    return (await this.store.get<RegistrationDocument>(ROUTING_PARTITION, registrationDocumentId(conversationKey)))?.document;
  }

  /**
   * Registers a conversation once: a registration is never moved by another registration (the
   * first one wins, even between two instances), so the one already there is returned instead.
   */
  async register(input: { conversationKey: string; networkId: string; by: { tenantId: string; aadObjectId: string }; at: Date }): Promise<RegistrationDocument> {
    const document: RegistrationDocument = {
      id: registrationDocumentId(input.conversationKey),
      networkId: ROUTING_PARTITION,
      type: ROUTING_TYPES.registration,
      conversationKey: input.conversationKey,
      registeredNetworkId: input.networkId,
      registeredBy: input.by,
      registeredAt: input.at.toISOString(),
    };
    try {
      await this.store.create(document);
      return document;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const existing = await this.registration(input.conversationKey);
      if (!existing) throw error;
      return existing;
    }
  }

  async choice(tenantId: string, aadObjectId: string, conversationId: string): Promise<string | undefined> {
    return (await this.store.get<ChoiceDocument>(ROUTING_PARTITION, choiceDocumentId(tenantId, aadObjectId, conversationId)))?.document.chosenNetworkId;
  }

  async choose(tenantId: string, aadObjectId: string, conversationId: string, networkId: string, at: Date): Promise<void> {
    const id = choiceDocumentId(tenantId, aadObjectId, conversationId);
    const document: ChoiceDocument = { id, networkId: ROUTING_PARTITION, type: ROUTING_TYPES.choice, chosenNetworkId: networkId, chosenAt: at.toISOString() };
    const current = await this.store.get<ChoiceDocument>(ROUTING_PARTITION, id);
    if (current?.document.chosenNetworkId === networkId) return;
    try {
      if (current) await this.store.replace(document, current.etag);
      else await this.store.create(document);
    } catch (error) {
      // The same person chose at the same moment on another click: the last one standing is theirs too.
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
}
