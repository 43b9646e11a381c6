// The ordered list of migrations; `npm run migration:generate -- Name` appends to it.
import { Foundation1764288000000 } from './1764288000000-Foundation.js';
import { AuditLog1795877182843 } from './1795877182843-AuditLog.js';
import { Identity1795878376129 } from './1795878376129-Identity.js';

export const MIGRATIONS = [Foundation1764288000000, AuditLog1795877182843, Identity1795878376129];
