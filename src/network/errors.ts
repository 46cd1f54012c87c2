/**
 * Errors of the membership slice: thrown by the service with a code, mapped to a card message
 * (bot) or an HTTP status (tab API) only at the edge, as every FeatureError
 * (src/api/feature-error.ts). Messages here are for logs and the `{details}` of the translated
 * `network.error.<code>` string users see.
 */
import { FeatureError } from '../api/feature-error';

export type NetworkErrorCode =
  | 'notAMember'
  | 'forbidden'
  | 'unknownAgency'
  | 'unknownRole'
  | 'unknownMember'
  | 'notPending'
  | 'ownMembership'
  | 'otherAgency'
  | 'alreadyMember'
  | 'staleCard'
  | 'wrongNetwork'
  | 'invalidInput'
  | 'focalPointTaken'
  /**
   * Naming or removing a focal point or alternate of a governing agency (co-chair, rotation,
   * ExCom): co-chairs or that agency's focal point only, never the secretariat alone.
   */
  | 'appointmentReserved'
  /** The object id is a member bound to another tenant: not this person, whatever they claim. */
  | 'identityMismatch';

/** HTTP status of each code, for the tab API. */
export const NETWORK_ERROR_STATUS: Record<NetworkErrorCode, 400 | 403 | 404 | 409> = {
  notAMember: 403,
  forbidden: 403,
  unknownAgency: 400,
  unknownRole: 400,
  unknownMember: 404,
  notPending: 409,
  ownMembership: 403,
  otherAgency: 403,
  alreadyMember: 409,
  staleCard: 409,
  wrongNetwork: 400,
  invalidInput: 400,
  focalPointTaken: 409,
  appointmentReserved: 403,
  identityMismatch: 403,
};

export class NetworkError extends FeatureError<NetworkErrorCode> {
  constructor(code: NetworkErrorCode, message: string) {
    super({ catalogue: 'network.error', statuses: NETWORK_ERROR_STATUS }, code, message);
  }
}
