import { taggedCheck } from '../util/tagged.js';

export const userTagged = taggedCheck({
  id: 'iam.user.tagged',
  kind: 'user',
});
