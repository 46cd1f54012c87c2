import assert from 'node:assert/strict';
import { errorReply, type ApiMappableError } from '../../../src/api/http';
import { NetworkError } from '../../../src/network/errors';
import { z } from 'zod';

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

  it('says what is wrong with the input by the field’s label in the reader’s language, never its code name', () => {
    const schema = z.object({ deadline: z.string(), language: z.enum(['fr', 'en']), agenda: z.array(z.object({ title: z.string().min(1) })), reviewEveryMonths: z.number().max(36) });
    const failed = schema.safeParse({ language: 'de', agenda: [{ title: '' }], reviewEveryMonths: 40 });
    assert.ok(!failed.success);
    const en = errorReply(failed.error, 'en');
    assert.equal(en.status, 400);
    assert.equal(en.body.message, 'Data refused; nothing was changed: Deadline: required; Language: choose one of: fr, en; Title: too short or too small (at least 1); A field: too long or too large (at most 36)');
    const fr = errorReply(failed.error, 'fr').body.message;
    assert.match(fr, /Échéance\u202f: à renseigner\u202f; Langue\u202f: choisir parmi\u202f: fr, en/);
    assert.doesNotMatch(en.body.message + fr, /deadline|reviewEveryMonths|agenda\.0/);
  });
});
