/**
 * "My work": what awaits one person across the slices, read for them only. The person's roles
 * come from membership (the permissions table decides every item, my-work-rules.ts); the
 * documents from MyWorkRepository's indexed lookups of what is open.
 */
import { NetworkError } from '../network/errors';
import { may } from '../network/permissions';
import type { Person } from '../network/roles';
import { clearanceItems, confirmItems, confirmScope, myWorkView, pollItems, positionItems, rsvpItems, type MyWorkItem, type MyWorkView } from './my-work-rules';
import type { MyWorkRepository } from './my-work-repository';

export interface MyWorkServiceOptions {
  readonly repository: MyWorkRepository;
  readonly membership: { person(networkId: string, aadObjectId: string): Promise<Person> };
  readonly now?: () => Date;
}

export class MyWorkService {
  constructor(private readonly options: MyWorkServiceOptions) {}

  async myWork(networkId: string, aadObjectId: string): Promise<MyWorkView> {
    const person = await this.options.membership.person(networkId, aadObjectId);
    // Strangers are refused; pending members (who read, not decide) get an empty list below.
    if (!may(person, 'viewDirectory')) throw new NetworkError('forbidden', `${aadObjectId} is not in the network.`);
    const { repository } = this.options;
    const now = this.options.now?.() ?? new Date();
    const none = Promise.resolve([] as MyWorkItem[]);
    const scope = confirmScope(person);
    const agency = person.agencyCode;
    // Each kind is read only when the table gives the reader the right it needs.
    const lists = await Promise.all([
      may(person, 'answerPoll') ? repository.openPolls(networkId, aadObjectId).then((polls) => pollItems(person, polls, now)) : none,
      agency && may(person, 'castAgencyPosition', { agencyCode: agency }) ? repository.excomDecisions(networkId).then((decisions) => positionItems(person, decisions)) : none,
      agency && may(person, 'clearStatement', { agencyCode: agency }) ? repository.statementsInClearance(networkId).then((statements) => clearanceItems(person, statements)) : none,
      may(person, 'rsvp') ? repository.upcomingMeetings(networkId, aadObjectId, now).then((meetings) => rsvpItems(person, meetings, now)) : none,
      scope === 'none' ? none : repository.pendingMembers(networkId, scope === 'all' ? undefined : scope.agencyCode).then((pending) => confirmItems(person, pending)),
    ]);
    return myWorkView(lists.flat());
  }
}
