/**
 * The real Réseau on a clock the test sets: for behaviour that depends on dates (co-chair
 * rotation, review reminders, deadlines) seen end to end. A shorthand for the harness.
 */
import { startReseauUnderTest, type ReseauUnderTest, type StartOptions } from './reseau-under-test';

export type ReseauWithClock = ReseauUnderTest & { readonly clock: { now: Date } };

export async function startReseauWithClock(start: Date, env: NodeJS.ProcessEnv = {}, options: Pick<StartOptions, 'wrapStore'> = {}): Promise<ReseauWithClock> {
  const app = await startReseauUnderTest({ ...options, env, clockStart: start });
  if (!app.clock) throw new Error('the harness did not set up the clock');
  return app as ReseauWithClock;
}
