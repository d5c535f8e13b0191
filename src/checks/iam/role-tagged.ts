import { taggedCheck } from '../util/tagged.js';

export const roleTagged = taggedCheck({
  id: 'iam.role.tagged',
  kind: 'role',
});
