import { characterRuleCheck } from '../util/character-rule.js';

export const passwordPolicyRequireUppercase = characterRuleCheck({
  id: 'iam.password-policy.require-uppercase',
  setting: 'requireUppercaseCharacters',
});
