import { characterRuleCheck } from '../util/character-rule.js';

export const passwordPolicyRequireSymbol = characterRuleCheck({
  id: 'iam.password-policy.require-symbol',
  setting: 'requireSymbols',
});
