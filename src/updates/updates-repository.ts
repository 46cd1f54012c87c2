/**
 * Update and digest documents in the network's partition. Knows the store and nothing else.
 */
import type { DocumentStore, QueryCondition } from '../store/document-store';
import { StoreConflictError } from '../store/errors';
import { UPDATE_DOCUMENT_TYPES, digestDocumentId, updateDocumentId, type DigestDocument, type Period, type UpdateDocument } from './model';

export class UpdatesRepository {
  constructor(private readonly store: DocumentStore) {}

  async create(update: UpdateDocument): Promise<UpdateDocument> {
    return (await this.store.create(update)).document;
  }

  async get(networkId: string, updateId: string): Promise<UpdateDocument | undefined> {
    return (await this.store.get<UpdateDocument>(networkId, updateDocumentId(updateId)))?.document;
  }

  /** Every update of the network, or those shared within a period. */
  async list(networkId: string, period?: Period): Promise<UpdateDocument[]> {
    const where: QueryCondition[] = period
      ? [
          { path: 'sharedAt', op: '>=', value: period.from },
          { path: 'sharedAt', op: '<', value: period.to },
        ]
      : [];
    const found = await this.store.query<UpdateDocument>(networkId, { type: UPDATE_DOCUMENT_TYPES.update, where });
    return found.map((entry) => entry.document);
  }

  async digest(networkId: string, periodStart: string): Promise<DigestDocument | undefined> {
    return (await this.store.get<DigestDocument>(networkId, digestDocumentId(periodStart)))?.document;
  }

  /** Records a digest period as handled; false when another instance did it first. */
  async recordDigest(digest: DigestDocument): Promise<boolean> {
    try {
      await this.store.create(digest);
      return true;
    } catch (error) {
      if (error instanceof StoreConflictError) return false;
      throw error;
    }
  }
}
