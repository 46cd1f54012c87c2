/**
 * Which network a tab API request is about (src/api/http.ts asks before any handler runs): the
 * one the tab names (the `x-reseau-network` header, or `?network=`), validated against the
 * caller's own networks (routing-rules.ts `requestRoute`); then the caller is recognised in it.
 * A deployment of one network reads nothing to decide: the request may only name that network.
 */
import { FeatureError, type RefusalStatus } from '../api/feature-error';
import type { ApiNetworkChooser } from '../api/http';
import type { AuthenticatedUser } from '../api/authenticator';
import type { Language } from '../i18n';
import type { ApiCallerRecognition } from '../network/member-recognition';
import type { MembershipService } from '../network/membership-service';
import { requestRoute } from './routing-rules';

export type RoutingRefusal = 'unknownNetwork' | 'notInNetwork' | 'networkRequired';

const STATUS: Record<RoutingRefusal, RefusalStatus> = { unknownNetwork: 404, notInNetwork: 403, networkRequired: 400 };

export class NetworkRoutingError extends FeatureError<RoutingRefusal> {
  constructor(code: RoutingRefusal) {
    super({ catalogue: 'routing.error', statuses: STATUS }, code, `Network routing refused the request: ${code}`);
  }

  /** The sentence alone: the log message names the code, not something to tell the reader. */
  protected override messageValues(): Record<string, string> {
    return {};
  }
}

export class ApiNetworkScope implements ApiNetworkChooser {
  constructor(
    private readonly options: {
      readonly networkIds: readonly string[];
      readonly membership: Pick<MembershipService, 'standing'>;
      readonly recognition: ApiCallerRecognition;
    },
  ) {}

  /** The networks this person has a place in (member, or named an admin there), in the deployment's order. */
  async networksOf(user: AuthenticatedUser): Promise<string[]> {
    const { networkIds, membership } = this.options;
    const standings = await Promise.all(networkIds.map((networkId) => membership.standing(networkId, user.tenantId, user.aadObjectId)));
    return networkIds.filter((_, index) => standings[index] !== undefined);
  }

  async enter(user: AuthenticatedUser, requested: string | undefined, language: Language): Promise<string> {
    const { networkIds } = this.options;
    const candidates = networkIds.length === 1 ? [] : await this.networksOf(user);
    const route = requestRoute({ served: networkIds, candidates, ...(requested !== undefined ? { requested } : {}) });
    if (route.kind === 'refused') throw new NetworkRoutingError(route.code);
    await this.options.recognition.recognise(route.networkId, user, language);
    return route.networkId;
  }
}
