import assert from 'node:assert/strict';
import { errorReply, type ApiMappableError } from '../../../src/api/http';
import { NetworkError } from '../../../src/network/errors';

class MeetingFull extends Error implements ApiMappableError {
  apiError(language: 'fr' | 'en') {
    return { status: 409, code: 'meetingFull', message: language === 'fr' ? 'La réunion est complète.' : 'The meeting is full.' };
  }
}

describe('tab API error replies', () => {
  it('lets any feature error that knows its status answer for itself, in the reader’s language', () => {
    assert.deepEqual(errorReply(new MeetingFull(), 'en'), { status: 409, body: { code: 'meetingFull', message: 'The meeting is full.' } });
    assert.deepEqual(errorReply(new MeetingFull(), 'fr').body.message, 'La réunion est complète.');
  });

  it('maps membership errors to their status', () => {
    assert.equal(errorReply(new NetworkError('forbidden', 'no'), 'fr').status, 403);
  });

  it('answers anything unexpected with 500 and the request’s reference, never the error text', () => {
    const reply = errorReply(new Error('SQLITE_CORRUPT at /srv/data/reseau.sqlite'), 'en', 'req-42');
    assert.equal(reply.status, 500);
    assert.match(reply.body.message, /req-42/);
    assert.doesNotMatch(reply.body.message, /SQLITE|\/srv/);
  });
});
