// The ordered list of migrations; `npm run migration:generate -- Name` appends to it.
import { Foundation1764288000000 } from './1764288000000-Foundation.js';

export const MIGRATIONS = [Foundation1764288000000];
