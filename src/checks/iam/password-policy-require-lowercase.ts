import { characterRuleCheck } from '../util/character-rule.js';

export const passwordPolicyRequireLowercase = characterRuleCheck({
  id: 'iam.password-policy.require-lowercase',
  setting: 'requireLowercaseCharacters',
});
