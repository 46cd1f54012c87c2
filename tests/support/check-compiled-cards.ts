/**
 * Loaded by mocha before every suite (.mocharc.json): every card a test binds through a
 * compiled template is bound by adaptivecards-templating as well and must be the same
 * (src/cards/compiled-template.ts), so the whole suite checks the compiled subset.
 */
import { checkCompiledCards } from '../../src/cards/card-renderer';

checkCompiledCards(true);
