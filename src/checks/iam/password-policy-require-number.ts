import { characterRuleCheck } from '../util/character-rule.js';

export const passwordPolicyRequireNumber = characterRuleCheck({
  id: 'iam.password-policy.require-number',
  setting: 'requireNumbers',
});
