import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation.pipe.js';

describe('flattenValidationErrors', () => {
  it('names nested fields with dotted paths and keeps every reason', () => {
    const errors = [
      {
        property: 'name',
        constraints: { isString: 'name must be a string', isNotEmpty: 'name should not be empty' },
        children: [],
      },
      {
        property: 'delegation',
        children: [
          {
            property: '0',
            children: [
              { property: 'level', constraints: { isIn: 'level must be one of ministerial, expert' }, children: [] },
            ],
          },
        ],
      },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', reasons: ['name must be a string', 'name should not be empty'] },
      { field: 'delegation.0.level', reasons: ['level must be one of ministerial, expert'] },
    ]);
  });
});
