import assert from 'node:assert/strict';
import { refusalOfAny } from '../../../src/api/feature-error';
import { errorReply } from '../../../src/api/http';
import { DecisionError } from '../../../src/decisions/errors';
import { MeetingError } from '../../../src/meetings/meeting-errors';
import { NetworkError } from '../../../src/network/errors';
import { NetworkRoutingError } from '../../../src/network-routing/api-network-scope';
import { StatementError } from '../../../src/statements/errors';
import { UpdateError } from '../../../src/updates/errors';

describe('one mapping of every feature’s coded errors (FeatureError)', () => {
  it('answers the tab API with the slice’s status for the code and its sentence in the reader’s language', () => {
    assert.deepEqual(errorReply(new StatementError('staleVersion', 'version 2 is in clearance'), 'en'), {
      status: 409,
      body: { code: 'staleVersion', message: 'This version is no longer the one in clearance: open the current card; nothing was recorded.' },
    });
    assert.deepEqual(errorReply(new NetworkError('forbidden', 'no'), 'en'), { status: 403, body: { code: 'forbidden', message: 'Your role in the network does not allow this; nothing was changed.' } });
    assert.equal(errorReply(new MeetingError('unknownMeeting', 'gone'), 'fr').status, 404);
    assert.equal(errorReply(new NetworkRoutingError('networkRequired'), 'fr').status, 400);
  });

  it('fills the values each slice names: languages, fields, details in the reader’s language — never the log message instead', () => {
    assert.match(new StatementError('missingLanguage', 'lacks en', ['en']).userMessage('en'), /^The English text is missing/);
    const update = new UpdateError('invalidUpdate', 'title: too short', ['title']).apiError('en');
    assert.deepEqual(update, { status: 400, code: 'invalidUpdate', message: 'Update refused; nothing was posted. The title must have 3 to 200 characters.' });
    const decision = new DecisionError('invalidSlot', 'slot 31/02 is no date', { example: 'EXAMPLE' }, (language) => (language === 'fr' ? 'créneau 2' : 'slot 2'));
    assert.match(decision.userMessage('en'), /slot 2/);
    assert.doesNotMatch(decision.userMessage('en'), /31\/02 is no date/);
    assert.doesNotMatch(new NetworkRoutingError('unknownNetwork').userMessage('en'), /routing refused|\{/);
  });

  it('turns a refused card action into the same refusal, and leaves another slice’s error to be rethrown', () => {
    const refusal = refusalOfAny([MeetingError, NetworkError]);
    assert.deepEqual(refusal(new NetworkError('forbidden', 'no'), 'en'), { status: 403, code: 'forbidden', message: 'Your role in the network does not allow this; nothing was changed.' });
    assert.equal(refusal(new MeetingError('cancelled', 'cancelled'), 'fr')?.status, 409);
    assert.equal(refusal(new StatementError('forbidden', 'no'), 'en'), undefined);
    assert.equal(refusal(new Error('boom'), 'en'), undefined);
  });
});
