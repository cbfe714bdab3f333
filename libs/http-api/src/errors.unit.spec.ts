import { HttpError, STATUS_BY_KIND, errorResponse } from './errors';

class FakeDomainError extends Error {
  readonly status = 409;
}
const foreign = (error: unknown) =>
  error instanceof FakeDomainError ? error.status : error instanceof RangeError ? 999 : 500;

describe('errorResponse', () => {
  it('should answer an HttpError with its status and message', () => {
    expect(errorResponse(new HttpError('not-found', 'Resource not found'), foreign)).toEqual({
      status: 404,
      body: { error: 'Resource not found' },
      headers: {},
      log: false,
    });
  });
  it('should classify foreign errors through the injected table', () => {
    expect(errorResponse(new FakeDomainError('taken'), foreign)).toMatchObject({
      status: 409,
      body: { error: 'taken' },
    });
  });
  it('should blank the message of a 500 and ask for it to be logged', () => {
    expect(errorResponse(new Error('db password is hunter2'), foreign)).toEqual({
      status: 500,
      body: { error: '' },
      headers: {},
      log: true,
    });
  });
  it('should treat a status outside the table as 500', () => {
    expect(errorResponse(new RangeError('odd'), foreign)).toMatchObject({ status: 500, body: { error: '' } });
  });
  it('should keep the message of a 504 and carry its headers', () => {
    const error = new HttpError('gateway-timeout', 'No outcome for command c1', {
      headers: { 'X-Command-Id': 'c1' },
    });
    expect(errorResponse(error, foreign)).toEqual({
      status: 504,
      body: { error: 'No outcome for command c1' },
      headers: { 'X-Command-Id': 'c1' },
      log: true,
    });
  });
  it('should map a decided status back to its kind', () => {
    expect(HttpError.ofStatus(412, 'stale').kind).toBe('precondition-failed');
    expect(HttpError.ofStatus(418, 'teapot').status).toBe(500);
    expect(Object.values(STATUS_BY_KIND)).toEqual(
      expect.arrayContaining([400, 401, 403, 404, 409, 412, 413, 500, 504]),
    );
  });
});
