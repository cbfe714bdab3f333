import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  VersionConflictError,
  httpStatusOf,
} from './errors';

describe('Domain errors', () => {
  describe('When mapped to HTTP statuses', () => {
    it.each([
      [new ValidationError('bad'), 400],
      [new UnauthorizedError('who'), 401],
      [new ForbiddenError('no'), 403],
      [new NotFoundError(), 404],
      [new ConflictError('taken'), 409],
      [new VersionConflictError('stale'), 412],
      [new Error('boom'), 500],
      ['not even an error', 500],
    ])('%p → %i', (error, status) => {
      expect(httpStatusOf(error)).toBe(status);
    });
  });

  describe('When created', () => {
    it('should keep the field, the cause and a readable name', () => {
      const cause = new Error('root');
      const error = new ConflictError('vrid 20 is taken', { field: 'vrid', cause });
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({
        name: 'ConflictError',
        kind: 'conflict',
        field: 'vrid',
        message: 'vrid 20 is taken',
        cause,
      });
      expect(new NotFoundError().message).toBe('Resource not found');
    });
  });
});
